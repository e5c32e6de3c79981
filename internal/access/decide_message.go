package access

import "github.com/pluttra/pluttra/internal/pluttra"

// decideMessage: an important message exists for its recipients and for
// the staff of where it was sent (its department, or for a whole unit
// every educator of the unit and its principal). Staff see the receipts;
// recipients acknowledge when the message asks them to. Anyone else,
// the org admin too, never learns of it.
func decideMessage(p Principal, a Action, f *pluttra.MessageFacts) Decision {
	if f == nil {
		return Hidden
	}
	recipient := p.Is(pluttra.KindGuardian) && f.Recipient
	staff := p.Is(pluttra.KindStaff) && staffOfMessage(p.Facts, f)
	if !recipient && !staff {
		return Hidden
	}
	switch a {
	case ViewMessage:
		return Allow
	case AckMessage:
		if recipient && f.RequiresAck {
			return Allow
		}
	case ViewReceipts:
		if staff {
			return Allow
		}
	}
	return Deny
}

// staffOfMessage: staff today where the message was sent; having sent it
// is not enough once they have left.
func staffOfMessage(f pluttra.PrincipalFacts, m *pluttra.MessageFacts) bool {
	if m.DepartmentID != 0 {
		return pluttra.Contains(f.StaffDepartments, m.DepartmentID)
	}
	return pluttra.Contains(f.PrincipalUnits, m.UnitID) || pluttra.Contains(f.EducatorUnits, m.UnitID)
}

// leadsUnit lets the unit's principal do what others who see the unit may
// not: send to every family of the unit.
func leadsUnit(p Principal, view Decision, unitID int64) Decision {
	if view != Allow {
		return view
	}
	if p.Is(pluttra.KindStaff) && pluttra.Contains(p.Facts.PrincipalUnits, unitID) {
		return Allow
	}
	return Deny
}

// decideConversation: a conversation exists for the guardians taking part
// while they are the child's guardians, and for every current educator of
// its department (and the unit's principal); reading is answering.
func decideConversation(p Principal, f *pluttra.ConversationFacts) Decision {
	if f == nil {
		return Hidden
	}
	switch {
	case p.Is(pluttra.KindStaff) && pluttra.Contains(p.Facts.StaffDepartments, f.DepartmentID):
		return Allow
	case p.Is(pluttra.KindGuardian) && f.Member && pluttra.Contains(p.Facts.GuardianChildren, f.ChildID):
		return Allow
	}
	return Hidden
}
