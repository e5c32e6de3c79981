package access

import "github.com/pluttra/pluttra/internal/pluttra"

// Decide applies the rules to a principal, an action and its target. It is
// pure: the facts are already gathered, so the matrix test can render every
// combination and the answer never depends on anything else.
func Decide(p Principal, a Action, t Target) Decision {
	if !p.LoggedIn() {
		return Login
	}
	kind, known := Actions[a]
	if !known {
		return Hidden
	}
	// Across organisations nothing is visible, not even that it exists.
	if kind != KindSelf && t.OrgID != p.User.OrgID {
		return Hidden
	}
	switch kind {
	case KindSelf:
		return Allow
	case KindOrganisation:
		return decideOrganisation(p, a)
	case KindMessage:
		return decideMessage(p, a, t.Message)
	case KindConversation:
		return decideConversation(p, t.Conversation)
	case KindEvent:
		return decideEvent(p, a, t.Event)
	case KindTalk:
		return decideTalk(p, a, t.Talk)
	case KindUnit:
		if a == SendUnitMessage {
			return leadsUnit(p, decideUnit(p, t.UnitID), t.UnitID)
		}
		if a == ManageUnitCalendar {
			return unitCalendar(p, decideUnit(p, t.UnitID), t.UnitID)
		}
		if a == ManageUnit {
			return manage(p, decideUnit(p, t.UnitID), []int64{t.UnitID})
		}
		return decideUnit(p, t.UnitID)
	case KindPost:
		return decidePost(p, a, t.Post)
	case KindMedia:
		return decideMedia(p, a, t.Media)
	case KindComment:
		return decideComment(p, a, t.Comment)
	case KindDepartment:
		if a == WritePost || a == ViewDeptFeed || a == ViewConsents || a == ReviewPosts || a == ViewAbsences || a == SendMessage || a == ManageDeptCalendar || a == ManageTalks {
			return documentation(p, decideDepartment(p, ViewDepartment, t.Department))
		}
		if a == InviteGuardians {
			return staffOnly(p, decideDepartment(p, ViewDepartment, t.Department))
		}
		if a == ManageDepartment && t.Department != nil {
			return manage(p, decideDepartment(p, ViewDepartment, t.Department), []int64{t.Department.UnitID})
		}
		return decideDepartment(p, a, t.Department)
	case KindChild:
		switch a {
		case ViewChildAccessLog:
			return decideChildAccessLog(p, t.Child)
		case InviteGuardian:
			return staffOnly(p, decideChild(p, t.Child))
		case AnswerConsent:
			// Only the child's own guardians answer; staff who see the
			// child read the answers, they never give them.
			if view := decideChild(p, t.Child); view != Allow || p.Is(pluttra.KindGuardian) {
				return view
			}
			return Deny
		case ViewPortfolio, ReportAbsence, StartConversation, ChildTalks:
			if p.Is(pluttra.KindOrgAdmin) {
				return denyIfVisible(decideChild(p, t.Child))
			}
		case ManageChild:
			if t.Child == nil {
				return Hidden
			}
			return manage(p, decideChild(p, t.Child), t.Child.UnitIDs)
		}
		return decideChild(p, t.Child)
	}
	return Hidden
}

// staffOnly lets staff and the admin do what they can see; a guardian who
// can see it is refused.
func staffOnly(p Principal, view Decision) Decision {
	if view == Allow && p.Is(pluttra.KindGuardian) {
		return Deny
	}
	return view
}

// manage decides an administration action on something the principal's
// view decision already covers: the org admin may, a principal may within
// their units, anyone else who can see it is refused.
func manage(p Principal, view Decision, units []int64) Decision {
	if view != Allow {
		return view
	}
	if p.Is(pluttra.KindOrgAdmin) {
		return Allow
	}
	if p.Is(pluttra.KindStaff) {
		for _, u := range units {
			if pluttra.Contains(p.Facts.PrincipalUnits, u) {
				return Allow
			}
		}
	}
	return Deny
}

func decideOrganisation(p Principal, a Action) Decision {
	if (a == ViewStructure || a == ViewOrgAccessLog || a == ManageOrganisation || a == ViewOutbox || a == SendOutbox || a == ImportRoster) &&
		p.Is(pluttra.KindOrgAdmin) {
		return Allow
	}
	return Deny
}

// decideChildAccessLog: who has accessed a child's data is for the
// principal of the child's unit and the org admin; others who may see the
// child may not see its log.
func decideChildAccessLog(p Principal, c *pluttra.ChildFacts) Decision {
	view := decideChild(p, c)
	if view != Allow {
		return view
	}
	if p.Is(pluttra.KindOrgAdmin) {
		return Allow
	}
	if p.Is(pluttra.KindStaff) {
		for _, u := range c.UnitIDs {
			if pluttra.Contains(p.Facts.PrincipalUnits, u) {
				return Allow
			}
		}
	}
	return Deny
}

func decideUnit(p Principal, unitID int64) Decision {
	f := p.Facts
	switch {
	case p.Is(pluttra.KindOrgAdmin):
		return Allow
	case p.Is(pluttra.KindStaff) && (pluttra.Contains(f.PrincipalUnits, unitID) || pluttra.Contains(f.EducatorUnits, unitID)):
		return Allow
	case p.Is(pluttra.KindGuardian) && pluttra.Contains(f.GuardianUnits, unitID):
		return Allow
	}
	return Hidden
}

func decideDepartment(p Principal, a Action, d *pluttra.DepartmentFacts) Decision {
	if d == nil {
		return Hidden
	}
	f := p.Facts
	switch {
	case p.Is(pluttra.KindOrgAdmin):
		return Allow
	case p.Is(pluttra.KindStaff) && pluttra.Contains(f.StaffDepartments, d.DepartmentID):
		return Allow
	case p.Is(pluttra.KindGuardian) && pluttra.Contains(f.GuardianDepartments, d.DepartmentID):
		// A guardian knows their child's department, but never its child list.
		if a == ViewDepartment {
			return Allow
		}
		return Deny
	}
	return Hidden
}

func decideChild(p Principal, c *pluttra.ChildFacts) Decision {
	if c == nil {
		return Hidden
	}
	f := p.Facts
	switch {
	case p.Is(pluttra.KindOrgAdmin):
		// The admin keeps the child's record (name, placements, guardians);
		// documentation is a separate action the admin never gets.
		return Allow
	case p.Is(pluttra.KindStaff):
		for _, d := range c.DepartmentIDs {
			if pluttra.Contains(f.StaffDepartments, d) {
				return Allow
			}
		}
	case p.Is(pluttra.KindGuardian) && pluttra.Contains(f.GuardianChildren, c.ChildID):
		return Allow
	}
	return Hidden
}
