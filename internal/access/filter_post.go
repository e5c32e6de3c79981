package access

import "github.com/pluttra/pluttra/internal/pluttra"

// PostsFilter is the SQL condition (over published posts aliased po) that
// lists exactly the posts the principal may view on day: the list form of
// the post.view rule, which the matrix test proves equal to Decide.
func PostsFilter(p Principal, day pluttra.Date) pluttra.Filter {
	switch {
	case p.Is(pluttra.KindStaff) && len(p.Facts.StaffDepartments) > 0:
		in, args := placeholders(p.Facts.StaffDepartments)
		return pluttra.Filter{SQL: "po.department_id IN (" + in + ")", Args: args}
	case p.Is(pluttra.KindGuardian) && len(p.Facts.GuardianChildren) > 0:
		mine, ids := placeholders(p.Facts.GuardianChildren)
		var args []any
		args = append(args, ids...) // tagged
		args = append(args, ids...) // placed when published
		args = append(args, ids...) // other families' children
		args = append(args, day, day, day, day)
		// Checked per post: the store reads candidates from the indexes
		// of the guardian's own children (FromChildren) and applies this
		// to those rows only, so a feed page reads tens of posts, not the
		// organisation's.
		return pluttra.Filter{
			SQL: `(EXISTS (SELECT 1 FROM post_children pc WHERE pc.post_id = po.id AND pc.child_id IN (` + mine + `))
				OR (po.audience = 'department' AND EXISTS (SELECT 1 FROM placements pl WHERE pl.org_id = po.org_id
					AND pl.department_id = po.department_id AND pl.child_id IN (` + mine + `)
					AND pl.from_date <= po.published_on AND (pl.to_date IS NULL OR pl.to_date >= po.published_on))))
				AND NOT EXISTS (SELECT 1 FROM post_children pc WHERE pc.post_id = po.id AND pc.child_id NOT IN (` + mine + `)
					AND NOT ` + shareable + `)`,
			Args:         args,
			FromChildren: p.Facts.GuardianChildren,
		}
	}
	return pluttra.Filter{SQL: "1 = 0"}
}

// shareable is true when the child pc.child_id may appear in what other
// families see on the day (four ? for it): no protected identity, at least
// one active guardian, and every active guardian's latest answer shared
// (no answer counts as own). pluttra.EffectiveConsent is the same rule.
const shareable = `(EXISTS (SELECT 1 FROM children sc WHERE sc.org_id = po.org_id AND sc.id = pc.child_id AND NOT sc.protected_identity)
	AND EXISTS (SELECT 1 FROM guardianships g WHERE g.org_id = po.org_id AND g.child_id = pc.child_id
		AND g.from_date <= ? AND (g.to_date IS NULL OR g.to_date >= ?))
	AND NOT EXISTS (SELECT 1 FROM guardianships g WHERE g.org_id = po.org_id AND g.child_id = pc.child_id
		AND g.from_date <= ? AND (g.to_date IS NULL OR g.to_date >= ?)
		AND COALESCE((SELECT k.level FROM consents k WHERE k.org_id = g.org_id AND k.child_id = g.child_id
			AND k.guardian_id = g.guardian_id ORDER BY k.given_at DESC, k.id DESC LIMIT 1), 'own') <> 'shared'))`
