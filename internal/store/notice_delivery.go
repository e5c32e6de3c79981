package store

import (
	"context"
	"crypto/rand"
	"database/sql"
	"encoding/hex"
	"time"

	"github.com/pluttra/pluttra/internal/pluttra"
)

// newClaim is a token naming one claim, so a node reads back exactly the
// rows its conditional update won.
func newClaim() string {
	var b [12]byte
	rand.Read(b[:])
	return hex.EncodeToString(b[:])
}

// ClaimDueNotices claims up to limit due push and email deliveries, in
// every organisation, for claimFor; of several nodes claiming the same
// delivery only one wins, by a conditional update.
func (s *Store) ClaimDueNotices(ctx context.Context, now time.Time, claimFor time.Duration, limit int) ([]pluttra.NoticeDelivery, error) {
	now = now.UTC()
	rows, err := s.query(ctx, `SELECT id FROM notice_deliveries d
		WHERE d.status = 'pending' AND d.channel <> 'digest' AND d.due_at <= ? AND (d.claimed_until IS NULL OR d.claimed_until < ?)
		ORDER BY d.due_at, d.id LIMIT ?`, now, now, limit)
	due, err := collect(rows, err, func(r *sql.Rows) (int64, error) {
		var id int64
		return id, r.Scan(&id)
	})
	if err != nil || len(due) == 0 {
		return nil, err
	}
	claim := newClaim()
	for _, id := range due {
		if _, err := s.exec(ctx, `UPDATE notice_deliveries SET claimed_until = ?, claim = ?
			WHERE id = ? AND status = 'pending' AND (claimed_until IS NULL OR claimed_until < ?)`,
			now.Add(claimFor), claim, id, now); err != nil {
			return nil, err
		}
	}
	return s.claimed(ctx, claim)
}

// claimed reads the deliveries a claim won, from the writer: the read
// pool of SQLite may not see the update yet.
func (s *Store) claimed(ctx context.Context, claim string) ([]pluttra.NoticeDelivery, error) {
	rows, err := s.writeQuery(ctx, `SELECT `+deliveryColumns+` FROM notice_deliveries d
		JOIN notices n ON n.org_id = d.org_id AND n.id = d.notice_id
		WHERE d.claim = ? AND d.status = 'pending' ORDER BY d.id`, claim)
	return collect(rows, err, scanDelivery)
}

// ClaimDueDigests claims the due digest deliveries of up to limit users,
// each user's all together, so that a day's digest is one email.
func (s *Store) ClaimDueDigests(ctx context.Context, now time.Time, claimFor time.Duration, limit int) ([]pluttra.DigestBatch, error) {
	now = now.UTC()
	rows, err := s.query(ctx, `SELECT DISTINCT org_id, user_id FROM notice_deliveries
		WHERE status = 'pending' AND channel = 'digest' AND due_at <= ? AND (claimed_until IS NULL OR claimed_until < ?) LIMIT ?`, now, now, limit)
	users, err := collect(rows, err, func(r *sql.Rows) ([2]int64, error) {
		var u [2]int64
		return u, r.Scan(&u[0], &u[1])
	})
	if err != nil {
		return nil, err
	}
	var out []pluttra.DigestBatch
	for _, u := range users {
		claim := newClaim()
		if _, err := s.exec(ctx, `UPDATE notice_deliveries SET claimed_until = ?, claim = ?
			WHERE org_id = ? AND user_id = ? AND status = 'pending' AND channel = 'digest' AND due_at <= ?
				AND (claimed_until IS NULL OR claimed_until < ?)`, now.Add(claimFor), claim, u[0], u[1], now, now); err != nil {
			return nil, err
		}
		ds, err := s.claimed(ctx, claim)
		if err != nil {
			return nil, err
		}
		if len(ds) > 0 {
			out = append(out, pluttra.DigestBatch{OrgID: u[0], UserID: u[1], Deliveries: ds})
		}
	}
	return out, nil
}

// FinishDelivery records the end of a delivery: sent (via the channel it
// went by), failed for good, or skipped.
func (s *Store) FinishDelivery(ctx context.Context, orgID, id int64, status pluttra.DeliveryStatus, via pluttra.Channel, lastError string, at time.Time) error {
	res, err := s.exec(ctx, `UPDATE notice_deliveries SET status = ?, sent_via = ?, last_error = ?, done_at = ?, attempts = attempts + 1,
		claimed_until = NULL, claim = '' WHERE org_id = ? AND id = ? AND status = 'pending'`, status, via, lastError, at.UTC(), orgID, id)
	return requireOne(res, err, "delivery")
}

// RetryDelivery records a failed attempt and when to try again.
func (s *Store) RetryDelivery(ctx context.Context, orgID, id int64, next time.Time, lastError string) error {
	res, err := s.exec(ctx, `UPDATE notice_deliveries SET attempts = attempts + 1, due_at = ?, last_error = ?, claimed_until = NULL, claim = ''
		WHERE org_id = ? AND id = ? AND status = 'pending'`, next.UTC(), lastError, orgID, id)
	return requireOne(res, err, "delivery")
}

// DeliverNoticeByMail puts the notice's email in the outbox and marks the
// delivery sent, in one transaction: the outbox sends it with retries and
// the admin sees a bounce at /admin/outbox.
func (s *Store) DeliverNoticeByMail(ctx context.Context, orgID, id int64, m *pluttra.OutboxMail) error {
	now := s.now()
	return s.inTx(ctx, func(tx *txn) error {
		res, err := tx.exec(ctx, `UPDATE notice_deliveries SET status = 'sent', sent_via = 'email', done_at = ?, attempts = attempts + 1,
			claimed_until = NULL, claim = '' WHERE org_id = ? AND id = ? AND status = 'pending'`, now.UTC(), orgID, id)
		if err := requireOne(res, err, "delivery"); err != nil {
			return err
		}
		return queueMail(ctx, tx, now, orgID, m)
	})
}

// DeliverDigest puts the user's digest email in the outbox and marks its
// deliveries sent, in one transaction.
func (s *Store) DeliverDigest(ctx context.Context, orgID, userID int64, ids []int64, m *pluttra.OutboxMail) error {
	now := s.now()
	return s.inTx(ctx, func(tx *txn) error {
		for _, id := range ids {
			res, err := tx.exec(ctx, `UPDATE notice_deliveries SET status = 'sent', sent_via = 'digest', done_at = ?, attempts = attempts + 1,
				claimed_until = NULL, claim = '' WHERE org_id = ? AND user_id = ? AND id = ? AND status = 'pending'`, now.UTC(), orgID, userID, id)
			if err := requireOne(res, err, "delivery"); err != nil {
				return err
			}
		}
		return queueMail(ctx, tx, now, orgID, m)
	})
}

// PruneNotices removes up to limit finished deliveries (sent, failed or
// skipped) that were done before before, then up to limit notices written
// before it that no delivery refers to any more, and says how many rows
// went. Pending deliveries and their notices stay, however old. Several
// nodes may prune at once: each statement deletes what is still there.
func (s *Store) PruneNotices(ctx context.Context, before time.Time, limit int) (int, error) {
	before = before.UTC()
	res, err := s.exec(ctx, `DELETE FROM notice_deliveries WHERE id IN (SELECT id FROM notice_deliveries
		WHERE status <> 'pending' AND done_at < ? LIMIT ?)`, before, limit)
	if err != nil {
		return 0, err
	}
	deliveries, err := res.RowsAffected()
	if err != nil {
		return 0, err
	}
	res, err = s.exec(ctx, `DELETE FROM notices WHERE id IN (SELECT n.id FROM notices n WHERE n.created_at < ?
		AND NOT EXISTS (SELECT 1 FROM notice_deliveries d WHERE d.org_id = n.org_id AND d.notice_id = n.id) LIMIT ?)`, before, limit)
	if err != nil {
		return int(deliveries), err
	}
	notices, err := res.RowsAffected()
	return int(deliveries + notices), err
}
