package store

import (
	"context"
	"database/sql"
	"strings"

	"github.com/pluttra/pluttra/internal/pluttra"
)

const childColumns = `c.id, c.org_id, c.first_name, c.last_name, c.birth_date, c.protected_identity`

func scanChild(r interface{ Scan(...any) error }) (pluttra.Child, error) {
	var c pluttra.Child
	err := r.Scan(&c.ID, &c.OrgID, &c.FirstName, &c.LastName, &c.BirthDate, &c.ProtectedIdentity)
	return c, err
}

// CreateChild adds a child to the organisation.
func (s *Store) CreateChild(ctx context.Context, orgID int64, c *pluttra.Child) error {
	if strings.TrimSpace(c.FirstName) == "" {
		return pluttra.Invalid("first_name", "error.required")
	}
	err := s.change(ctx, orgID, pluttra.ChangeChildCreate, "child", func(tx *txn) (int64, int64, error) {
		id, err := tx.insert(ctx, `INSERT INTO children (org_id, first_name, last_name, birth_date, protected_identity)
			VALUES (?, ?, ?, ?, ?) RETURNING id`, orgID, c.FirstName, c.LastName, c.BirthDate, c.ProtectedIdentity)
		c.ID = id
		return id, id, err
	})
	if err != nil {
		return domainError(err, "organisation", "error.conflict")
	}
	c.OrgID = orgID
	return nil
}

// UpdateChild changes a child's names, birth date and protected identity.
func (s *Store) UpdateChild(ctx context.Context, orgID int64, c *pluttra.Child) error {
	if strings.TrimSpace(c.FirstName) == "" {
		return pluttra.Invalid("first_name", "error.required")
	}
	return s.change(ctx, orgID, pluttra.ChangeChildUpdate, "child", func(tx *txn) (int64, int64, error) {
		res, err := tx.exec(ctx, `UPDATE children SET first_name = ?, last_name = ?, birth_date = ?, protected_identity = ?
			WHERE org_id = ? AND id = ?`, c.FirstName, c.LastName, c.BirthDate, c.ProtectedIdentity, orgID, c.ID)
		return c.ID, c.ID, requireOne(res, err, "child")
	})
}

// Child reads one child of the organisation.
func (s *Store) Child(ctx context.Context, orgID, childID int64) (*pluttra.Child, error) {
	c, err := scanChild(s.queryRow(ctx, `SELECT `+childColumns+` FROM children c
		WHERE c.org_id = ? AND c.id = ?`, orgID, childID))
	if err != nil {
		return nil, domainError(err, "child", "")
	}
	return &c, nil
}

// SetProtectedIdentity marks or unmarks a child's protected identity.
func (s *Store) SetProtectedIdentity(ctx context.Context, orgID, childID int64, protected bool) error {
	return s.change(ctx, orgID, pluttra.ChangeChildProtect, "child", func(tx *txn) (int64, int64, error) {
		res, err := tx.exec(ctx, `UPDATE children SET protected_identity = ? WHERE org_id = ? AND id = ?`,
			protected, orgID, childID)
		return childID, childID, requireOne(res, err, "child")
	})
}

// Children lists the organisation's children that match the access filter.
func (s *Store) Children(ctx context.Context, orgID int64, filter pluttra.Filter) ([]pluttra.Child, error) {
	cond := "1 = 1"
	if filter.SQL != "" {
		cond = filter.SQL
	}
	args := append([]any{orgID}, filter.Args...)
	rows, err := s.query(ctx, `SELECT `+childColumns+` FROM children c
		WHERE c.org_id = ? AND (`+cond+`) ORDER BY c.first_name, c.last_name, c.id`, args...)
	return collect(rows, err, func(r *sql.Rows) (pluttra.Child, error) { return scanChild(r) })
}

// ChildrenInDepartment lists the children placed in the department on day.
func (s *Store) ChildrenInDepartment(ctx context.Context, orgID, departmentID int64, day pluttra.Date) ([]pluttra.Child, error) {
	rows, err := s.query(ctx, `SELECT DISTINCT `+childColumns+` FROM children c
		JOIN placements p ON p.org_id = c.org_id AND p.child_id = c.id
		WHERE c.org_id = ? AND p.department_id = ? AND `+activeOn("p")+`
		ORDER BY c.first_name, c.last_name, c.id`, orgID, departmentID, day, day)
	return collect(rows, err, func(r *sql.Rows) (pluttra.Child, error) { return scanChild(r) })
}

// activeOn is the condition that a from/to row covers a day given twice as
// the next two arguments.
func activeOn(alias string) string {
	return "(" + alias + ".from_date <= ? AND (" + alias + ".to_date IS NULL OR " + alias + ".to_date >= ?))"
}
