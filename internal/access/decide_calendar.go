package access

import (
	"slices"

	"github.com/pluttra/pluttra/internal/pluttra"
)

// CalendarScope is whose calendars the principal sees today: staff their
// departments (a principal every department of their units) and their
// units; a guardian the departments their children are placed in today
// and those departments' units; anyone else nothing.
func CalendarScope(p Principal) pluttra.CalendarScope {
	f := p.Facts
	switch {
	case p.Is(pluttra.KindStaff):
		units := slices.Compact(slices.Sorted(slices.Values(append(slices.Clone(f.PrincipalUnits), f.EducatorUnits...))))
		return pluttra.CalendarScope{DepartmentIDs: f.StaffDepartments, UnitIDs: units}
	case p.Is(pluttra.KindGuardian):
		return pluttra.CalendarScope{DepartmentIDs: f.GuardianDepartments, UnitIDs: f.GuardianUnits}
	}
	return pluttra.CalendarScope{}
}

// decideEvent: an event is seen by those whose calendar scope holds its
// department (or, for a unit's own event, its unit); the org admin knows
// the structure but not the calendars. It is kept by the staff who see
// its department, and a unit's own event by the unit's principal.
func decideEvent(p Principal, a Action, f *pluttra.CalendarEventFacts) Decision {
	if f == nil {
		return Hidden
	}
	view := viewEvent(p, f)
	if a == ViewEvent || view != Allow {
		return view
	}
	if p.Is(pluttra.KindStaff) {
		if f.DepartmentID != 0 && pluttra.Contains(p.Facts.StaffDepartments, f.DepartmentID) {
			return Allow
		}
		if f.DepartmentID == 0 && pluttra.Contains(p.Facts.PrincipalUnits, f.UnitID) {
			return Allow
		}
	}
	return Deny
}

func viewEvent(p Principal, f *pluttra.CalendarEventFacts) Decision {
	scope := CalendarScope(p)
	if f.DepartmentID != 0 && pluttra.Contains(scope.DepartmentIDs, f.DepartmentID) {
		return Allow
	}
	if f.DepartmentID == 0 && pluttra.Contains(scope.UnitIDs, f.UnitID) {
		return Allow
	}
	if p.Is(pluttra.KindOrgAdmin) {
		return Deny
	}
	return Hidden
}

// unitCalendar: a unit's own calendar is kept by its principal; others
// who see the unit are refused.
func unitCalendar(p Principal, view Decision, unitID int64) Decision {
	if view == Allow && p.Is(pluttra.KindStaff) && pluttra.Contains(p.Facts.PrincipalUnits, unitID) {
		return Allow
	}
	return denyIfVisible(view)
}
