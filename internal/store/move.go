package store

import (
	"context"
	"database/sql"
	"errors"
	"net/mail"
	"strings"

	"github.com/pluttra/pluttra/internal/pluttra"
)

// MoveChild ends the child's placements open on from (on the day before,
// or on from itself when one starts that day) and places it in the
// department from that day.
func (s *Store) MoveChild(ctx context.Context, orgID, childID, departmentID int64, from pluttra.Date) (*pluttra.Placement, error) {
	p := &pluttra.Placement{OrgID: orgID, ChildID: childID, DepartmentID: departmentID, Period: pluttra.Period{From: from}}
	if err := p.Period.Validate(); err != nil {
		return nil, err
	}
	err := s.change(ctx, orgID, pluttra.ChangePlacementMove, "placement", func(tx *txn) (int64, int64, error) {
		var n int
		if err := tx.queryRow(ctx, `SELECT COUNT(*) FROM children WHERE org_id = ? AND id = ?`, orgID, childID).Scan(&n); err != nil || n == 0 {
			return 0, 0, pluttra.NotFound("child")
		}
		// A placement that starts after the move makes no sense once the
		// child has moved: the move is refused rather than guessed at.
		if err := tx.queryRow(ctx, `SELECT COUNT(*) FROM placements WHERE org_id = ? AND child_id = ? AND from_date >= ?`,
			orgID, childID, from).Scan(&n); err != nil {
			return 0, 0, err
		}
		if n > 0 {
			return 0, 0, pluttra.Invalid("from", "error.placement_later")
		}
		if _, err := tx.exec(ctx, `UPDATE placements SET to_date = ? WHERE org_id = ? AND child_id = ?
			AND from_date < ? AND (to_date IS NULL OR to_date >= ?)`, from.AddDays(-1), orgID, childID, from, from); err != nil {
			return 0, 0, err
		}
		id, err := tx.insert(ctx, `INSERT INTO placements (org_id, child_id, department_id, from_date) VALUES (?, ?, ?, ?) RETURNING id`,
			orgID, childID, departmentID, from)
		p.ID = id
		return id, childID, err
	})
	if err != nil {
		return nil, domainError(err, "department", "error.conflict")
	}
	return p, nil
}

// EnrolChild creates the child and its first placement together, so a
// child is never left without the department it was added to.
func (s *Store) EnrolChild(ctx context.Context, orgID int64, c *pluttra.Child, departmentID int64, from pluttra.Date) error {
	if strings.TrimSpace(c.FirstName) == "" {
		return pluttra.Invalid("first_name", "error.required")
	}
	if err := (pluttra.Period{From: from}).Validate(); err != nil {
		return err
	}
	err := s.change(ctx, orgID, pluttra.ChangeChildCreate, "child", func(tx *txn) (int64, int64, error) {
		id, err := tx.insert(ctx, `INSERT INTO children (org_id, first_name, last_name, birth_date, protected_identity)
			VALUES (?, ?, ?, ?, ?) RETURNING id`, orgID, strings.TrimSpace(c.FirstName), strings.TrimSpace(c.LastName), c.BirthDate, c.ProtectedIdentity)
		if err != nil {
			return 0, 0, err
		}
		c.ID = id
		_, err = tx.insert(ctx, `INSERT INTO placements (org_id, child_id, department_id, from_date) VALUES (?, ?, ?, ?) RETURNING id`,
			orgID, id, departmentID, from)
		return id, id, err
	})
	if err != nil {
		return domainError(err, "department", "error.conflict")
	}
	c.OrgID = orgID
	return nil
}

// LinkGuardian links an account, found by email in the organisation or
// created from g, as the child's guardian from the day from.
func (s *Store) LinkGuardian(ctx context.Context, orgID, childID int64, g *pluttra.User, from pluttra.Date) (*pluttra.Guardianship, error) {
	email := pluttra.NormalizeEmail(g.Email)
	if addr, err := mail.ParseAddress(email); err != nil || addr.Address != email {
		return nil, pluttra.Invalid("email", "error.email")
	}
	gs := &pluttra.Guardianship{OrgID: orgID, ChildID: childID, Period: pluttra.Period{From: from}}
	if err := gs.Period.Validate(); err != nil {
		return nil, err
	}
	err := s.change(ctx, orgID, pluttra.ChangeGuardianshipAdd, "guardianship", func(tx *txn) (int64, int64, error) {
		var kind string
		err := tx.queryRow(ctx, `SELECT id, kind FROM users WHERE org_id = ? AND email = ?`, orgID, email).Scan(&gs.GuardianID, &kind)
		switch {
		case err == nil:
			if kind != string(pluttra.KindGuardian) {
				return 0, 0, pluttra.Invalid("email", "error.not_a_guardian")
			}
		case !errors.Is(err, sql.ErrNoRows):
			return 0, 0, err
		default:
			if strings.TrimSpace(g.Name) == "" {
				return 0, 0, pluttra.Invalid("name", "error.required")
			}
			if gs.GuardianID, err = tx.insert(ctx, `INSERT INTO users (org_id, kind, email, name, language, active, created_at)
				VALUES (?, ?, ?, ?, ?, ?, ?) RETURNING id`, orgID, pluttra.KindGuardian, email, strings.TrimSpace(g.Name),
				g.Language, true, s.now().UTC()); err != nil {
				return 0, 0, err
			}
		}
		var n int
		if err := tx.queryRow(ctx, `SELECT COUNT(*) FROM guardianships WHERE org_id = ? AND child_id = ? AND guardian_id = ?
			AND (to_date IS NULL OR to_date >= ?)`, orgID, childID, gs.GuardianID, from).Scan(&n); err != nil {
			return 0, 0, err
		}
		if n > 0 {
			return 0, 0, pluttra.Invalid("email", "error.already_guardian")
		}
		id, err := tx.insert(ctx, `INSERT INTO guardianships (org_id, child_id, guardian_id, from_date) VALUES (?, ?, ?, ?) RETURNING id`,
			orgID, childID, gs.GuardianID, from)
		gs.ID = id
		return id, childID, err
	})
	if err != nil {
		return nil, domainError(err, "child", "error.conflict")
	}
	return gs, nil
}
