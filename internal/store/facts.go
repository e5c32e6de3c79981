package store

import (
	"context"
	"database/sql"
	"sort"

	"github.com/pluttra/pluttra/internal/pluttra"
)

// PrincipalFacts gathers, for one user on one day, the departments and units
// they see as staff and the children they are guardian of, with where those
// children are placed.
func (s *Store) PrincipalFacts(ctx context.Context, orgID, userID int64, day pluttra.Date) (*pluttra.PrincipalFacts, error) {
	f := &pluttra.PrincipalFacts{}
	var err error
	if f.PrincipalUnits, err = s.ids(ctx, `SELECT unit_id FROM staff_memberships m
		WHERE m.org_id = ? AND m.user_id = ? AND m.role = 'principal' AND `+activeOn("m"), orgID, userID, day, day); err != nil {
		return nil, err
	}
	if f.StaffDepartments, err = s.ids(ctx, `SELECT m.department_id FROM staff_memberships m
		WHERE m.org_id = ? AND m.user_id = ? AND m.role = 'educator' AND `+activeOn("m")+`
		UNION SELECT d.id FROM departments d JOIN staff_memberships m
		  ON m.org_id = d.org_id AND m.unit_id = d.unit_id AND m.role = 'principal'
		WHERE d.org_id = ? AND m.user_id = ? AND `+activeOn("m"),
		orgID, userID, day, day, orgID, userID, day, day); err != nil {
		return nil, err
	}
	if f.EducatorUnits, err = s.ids(ctx, `SELECT DISTINCT d.unit_id FROM departments d JOIN staff_memberships m
		  ON m.org_id = d.org_id AND m.department_id = d.id
		WHERE d.org_id = ? AND m.user_id = ? AND m.role = 'educator' AND `+activeOn("m"), orgID, userID, day, day); err != nil {
		return nil, err
	}
	if f.GuardianChildren, err = s.ids(ctx, `SELECT DISTINCT g.child_id FROM guardianships g
		WHERE g.org_id = ? AND g.guardian_id = ? AND `+activeOn("g"), orgID, userID, day, day); err != nil {
		return nil, err
	}
	if f.GuardianDepartments, err = s.ids(ctx, `SELECT DISTINCT p.department_id FROM placements p
		JOIN guardianships g ON g.org_id = p.org_id AND g.child_id = p.child_id
		WHERE p.org_id = ? AND g.guardian_id = ? AND `+activeOn("g")+` AND `+activeOn("p"),
		orgID, userID, day, day, day, day); err != nil {
		return nil, err
	}
	if f.GuardianUnits, err = s.ids(ctx, `SELECT DISTINCT d.unit_id FROM departments d
		JOIN placements p ON p.org_id = d.org_id AND p.department_id = d.id
		JOIN guardianships g ON g.org_id = p.org_id AND g.child_id = p.child_id
		WHERE d.org_id = ? AND g.guardian_id = ? AND `+activeOn("g")+` AND `+activeOn("p"),
		orgID, userID, day, day, day, day); err != nil {
		return nil, err
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
