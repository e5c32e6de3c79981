package store

import (
	"context"
	"database/sql"

	"github.com/pluttra/pluttra/internal/pluttra"
)

// AddGuardianship links a guardian user to a child from g.From.
func (s *Store) AddGuardianship(ctx context.Context, orgID int64, g *pluttra.Guardianship) error {
	if err := g.Period.Validate(); err != nil {
		return err
	}
	var kind string
	err := s.queryRow(ctx, `SELECT kind FROM users WHERE org_id = ? AND id = ?`, orgID, g.GuardianID).Scan(&kind)
	if err != nil {
		return domainError(err, "guardian", "")
	}
	if kind != string(pluttra.KindGuardian) {
		return pluttra.Invalid("guardian", "error.not_a_guardian")
	}
	err = s.change(ctx, orgID, pluttra.ChangeGuardianshipAdd, "guardianship", func(tx *txn) (int64, int64, error) {
		id, err := tx.insert(ctx, `INSERT INTO guardianships (org_id, child_id, guardian_id, from_date, to_date)
			VALUES (?, ?, ?, ?, ?) RETURNING id`, orgID, g.ChildID, g.GuardianID, g.From, g.To)
		g.ID = id
		return id, g.ChildID, err
	})
	if err != nil {
		return domainError(err, "child", "error.conflict")
	}
	g.OrgID = orgID
	return nil
}

// EndGuardianship makes last the final day of the guardianship.
func (s *Store) EndGuardianship(ctx context.Context, orgID, guardianshipID int64, last pluttra.Date) error {
	return s.endPeriod(ctx, "guardianships", "guardianship", orgID, guardianshipID, last, true)
}

// Guardianships lists every guardianship of a child, ended ones included.
func (s *Store) Guardianships(ctx context.Context, orgID, childID int64) ([]pluttra.Guardianship, error) {
	rows, err := s.query(ctx, `SELECT id, org_id, child_id, guardian_id, from_date, to_date
		FROM guardianships WHERE org_id = ? AND child_id = ? ORDER BY from_date, id`, orgID, childID)
	return collect(rows, err, func(r *sql.Rows) (pluttra.Guardianship, error) {
		var g pluttra.Guardianship
		err := r.Scan(&g.ID, &g.OrgID, &g.ChildID, &g.GuardianID, &g.From, &g.To)
		return g, err
	})
}

// ChildrenOfGuardian lists the children the user is guardian of on day.
func (s *Store) ChildrenOfGuardian(ctx context.Context, orgID, guardianID int64, day pluttra.Date) ([]pluttra.Child, error) {
	rows, err := s.query(ctx, `SELECT DISTINCT `+childColumns+` FROM children c
		JOIN guardianships g ON g.org_id = c.org_id AND g.child_id = c.id
		WHERE c.org_id = ? AND g.guardian_id = ? AND `+activeOn("g")+`
		ORDER BY c.first_name, c.last_name, c.id`, orgID, guardianID, day, day)
	return collect(rows, err, func(r *sql.Rows) (pluttra.Child, error) { return scanChild(r) })
}

// endPeriod sets to_date on a from/to row, refusing an end before its
// start; ofChild says the row has a child_id, which the access log gets.
func (s *Store) endPeriod(ctx context.Context, table, what string, orgID, id int64, last pluttra.Date, ofChild bool) error {
	if last.IsZero() {
		return pluttra.Invalid("to", "error.required")
	}
	child := "0"
	if ofChild {
		child = "child_id"
	}
	return s.change(ctx, orgID, what+".end", what, func(tx *txn) (int64, int64, error) {
		var from pluttra.Date
		var childID int64
		err := tx.queryRow(ctx, `SELECT from_date, `+child+` FROM `+table+` WHERE org_id = ? AND id = ?`, orgID, id).Scan(&from, &childID)
		if err != nil {
			return 0, 0, domainError(err, what, "")
		}
		if last.Before(from) {
			return 0, 0, pluttra.Invalid("to", "error.period_order")
		}
		res, err := tx.exec(ctx, `UPDATE `+table+` SET to_date = ? WHERE org_id = ? AND id = ?`, last, orgID, id)
		return id, childID, requireOne(res, err, what)
	})
}
