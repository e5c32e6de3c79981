package access

import "github.com/pluttra/pluttra/internal/pluttra"

// documentation is for the staff who see the department: the org admin,
// who sees the structure, is refused, and so is a guardian.
func documentation(p Principal, view Decision) Decision {
	if view == Allow && !p.Is(pluttra.KindStaff) {
		return Deny
	}
	return view
}

// denyIfVisible turns an allowed view into a refusal, leaving hidden
// things hidden.
func denyIfVisible(view Decision) Decision {
	if view == Allow {
		return Deny
	}
	return view
}

// decidePost applies docs/design.md section 2 to one post.
func decidePost(p Principal, a Action, f *pluttra.PostFacts) Decision {
	if f == nil {
		return Hidden
	}
	view := viewPost(p, f)
	if a == ViewPost || view != Allow {
		return view
	}
	if a == CommentOnPost || a == HeartPost {
		if f.Draft {
			return Deny // nothing to answer before it is published
		}
		return Allow
	}
	// EditPost: the author while still in the department, or the principal
	// of its unit; a draft only its author.
	if p.Is(pluttra.KindStaff) && (p.User.ID == f.AuthorID || (!f.Draft && pluttra.Contains(p.Facts.PrincipalUnits, f.UnitID))) {
		return Allow
	}
	return Deny
}

func viewPost(p Principal, f *pluttra.PostFacts) Decision {
	facts := p.Facts
	switch {
	case p.Is(pluttra.KindOrgAdmin):
		// The admin knows the department exists, never its documentation.
		if f.Draft {
			return Hidden
		}
		return Deny
	case p.Is(pluttra.KindStaff):
		if !pluttra.Contains(facts.StaffDepartments, f.DepartmentID) {
			return Hidden
		}
		if f.Draft && p.User.ID != f.AuthorID {
			return Hidden // a draft is its author's until published
		}
		return Allow
	case p.Is(pluttra.KindGuardian):
		if f.Draft {
			return Hidden
		}
		mine := facts.GuardianChildren
		reaches := overlaps(f.Tagged, mine) || (f.Audience == pluttra.AudienceDepartment && overlaps(f.PlacedAtPublish, mine))
		if !reaches {
			return Hidden
		}
		// A tagged child of another family whose consent no longer allows
		// it takes the post away from everyone but the child's own family.
		for _, c := range f.Restricted {
			if !pluttra.Contains(mine, c) {
				return Hidden
			}
		}
		return Allow
	}
	return Hidden
}

func overlaps(a, b []int64) bool {
	for _, x := range a {
		if pluttra.Contains(b, x) {
			return true
		}
	}
	return false
}
