package roster

import (
	"github.com/pluttra/pluttra/internal/pluttra"
)

// Plan works out what importing r into an organisation in state s means on
// day today. Units and departments are matched by name and created when
// missing; children and guardians by the municipality's ids. A child the
// organisation has from an earlier import and the file no longer names has
// its placement ended yesterday, as has a guardianship the file no longer
// names. Importing the same file twice plans nothing the second time.
func Plan(r *Roster, s *pluttra.RosterState, today pluttra.Date) *pluttra.ImportPlan {
	if r.Kind == KindStaff {
		return planStaff(r, s, today)
	}
	p := &pluttra.ImportPlan{}
	extOf := make(map[int64]string, len(s.Guardians))
	for ext, u := range s.Guardians {
		extOf[u.ID] = ext
	}
	newUnit := map[string]bool{}
	newDept := map[pluttra.DeptKey]bool{}
	for _, c := range r.Children {
		k := pluttra.DeptKey{Unit: c.Unit, Department: c.Department}
		if _, ok := s.Units[c.Unit]; !ok && !newUnit[c.Unit] {
			newUnit[c.Unit] = true
			p.NewUnits = append(p.NewUnits, c.Unit)
		}
		if _, ok := s.Departments[k]; !ok && !newDept[k] {
			newDept[k] = true
			p.NewDepartments = append(p.NewDepartments, k)
		}
	}

	inFile := map[string]bool{}
	for _, c := range r.Children {
		inFile[c.ExtID] = true
		want := pluttra.Child{FirstName: c.FirstName, LastName: c.LastName, BirthDate: c.BirthDate, ProtectedIdentity: c.Protected}
		k := pluttra.DeptKey{Unit: c.Unit, Department: c.Department}
		have, exists := s.Children[c.ExtID]
		if !exists {
			p.NewChildren = append(p.NewChildren, pluttra.ImportChild{Child: want, ExtID: c.ExtID, Dept: k, From: c.From})
			continue
		}
		want.ID = have.ID
		if have.FirstName != want.FirstName || have.LastName != want.LastName || have.BirthDate != want.BirthDate || have.ProtectedIdentity != want.ProtectedIdentity {
			p.ChangedChildren = append(p.ChangedChildren, pluttra.ImportChild{Child: want, ExtID: c.ExtID})
		}
		if !placedIn(s, have.ID, k) {
			from := c.From
			if from.Before(today) {
				from = today
			}
			p.Moves = append(p.Moves, pluttra.ImportMove{ChildID: have.ID, ExtID: c.ExtID, Dept: k, From: from})
		}
	}
	for ext, c := range s.Children {
		if inFile[ext] {
			continue
		}
		for _, pl := range s.Placements[c.ID] {
			p.EndedPlacements = append(p.EndedPlacements, end(pl.ID, c.ID, pl.Period, today))
		}
	}

	for _, g := range r.Guardians {
		want := pluttra.ImportGuardian{ExtID: g.ExtID, Name: g.Name, Email: g.Email, Language: g.Language}
		have, exists := s.Guardians[g.ExtID]
		if !exists {
			if u, ok := s.UsersByEmail[g.Email]; ok && u.Kind == pluttra.KindGuardian {
				want.ID = u.ID
				p.ChangedGuardians = append(p.ChangedGuardians, want)
				continue
			}
			p.NewGuardians = append(p.NewGuardians, want)
			continue
		}
		want.ID = have.ID
		if have.Name != want.Name || have.Email != want.Email || (want.Language != "" && have.Language != want.Language) {
			p.ChangedGuardians = append(p.ChangedGuardians, want)
		}
	}
	for _, c := range r.Children {
		have, exists := s.Children[c.ExtID]
		wanted := map[string]bool{}
		for _, gext := range c.Guardians {
			wanted[gext] = true
			if exists && guardianOf(s, have.ID, gext) {
				continue
			}
			// A new child's guardians are its guardians from its placement
			// on; a guardian added to a known child, from today.
			from := c.From
			if exists {
				from = today
			}
			p.NewGuardianships = append(p.NewGuardianships, pluttra.ImportLink{ChildExt: c.ExtID, GuardianExt: gext, From: from})
		}
		if !exists {
			continue
		}
		for _, gs := range s.Guardianships[have.ID] {
			if ext := extOf[gs.GuardianID]; ext != "" && !wanted[ext] {
				p.EndedGuardianships = append(p.EndedGuardianships, end(gs.ID, have.ID, gs.Period, today))
			}
		}
	}
	return p
}

// placedIn reports whether the child has an open placement in the department.
func placedIn(s *pluttra.RosterState, childID int64, k pluttra.DeptKey) bool {
	id, ok := s.Departments[k]
	if !ok {
		return false
	}
	for _, pl := range s.Placements[childID] {
		if pl.DepartmentID == id {
			return true
		}
	}
	return false
}

func guardianOf(s *pluttra.RosterState, childID int64, gext string) bool {
	g, ok := s.Guardians[gext]
	if !ok {
		return false
	}
	for _, gs := range s.Guardianships[childID] {
		if gs.GuardianID == g.ID {
			return true
		}
	}
	return false
}

// end ends a period yesterday, or removes it when it starts today or
// later: it never took effect.
func end(id, childID int64, p pluttra.Period, today pluttra.Date) pluttra.ImportEnd {
	if !p.From.Before(today) {
		return pluttra.ImportEnd{ID: id, ChildID: childID, Remove: true}
	}
	return pluttra.ImportEnd{ID: id, ChildID: childID, Last: today.AddDays(-1)}
}
