package store

import (
	"context"
	"database/sql"
	"time"

	"github.com/pluttra/pluttra/internal/pluttra"
)

// RosterState reads what an import compares against, in a handful of
// queries whatever the size of the organisation.
func (s *Store) RosterState(ctx context.Context, orgID int64, day pluttra.Date) (*pluttra.RosterState, error) {
	st := &pluttra.RosterState{Units: map[string]int64{}, Departments: map[pluttra.DeptKey]int64{},
		Children: map[string]pluttra.Child{}, Guardians: map[string]pluttra.User{}, UsersByEmail: map[string]pluttra.User{},
		Placements: map[int64][]pluttra.Placement{}, Guardianships: map[int64][]pluttra.Guardianship{},
		Staff: map[string]pluttra.User{}, StaffByEmail: map[string]pluttra.User{}, Memberships: map[int64][]pluttra.StaffMembership{}}
	units, err := s.Units(ctx, orgID)
	if err != nil {
		return nil, err
	}
	unitName := map[int64]string{}
	for _, u := range units {
		st.Units[u.Name] = u.ID
		unitName[u.ID] = u.Name
	}
	depts, err := s.Departments(ctx, orgID)
	if err != nil {
		return nil, err
	}
	for _, d := range depts {
		st.Departments[pluttra.DeptKey{Unit: unitName[d.UnitID], Department: d.Name}] = d.ID
	}
	err = s.each(ctx, func(r *sql.Rows) error {
		var ext string
		c, err := scanChildAnd(r, &ext)
		st.Children[ext] = c
		return err
	}, `SELECT `+childColumns+`, c.external_id FROM children c WHERE c.org_id = ? AND c.external_id <> ''`, orgID)
	if err != nil {
		return nil, err
	}
	err = s.each(ctx, func(r *sql.Rows) error {
		var ext string
		var u pluttra.User
		err := r.Scan(&u.ID, &u.OrgID, &u.Kind, &u.Email, &u.Name, &u.Language, &u.PasswordHash, &u.Active, &u.CreatedAt, &ext)
		switch {
		case u.Kind == pluttra.KindGuardian && ext != "":
			st.Guardians[ext] = u
		case u.Kind == pluttra.KindGuardian:
			st.UsersByEmail[u.Email] = u
		case ext != "":
			st.Staff[ext] = u
		default:
			st.StaffByEmail[u.Email] = u
		}
		return err
	}, `SELECT `+userColumns+`, u.external_id FROM users u WHERE u.org_id = ? AND u.kind IN ('guardian', 'staff')`, orgID)
	if err != nil {
		return nil, err
	}
	err = s.each(ctx, func(r *sql.Rows) error {
		var m pluttra.StaffMembership
		err := r.Scan(&m.ID, &m.OrgID, &m.UserID, &m.Role, &m.UnitID, &m.DepartmentID, &m.From, &m.To)
		st.Memberships[m.UserID] = append(st.Memberships[m.UserID], m)
		return err
	}, `SELECT m.id, m.org_id, m.user_id, m.role, COALESCE(m.unit_id, 0), COALESCE(m.department_id, 0), m.from_date, m.to_date
		FROM staff_memberships m WHERE m.org_id = ? AND (m.to_date IS NULL OR m.to_date >= ?)`, orgID, day)
	if err != nil {
		return nil, err
	}
	err = s.each(ctx, func(r *sql.Rows) error {
		var p pluttra.Placement
		err := r.Scan(&p.ID, &p.OrgID, &p.ChildID, &p.DepartmentID, &p.From, &p.To)
		st.Placements[p.ChildID] = append(st.Placements[p.ChildID], p)
		return err
	}, `SELECT p.id, p.org_id, p.child_id, p.department_id, p.from_date, p.to_date FROM placements p
		JOIN children c ON c.org_id = p.org_id AND c.id = p.child_id
		WHERE p.org_id = ? AND c.external_id <> '' AND (p.to_date IS NULL OR p.to_date >= ?)`, orgID, day)
	if err != nil {
		return nil, err
	}
	err = s.each(ctx, func(r *sql.Rows) error {
		var g pluttra.Guardianship
		err := r.Scan(&g.ID, &g.OrgID, &g.ChildID, &g.GuardianID, &g.From, &g.To)
		st.Guardianships[g.ChildID] = append(st.Guardianships[g.ChildID], g)
		return err
	}, `SELECT g.id, g.org_id, g.child_id, g.guardian_id, g.from_date, g.to_date FROM guardianships g
		JOIN children c ON c.org_id = g.org_id AND c.id = g.child_id
		WHERE g.org_id = ? AND c.external_id <> '' AND (g.to_date IS NULL OR g.to_date >= ?)`, orgID, day)
	if err != nil {
		return nil, err
	}
	return st, nil
}

func scanChildAnd(r *sql.Rows, extra ...any) (pluttra.Child, error) {
	var c pluttra.Child
	err := r.Scan(append([]any{&c.ID, &c.OrgID, &c.FirstName, &c.LastName, &c.BirthDate, &c.ProtectedIdentity}, extra...)...)
	return c, err
}

// each runs fn for every row of a read query.
func (s *Store) each(ctx context.Context, fn func(*sql.Rows) error, q string, args ...any) error {
	rows, err := s.query(ctx, q, args...)
	if err != nil {
		return err
	}
	defer rows.Close()
	for rows.Next() {
		if err := fn(rows.Rows); err != nil {
			return err
		}
	}
	return rows.Err()
}

// ApplyImportPlan applies the plan in one transaction, resolving the
// municipality's ids to ours as units, departments, children and guardians
// come into being.
func (s *Store) ApplyImportPlan(ctx context.Context, orgID int64, p *pluttra.ImportPlan) error {
	// A large municipality's records are tens of thousands of rows.
	ctx = bulk(ctx)
	err := s.change(ctx, orgID, pluttra.ChangeImport, "organisation", func(tx *txn) (int64, int64, error) {
		return orgID, 0, s.applyPlan(ctx, tx, orgID, p)
	})
	return domainError(err, "organisation", "import.error.conflict")
}

func (s *Store) applyPlan(ctx context.Context, tx *txn, orgID int64, p *pluttra.ImportPlan) error {
	units := map[string]int64{}
	for _, name := range p.NewUnits {
		id, err := tx.insert(ctx, `INSERT INTO units (org_id, name, address) VALUES (?, ?, '') RETURNING id`, orgID, name)
		if err != nil {
			return err
		}
		units[name] = id
	}
	unitID := func(name string) (int64, error) {
		if id, ok := units[name]; ok {
			return id, nil
		}
		var id int64
		err := tx.queryRow(ctx, `SELECT id FROM units WHERE org_id = ? AND name = ? ORDER BY id LIMIT 1`, orgID, name).Scan(&id)
		units[name] = id
		return id, err
	}
	depts := map[pluttra.DeptKey]int64{}
	deptID := func(k pluttra.DeptKey) (int64, error) {
		if id, ok := depts[k]; ok {
			return id, nil
		}
		u, err := unitID(k.Unit)
		if err != nil {
			return 0, err
		}
		var id int64
		err = tx.queryRow(ctx, `SELECT id FROM departments WHERE org_id = ? AND unit_id = ? AND name = ? ORDER BY id LIMIT 1`, orgID, u, k.Department).Scan(&id)
		depts[k] = id
		return id, err
	}
	for _, k := range p.NewDepartments {
		u, err := unitID(k.Unit)
		if err != nil {
			return err
		}
		if depts[k], err = tx.insert(ctx, `INSERT INTO departments (org_id, unit_id, name) VALUES (?, ?, ?) RETURNING id`, orgID, u, k.Department); err != nil {
			return err
		}
	}
	children := map[string]int64{}
	for _, c := range p.NewChildren {
		d, err := deptID(c.Dept)
		if err != nil {
			return err
		}
		id, err := tx.insert(ctx, `INSERT INTO children (org_id, first_name, last_name, birth_date, protected_identity, external_id)
			VALUES (?, ?, ?, ?, ?, ?) RETURNING id`, orgID, c.FirstName, c.LastName, c.BirthDate, c.ProtectedIdentity, c.ExtID)
		if err != nil {
			return err
		}
		children[c.ExtID] = id
		if _, err := tx.exec(ctx, `INSERT INTO placements (org_id, child_id, department_id, from_date) VALUES (?, ?, ?, ?)`, orgID, id, d, c.From); err != nil {
			return err
		}
	}
	for _, c := range p.ChangedChildren {
		children[c.ExtID] = c.ID
		if _, err := tx.exec(ctx, `UPDATE children SET first_name = ?, last_name = ?, birth_date = ?, protected_identity = ? WHERE org_id = ? AND id = ?`,
			c.FirstName, c.LastName, c.BirthDate, c.ProtectedIdentity, orgID, c.ID); err != nil {
			return err
		}
	}
	for _, m := range p.Moves {
		d, err := deptID(m.Dept)
		if err != nil {
			return err
		}
		if _, err := tx.exec(ctx, `UPDATE placements SET to_date = ? WHERE org_id = ? AND child_id = ? AND (to_date IS NULL OR to_date >= ?)
			AND from_date < ?`, m.From.AddDays(-1), orgID, m.ChildID, m.From, m.From); err != nil {
			return err
		}
		if _, err := tx.exec(ctx, `DELETE FROM placements WHERE org_id = ? AND child_id = ? AND from_date >= ?`, orgID, m.ChildID, m.From); err != nil {
			return err
		}
		if _, err := tx.exec(ctx, `INSERT INTO placements (org_id, child_id, department_id, from_date) VALUES (?, ?, ?, ?)`, orgID, m.ChildID, d, m.From); err != nil {
			return err
		}
	}
	for _, e := range p.EndedPlacements {
		if err := endOrRemove(ctx, tx, "placements", orgID, e); err != nil {
			return err
		}
	}
	guardians := map[string]int64{}
	now := s.now().UTC()
	for _, g := range p.NewGuardians {
		id, err := tx.insert(ctx, `INSERT INTO users (org_id, kind, email, name, language, active, created_at, external_id)
			VALUES (?, 'guardian', ?, ?, ?, ?, ?, ?) RETURNING id`, orgID, g.Email, g.Name, g.Language, true, now, g.ExtID)
		if err != nil {
			return err
		}
		guardians[g.ExtID] = id
	}
	for _, g := range p.ChangedGuardians {
		guardians[g.ExtID] = g.ID
		if _, err := tx.exec(ctx, `UPDATE users SET name = ?, email = ?, language = CASE WHEN ? = '' THEN language ELSE ? END, external_id = ?
			WHERE org_id = ? AND id = ?`, g.Name, g.Email, g.Language, g.Language, g.ExtID, orgID, g.ID); err != nil {
			return err
		}
	}
	for _, l := range p.NewGuardianships {
		child, ok := children[l.ChildExt]
		if !ok {
			if err := tx.queryRow(ctx, `SELECT id FROM children WHERE org_id = ? AND external_id = ?`, orgID, l.ChildExt).Scan(&child); err != nil {
				return err
			}
		}
		guardian, ok := guardians[l.GuardianExt]
		if !ok {
			if err := tx.queryRow(ctx, `SELECT id FROM users WHERE org_id = ? AND external_id = ?`, orgID, l.GuardianExt).Scan(&guardian); err != nil {
				return err
			}
		}
		if _, err := tx.exec(ctx, `INSERT INTO guardianships (org_id, child_id, guardian_id, from_date) VALUES (?, ?, ?, ?)`, orgID, child, guardian, l.From); err != nil {
			return err
		}
	}
	for _, e := range p.EndedGuardianships {
		if err := endOrRemove(ctx, tx, "guardianships", orgID, e); err != nil {
			return err
		}
	}
	return applyStaff(ctx, tx, now, orgID, p, unitID, deptID)
}

// applyStaff is the staff part of a plan.
func applyStaff(ctx context.Context, tx *txn, now time.Time, orgID int64, p *pluttra.ImportPlan,
	unitID func(string) (int64, error), deptID func(pluttra.DeptKey) (int64, error)) error {
	staff := map[string]int64{}
	for _, m := range p.NewStaff {
		id, err := tx.insert(ctx, `INSERT INTO users (org_id, kind, email, name, language, active, created_at, external_id)
			VALUES (?, 'staff', ?, ?, '', ?, ?, ?) RETURNING id`, orgID, m.Email, m.Name, true, now, m.ExtID)
		if err != nil {
			return err
		}
		staff[m.ExtID] = id
	}
	for _, m := range p.ChangedStaff {
		staff[m.ExtID] = m.ID
		if _, err := tx.exec(ctx, `UPDATE users SET name = ?, email = ?, external_id = ? WHERE org_id = ? AND id = ?`,
			m.Name, m.Email, m.ExtID, orgID, m.ID); err != nil {
			return err
		}
	}
	for _, rl := range p.NewMemberships {
		user, ok := staff[rl.StaffExt]
		if !ok {
			if err := tx.queryRow(ctx, `SELECT id FROM users WHERE org_id = ? AND external_id = ?`, orgID, rl.StaffExt).Scan(&user); err != nil {
				return err
			}
		}
		var unit, dept any
		if rl.Role == pluttra.RolePrincipal {
			u, err := unitID(rl.Dept.Unit)
			if err != nil {
				return err
			}
			unit = u
		} else {
			d, err := deptID(rl.Dept)
			if err != nil {
				return err
			}
			dept = d
		}
		if _, err := tx.exec(ctx, `INSERT INTO staff_memberships (org_id, user_id, role, unit_id, department_id, from_date)
			VALUES (?, ?, ?, ?, ?, ?)`, orgID, user, rl.Role, unit, dept, rl.From); err != nil {
			return err
		}
	}
	for _, e := range p.EndedMemberships {
		if err := endOrRemove(ctx, tx, "staff_memberships", orgID, e); err != nil {
			return err
		}
	}
	return nil
}

func endOrRemove(ctx context.Context, tx *txn, table string, orgID int64, e pluttra.ImportEnd) error {
	if e.Remove {
		_, err := tx.exec(ctx, `DELETE FROM `+table+` WHERE org_id = ? AND id = ?`, orgID, e.ID)
		return err
	}
	_, err := tx.exec(ctx, `UPDATE `+table+` SET to_date = ? WHERE org_id = ? AND id = ?`, e.Last, orgID, e.ID)
	return err
}
