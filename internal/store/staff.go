package store

import (
	"context"
	"database/sql"

	"github.com/pluttra/pluttra/internal/pluttra"
)

// AddStaffMembership makes a staff user principal of a unit or educator of
// a department from m.From.
func (s *Store) AddStaffMembership(ctx context.Context, orgID int64, m *pluttra.StaffMembership) error {
	if err := m.Period.Validate(); err != nil {
		return err
	}
	var unitID, departmentID any
	switch m.Role {
	case pluttra.RolePrincipal:
		if m.UnitID == 0 || m.DepartmentID != 0 {
			return pluttra.Invalid("unit", "error.required")
		}
		unitID = m.UnitID
	case pluttra.RoleEducator:
		if m.DepartmentID == 0 || m.UnitID != 0 {
			return pluttra.Invalid("department", "error.required")
		}
		departmentID = m.DepartmentID
	default:
		return pluttra.Invalid("role", "error.invalid")
	}
	var kind string
	err := s.queryRow(ctx, `SELECT kind FROM users WHERE org_id = ? AND id = ?`, orgID, m.UserID).Scan(&kind)
	if err != nil {
		return domainError(err, "user", "")
	}
	if kind != string(pluttra.KindStaff) {
		return pluttra.Invalid("user", "error.not_staff")
	}
	err = s.change(ctx, orgID, pluttra.ChangeMembershipAdd, "membership", func(tx *txn) (int64, int64, error) {
		id, err := tx.insert(ctx, `INSERT INTO staff_memberships (org_id, user_id, role, unit_id, department_id, from_date, to_date)
			VALUES (?, ?, ?, ?, ?, ?, ?) RETURNING id`, orgID, m.UserID, m.Role, unitID, departmentID, m.From, m.To)
		m.ID = id
		return id, 0, err
	})
	if err != nil {
		return domainError(err, "staff membership", "error.conflict")
	}
	m.OrgID = orgID
	return nil
}

// EndStaffMembership makes last the final day of the membership.
func (s *Store) EndStaffMembership(ctx context.Context, orgID, membershipID int64, last pluttra.Date) error {
	return s.endPeriod(ctx, "staff_memberships", "membership", orgID, membershipID, last, false)
}

// StaffMemberships lists every membership of a user, ended ones included.
func (s *Store) StaffMemberships(ctx context.Context, orgID, userID int64) ([]pluttra.StaffMembership, error) {
	rows, err := s.query(ctx, `SELECT id, org_id, user_id, role, COALESCE(unit_id, 0), COALESCE(department_id, 0), from_date, to_date
		FROM staff_memberships WHERE org_id = ? AND user_id = ? ORDER BY from_date, id`, orgID, userID)
	return collect(rows, err, func(r *sql.Rows) (pluttra.StaffMembership, error) {
		var m pluttra.StaffMembership
		err := r.Scan(&m.ID, &m.OrgID, &m.UserID, &m.Role, &m.UnitID, &m.DepartmentID, &m.From, &m.To)
		return m, err
	})
}

// DepartmentStaff lists the active educators of a department on day.
func (s *Store) DepartmentStaff(ctx context.Context, orgID, departmentID int64, day pluttra.Date) ([]pluttra.User, error) {
	rows, err := s.query(ctx, `SELECT DISTINCT `+userColumns+` FROM users u
		JOIN staff_memberships m ON m.org_id = u.org_id AND m.user_id = u.id
		WHERE u.org_id = ? AND m.department_id = ? AND u.active = ? AND `+activeOn("m")+`
		ORDER BY u.name, u.id`, orgID, departmentID, true, day, day)
	return collect(rows, err, func(r *sql.Rows) (pluttra.User, error) { return scanUser(r) })
}
