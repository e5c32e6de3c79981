package store

import (
	"context"
	"database/sql"
	"slices"
	"sort"

	"github.com/pluttra/pluttra/internal/pluttra"
)

// PrincipalFacts gathers, for one user on one day, the departments and units
// they see as staff and the children they are guardian of, with where those
// children are placed.
func (s *Store) PrincipalFacts(ctx context.Context, orgID, userID int64, day pluttra.Date) (*pluttra.PrincipalFacts, error) {
	// Two plain joins, a row per membership or per child and placement,
	// folded into sorted sets here: SQLite plans a statement with UNION,
	// DISTINCT or ORDER BY anew on every run, which costs more than these.
	f := &pluttra.PrincipalFacts{}
	err := s.each(ctx, func(r *sql.Rows) error {
		var role pluttra.StaffRole
		var unit, dept, deptUnit int64
		if err := r.Scan(&role, &unit, &dept, &deptUnit); err != nil {
			return err
		}
		if role == pluttra.RolePrincipal {
			f.PrincipalUnits = append(f.PrincipalUnits, unit)
		} else if deptUnit != 0 {
			f.EducatorUnits = append(f.EducatorUnits, deptUnit)
		}
		if dept != 0 {
			f.StaffDepartments = append(f.StaffDepartments, dept)
		}
		return nil
	}, `SELECT m.role, COALESCE(m.unit_id, 0), COALESCE(d.id, 0), COALESCE(d.unit_id, 0)
		FROM staff_memberships m
		LEFT JOIN departments d ON d.org_id = m.org_id
			AND (d.unit_id = m.unit_id OR d.id = m.department_id)
		WHERE m.org_id = ? AND m.user_id = ? AND `+activeOn("m"), orgID, userID, day, day)
	if err != nil {
		return nil, err
	}
	err = s.each(ctx, func(r *sql.Rows) error {
		var child, dept, unit int64
		if err := r.Scan(&child, &dept, &unit); err != nil {
			return err
		}
		f.GuardianChildren = append(f.GuardianChildren, child)
		if dept != 0 {
			f.GuardianDepartments = append(f.GuardianDepartments, dept)
			f.GuardianUnits = append(f.GuardianUnits, unit)
		}
		return nil
	}, `SELECT g.child_id, COALESCE(p.department_id, 0), COALESCE(d.unit_id, 0)
		FROM guardianships g
		LEFT JOIN placements p ON p.org_id = g.org_id AND p.child_id = g.child_id AND `+activeOn("p")+`
		LEFT JOIN departments d ON d.org_id = p.org_id AND d.id = p.department_id
		WHERE g.org_id = ? AND g.guardian_id = ? AND `+activeOn("g"), day, day, orgID, userID, day, day)
	if err != nil {
		return nil, err
	}
	for _, ids := range []*[]int64{&f.PrincipalUnits, &f.StaffDepartments, &f.EducatorUnits,
		&f.GuardianChildren, &f.GuardianDepartments, &f.GuardianUnits} {
		slices.Sort(*ids)
		*ids = slices.Compact(*ids)
	}
	return f, nil
}

// ChildFacts tells where a child is placed and who its guardians are on day.
func (s *Store) ChildFacts(ctx context.Context, orgID, childID int64, day pluttra.Date) (*pluttra.ChildFacts, error) {
	if _, err := s.Child(ctx, orgID, childID); err != nil {
		return nil, err
	}
	f := &pluttra.ChildFacts{ChildID: childID}
	var err error
	if f.DepartmentIDs, err = s.ids(ctx, `SELECT DISTINCT p.department_id FROM placements p
		WHERE p.org_id = ? AND p.child_id = ? AND `+activeOn("p"), orgID, childID, day, day); err != nil {
		return nil, err
	}
	if f.UnitIDs, err = s.ids(ctx, `SELECT DISTINCT d.unit_id FROM departments d
		JOIN placements p ON p.org_id = d.org_id AND p.department_id = d.id
		WHERE d.org_id = ? AND p.child_id = ? AND `+activeOn("p"), orgID, childID, day, day); err != nil {
		return nil, err
	}
	if f.GuardianIDs, err = s.ids(ctx, `SELECT DISTINCT g.guardian_id FROM guardianships g
		JOIN users u ON u.org_id = g.org_id AND u.id = g.guardian_id
		WHERE g.org_id = ? AND g.child_id = ? AND u.active = ? AND `+activeOn("g"), orgID, childID, true, day, day); err != nil {
		return nil, err
	}
	return f, nil
}

// DepartmentFacts tells which unit a department belongs to.
func (s *Store) DepartmentFacts(ctx context.Context, orgID, departmentID int64) (*pluttra.DepartmentFacts, error) {
	d, err := s.Department(ctx, orgID, departmentID)
	if err != nil {
		return nil, err
	}
	return &pluttra.DepartmentFacts{DepartmentID: d.ID, UnitID: d.UnitID}, nil
}

// ids runs a query of one integer column and returns the values sorted.
func (s *Store) ids(ctx context.Context, q string, args ...any) ([]int64, error) {
	rows, err := s.query(ctx, q, args...)
	out, err := collect(rows, err, func(r *sql.Rows) (int64, error) {
		var id int64
		err := r.Scan(&id)
		return id, err
	})
	sort.Slice(out, func(i, j int) bool { return out[i] < out[j] })
	return out, err
}
