package access

import "github.com/pluttra/pluttra/internal/pluttra"

// decideTalk: a talk's time exists for the staff of its department (its
// educators today and the unit's principal) and, once booked, for the
// booked child's active guardians; other families never learn whose it
// is, and the org admin reads no talk. Either side may cancel before it
// begins; the family prepares, the staff keep the times and summaries.
func decideTalk(p Principal, a Action, f *pluttra.TalkFacts) Decision {
	if f == nil {
		return Hidden
	}
	staff := p.Is(pluttra.KindStaff) && pluttra.Contains(p.Facts.StaffDepartments, f.DepartmentID)
	family := p.Is(pluttra.KindGuardian) && f.ChildID != 0 && pluttra.Contains(p.Facts.GuardianChildren, f.ChildID)
	if !staff && !family {
		return Hidden
	}
	switch a {
	case ViewTalk:
		return Allow
	case CancelTalk:
		if f.ChildID != 0 {
			return Allow
		}
	case PrepareTalk:
		if family {
			return Allow
		}
	case ManageTalk:
		if staff {
			return Allow
		}
	}
	return Deny
}
