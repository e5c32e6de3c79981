package store

import (
	"context"
	"database/sql"

	"github.com/pluttra/pluttra/internal/pluttra"
)

// change runs a write and its audit entry in one transaction: fn makes the
// change and returns the id of what it changed and, when the change is to
// a child's data, the child's id, which also goes to the access log. With
// no actor in ctx (seeding, tests) the change is made without an entry.
func (s *Store) change(ctx context.Context, orgID int64, action, kind string, fn func(tx *txn) (target, child int64, err error)) error {
	return s.changeChildren(ctx, orgID, action, kind, func(tx *txn) (int64, []int64, error) {
		target, child, err := fn(tx)
		if child == 0 {
			return target, nil, err
		}
		return target, []int64{child}, err
	})
}

// changeChildren is change for a write that concerns several children (a
// comment on a post is about every child the post tags): each goes to the
// access log with the audit entry.
func (s *Store) changeChildren(ctx context.Context, orgID int64, action, kind string, fn func(tx *txn) (target int64, children []int64, err error)) error {
	return s.inTx(ctx, func(tx *txn) error {
		target, children, err := fn(tx)
		if err != nil {
			return err
		}
		actor, ok := pluttra.ActorFrom(ctx)
		if !ok {
			return nil
		}
		at := s.now().UTC()
		if _, err := tx.exec(ctx, `INSERT INTO audit_log (org_id, at, user_id, action, target_kind, target_id, request_id)
			VALUES (?, ?, ?, ?, ?, ?, ?)`, orgID, at, actor.UserID, action, kind, target, actor.RequestID); err != nil {
			return err
		}
		for _, child := range children {
			if _, err := tx.exec(ctx, `INSERT INTO access_log (org_id, at, user_id, child_id, action, request_id)
				VALUES (?, ?, ?, ?, ?, ?)`, orgID, at, actor.UserID, child, action, actor.RequestID); err != nil {
				return err
			}
		}
		return nil
	})
}

// AuditLog lists the organisation's changes newest first.
func (s *Store) AuditLog(ctx context.Context, orgID int64, beforeID int64, limit int) ([]pluttra.AuditEntry, error) {
	if limit <= 0 {
		limit = defaultAccessLimit
	}
	cond, args := "org_id = ?", []any{orgID}
	if beforeID != 0 {
		cond, args = cond+" AND id < ?", append(args, beforeID)
	}
	rows, err := s.query(ctx, `SELECT id, org_id, at, user_id, action, target_kind, target_id, request_id
		FROM audit_log WHERE `+cond+` ORDER BY id DESC LIMIT ?`, append(args, limit)...)
	return collect(rows, err, func(r *sql.Rows) (pluttra.AuditEntry, error) {
		var e pluttra.AuditEntry
		err := r.Scan(&e.ID, &e.OrgID, &e.At, &e.UserID, &e.Action, &e.TargetKind, &e.TargetID, &e.RequestID)
		return e, err
	})
}

// insert runs an INSERT ... RETURNING id inside a transaction.
func (t *txn) insert(ctx context.Context, q string, args ...any) (int64, error) {
	var id int64
	err := t.queryRow(ctx, q, args...).Scan(&id)
	return id, err
}

func (t *txn) queryRow(ctx context.Context, q string, args ...any) *callRow {
	ctx, cancel := t.bound(ctx)
	return &callRow{row: t.tx.QueryRowContext(ctx, t.d.rebind(q), args...), cancel: cancel}
}
