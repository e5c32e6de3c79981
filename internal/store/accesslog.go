package store

import (
	"context"
	"database/sql"

	"github.com/pluttra/pluttra/internal/pluttra"
)

// defaultAccessLimit bounds one page of the access log.
const defaultAccessLimit = 200

// AppendAccess records entries in one transaction: a page that showed ten
// children adds ten entries or none.
func (s *Store) AppendAccess(ctx context.Context, orgID int64, entries []pluttra.AccessEntry) error {
	if len(entries) == 0 {
		return nil
	}
	return s.inTx(ctx, func(tx *txn) error {
		for i := range entries {
			e := &entries[i]
			if e.At.IsZero() {
				e.At = s.now()
			}
			if e.Action == "" || e.ChildID == 0 || e.UserID == 0 {
				return pluttra.Invalid("entry", "error.invalid")
			}
			_, err := tx.exec(ctx, `INSERT INTO access_log (org_id, at, user_id, child_id, action, request_id)
				VALUES (?, ?, ?, ?, ?, ?)`, orgID, e.At.UTC(), e.UserID, e.ChildID, e.Action, e.RequestID)
			if err != nil {
				return domainError(err, "organisation", "error.conflict")
			}
			e.OrgID = orgID
		}
		return nil
	})
}

// AccessLog lists the organisation's entries newest first, narrowed by q.
func (s *Store) AccessLog(ctx context.Context, orgID int64, q pluttra.AccessQuery) ([]pluttra.AccessEntry, error) {
	cond, args := "org_id = ?", []any{orgID}
	if q.ChildID != 0 {
		cond, args = cond+" AND child_id = ?", append(args, q.ChildID)
	}
	if q.UserID != 0 {
		cond, args = cond+" AND user_id = ?", append(args, q.UserID)
	}
	if !q.Since.IsZero() {
		cond, args = cond+" AND at >= ?", append(args, q.Since.UTC())
	}
	if q.BeforeID != 0 {
		cond, args = cond+" AND id < ?", append(args, q.BeforeID)
	}
	limit := q.Limit
	if limit <= 0 {
		limit = defaultAccessLimit
	}
	rows, err := s.query(ctx, `SELECT id, org_id, at, user_id, child_id, action, request_id FROM access_log
		WHERE `+cond+` ORDER BY id DESC LIMIT ?`, append(args, limit)...)
	return collect(rows, err, func(r *sql.Rows) (pluttra.AccessEntry, error) {
		var e pluttra.AccessEntry
		err := r.Scan(&e.ID, &e.OrgID, &e.At, &e.UserID, &e.ChildID, &e.Action, &e.RequestID)
		return e, err
	})
}
