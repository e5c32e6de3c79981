package pluttra

// ConsentProblem names a child a post may not include as it stands, and
// why (an i18n key).
type ConsentProblem struct {
	ChildID int64
	Level   ConsentLevel
	Key     string
}

// CheckConsent applies the publishing rules of photo consent (docs/design.md
// section 3) to a post whose tagged children have the given effective
// levels: a department post, or one tagging several children, may include
// only children at shared, since other families see it; media never
// includes a child at none. A child missing from levels counts as none.
func CheckConsent(p *Post, levels map[int64]ConsentLevel, hasMedia bool) []ConsentProblem {
	var out []ConsentProblem
	seenByOthers := p.Audience == AudienceDepartment || len(p.Children) > 1
	for _, c := range p.Children {
		level, ok := levels[c]
		if !ok {
			level = ConsentNone
		}
		switch {
		case hasMedia && level == ConsentNone:
			out = append(out, ConsentProblem{ChildID: c, Level: level, Key: "consent.problem.none"})
		case seenByOthers && !level.AtLeast(ConsentShared):
			out = append(out, ConsentProblem{ChildID: c, Level: level, Key: "consent.problem.not_shared"})
		}
	}
	return out
}
