package store

import (
	"context"
	"database/sql"
	"strings"

	"github.com/pluttra/pluttra/internal/pluttra"
)

// CreateOrganisation adds a tenant and sets o.ID and o.CreatedAt.
func (s *Store) CreateOrganisation(ctx context.Context, o *pluttra.Organisation) error {
	if strings.TrimSpace(o.Name) == "" {
		return pluttra.Invalid("name", "error.required")
	}
	if strings.TrimSpace(o.Slug) == "" {
		return pluttra.Invalid("slug", "error.required")
	}
	o.CreatedAt = s.now().UTC()
	id, err := s.insert(ctx, `INSERT INTO organisations (slug, name, require_staff_mfa, created_at)
		VALUES (?, ?, ?, ?) RETURNING id`, o.Slug, o.Name, o.RequireStaffMFA, o.CreatedAt)
	if err != nil {
		return domainError(err, "organisation", "error.organisation_exists")
	}
	o.ID, o.AbsenceLateAfter = id, pluttra.DefaultAbsenceLateAfter // the column's default
	return nil
}

// Organisation reads one tenant.
func (s *Store) Organisation(ctx context.Context, orgID int64) (*pluttra.Organisation, error) {
	return s.organisationWhere(ctx, "id = ?", orgID)
}

// OrganisationBySlug reads one tenant by its short name.
func (s *Store) OrganisationBySlug(ctx context.Context, slug string) (*pluttra.Organisation, error) {
	return s.organisationWhere(ctx, "slug = ?", slug)
}

func (s *Store) organisationWhere(ctx context.Context, cond string, arg any) (*pluttra.Organisation, error) {
	var o pluttra.Organisation
	err := s.queryRow(ctx, `SELECT id, slug, name, require_staff_mfa, absence_late_after, created_at
		FROM organisations WHERE `+cond, arg).
		Scan(&o.ID, &o.Slug, &o.Name, &o.RequireStaffMFA, &o.AbsenceLateAfter, &o.CreatedAt)
	if err != nil {
		return nil, domainError(err, "organisation", "")
	}
	return &o, nil
}

// CreateUnit adds a preschool unit to the organisation.
func (s *Store) CreateUnit(ctx context.Context, orgID int64, u *pluttra.Unit) error {
	if strings.TrimSpace(u.Name) == "" {
		return pluttra.Invalid("name", "error.required")
	}
	err := s.change(ctx, orgID, pluttra.ChangeUnitCreate, "unit", func(tx *txn) (int64, int64, error) {
		id, err := tx.insert(ctx, `INSERT INTO units (org_id, name, address) VALUES (?, ?, ?) RETURNING id`,
			orgID, u.Name, u.Address)
		u.ID = id
		return id, 0, err
	})
	if err != nil {
		return domainError(err, "organisation", "error.conflict")
	}
	u.OrgID = orgID
	return nil
}

// UpdateUnit changes a unit's name and address.
func (s *Store) UpdateUnit(ctx context.Context, orgID int64, u *pluttra.Unit) error {
	if strings.TrimSpace(u.Name) == "" {
		return pluttra.Invalid("name", "error.required")
	}
	return s.change(ctx, orgID, pluttra.ChangeUnitUpdate, "unit", func(tx *txn) (int64, int64, error) {
		res, err := tx.exec(ctx, `UPDATE units SET name = ?, address = ? WHERE org_id = ? AND id = ?`, u.Name, u.Address, orgID, u.ID)
		return u.ID, 0, requireOne(res, err, "unit")
	})
}

// Unit reads one unit of the organisation.
func (s *Store) Unit(ctx context.Context, orgID, unitID int64) (*pluttra.Unit, error) {
	u, err := scanUnit(s.queryRow(ctx, `SELECT id, org_id, name, address FROM units
		WHERE org_id = ? AND id = ?`, orgID, unitID))
	if err != nil {
		return nil, domainError(err, "unit", "")
	}
	return &u, nil
}

// Units lists the organisation's units by name.
func (s *Store) Units(ctx context.Context, orgID int64) ([]pluttra.Unit, error) {
	rows, err := s.query(ctx, `SELECT id, org_id, name, address FROM units
		WHERE org_id = ? ORDER BY name, id`, orgID)
	return collect(rows, err, func(r *sql.Rows) (pluttra.Unit, error) { return scanUnit(r) })
}

func scanUnit(r interface{ Scan(...any) error }) (pluttra.Unit, error) {
	var u pluttra.Unit
	err := r.Scan(&u.ID, &u.OrgID, &u.Name, &u.Address)
	return u, err
}

// CreateDepartment adds a department to one of the organisation's units.
func (s *Store) CreateDepartment(ctx context.Context, orgID int64, d *pluttra.Department) error {
	if strings.TrimSpace(d.Name) == "" {
		return pluttra.Invalid("name", "error.required")
	}
	err := s.change(ctx, orgID, pluttra.ChangeDepartmentCreate, "department", func(tx *txn) (int64, int64, error) {
		id, err := tx.insert(ctx, `INSERT INTO departments (org_id, unit_id, name) VALUES (?, ?, ?) RETURNING id`,
			orgID, d.UnitID, d.Name)
		d.ID = id
		return id, 0, err
	})
	if err != nil {
		return domainError(err, "unit", "error.conflict")
	}
	d.OrgID = orgID
	return nil
}

// RenameDepartment changes a department's name.
func (s *Store) RenameDepartment(ctx context.Context, orgID, departmentID int64, name string) error {
	if strings.TrimSpace(name) == "" {
		return pluttra.Invalid("name", "error.required")
	}
	return s.change(ctx, orgID, pluttra.ChangeDepartmentUpdate, "department", func(tx *txn) (int64, int64, error) {
		res, err := tx.exec(ctx, `UPDATE departments SET name = ? WHERE org_id = ? AND id = ?`, name, orgID, departmentID)
		return departmentID, 0, requireOne(res, err, "department")
	})
}

// Department reads one department of the organisation.
func (s *Store) Department(ctx context.Context, orgID, departmentID int64) (*pluttra.Department, error) {
	d, err := scanDepartment(s.queryRow(ctx, `SELECT id, org_id, unit_id, name FROM departments
		WHERE org_id = ? AND id = ?`, orgID, departmentID))
	if err != nil {
		return nil, domainError(err, "department", "")
	}
	return &d, nil
}

// Departments lists the organisation's departments by unit, then name.
func (s *Store) Departments(ctx context.Context, orgID int64) ([]pluttra.Department, error) {
	rows, err := s.query(ctx, `SELECT d.id, d.org_id, d.unit_id, d.name FROM departments d
		JOIN units u ON u.org_id = d.org_id AND u.id = d.unit_id
		WHERE d.org_id = ? ORDER BY u.name, u.id, d.name, d.id`, orgID)
	return collect(rows, err, func(r *sql.Rows) (pluttra.Department, error) { return scanDepartment(r) })
}

func scanDepartment(r interface{ Scan(...any) error }) (pluttra.Department, error) {
	var d pluttra.Department
	err := r.Scan(&d.ID, &d.OrgID, &d.UnitID, &d.Name)
	return d, err
}
