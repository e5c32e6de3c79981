package access

import (
	"strings"

	"github.com/pluttra/pluttra/internal/pluttra"
)

// ChildrenFilter is the SQL condition (over children aliased c) that lists
// exactly the children the principal may view on day: the list form of the
// child.view rule, and the matrix test proves the two agree.
func ChildrenFilter(p Principal, day pluttra.Date) pluttra.Filter {
	switch {
	case p.Is(pluttra.KindOrgAdmin):
		return pluttra.Filter{SQL: "1 = 1"}
	case p.Is(pluttra.KindStaff) && len(p.Facts.StaffDepartments) > 0:
		in, args := placeholders(p.Facts.StaffDepartments)
		return pluttra.Filter{
			SQL: `c.id IN (SELECT pl.child_id FROM placements pl WHERE pl.org_id = c.org_id
				AND pl.department_id IN (` + in + `)
				AND pl.from_date <= ? AND (pl.to_date IS NULL OR pl.to_date >= ?))`,
			Args: append(args, day, day),
		}
	case p.Is(pluttra.KindGuardian) && len(p.Facts.GuardianChildren) > 0:
		in, args := placeholders(p.Facts.GuardianChildren)
		return pluttra.Filter{SQL: "c.id IN (" + in + ")", Args: args}
	}
	return pluttra.Filter{SQL: "1 = 0"}
}

func placeholders(ids []int64) (string, []any) {
	args := make([]any, len(ids))
	for i, id := range ids {
		args[i] = id
	}
	return strings.TrimSuffix(strings.Repeat("?, ", len(ids)), ", "), args
}
