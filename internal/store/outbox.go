package store

import (
	"context"
	"database/sql"
	"time"

	"github.com/pluttra/pluttra/internal/pluttra"
)

const outboxColumns = `id, org_id, to_addr, subject, body, created_at, attempts, next_attempt_at, sent_at, failed_at, last_error`

func scanOutbox(r interface{ Scan(...any) error }) (pluttra.OutboxMail, error) {
	var m pluttra.OutboxMail
	var sent, failed sql.NullTime
	err := r.Scan(&m.ID, &m.OrgID, &m.To, &m.Subject, &m.Body, &m.CreatedAt, &m.Attempts, &m.NextAttemptAt, &sent, &failed, &m.LastError)
	m.SentAt, m.FailedAt = sent.Time, failed.Time
	return m, err
}

// QueueMail puts a mail in the outbox, due at once.
func (s *Store) QueueMail(ctx context.Context, orgID int64, m *pluttra.OutboxMail) error {
	return s.inTx(ctx, func(tx *txn) error { return queueMail(ctx, tx, s.now(), orgID, m) })
}

// queueMail is QueueMail inside a transaction that also makes the change
// the mail is about.
func queueMail(ctx context.Context, tx *txn, now time.Time, orgID int64, m *pluttra.OutboxMail) error {
	if m.To == "" || m.Subject == "" {
		return pluttra.Invalid("mail", "error.invalid")
	}
	m.CreatedAt, m.NextAttemptAt, m.OrgID = now.UTC(), now.UTC(), orgID
	id, err := tx.insert(ctx, `INSERT INTO outbox (org_id, to_addr, subject, body, created_at, next_attempt_at)
		VALUES (?, ?, ?, ?, ?, ?) RETURNING id`, orgID, m.To, m.Subject, m.Body, m.CreatedAt, m.NextAttemptAt)
	m.ID = id
	return domainError(err, "organisation", "error.conflict")
}

// ClaimDueMail claims due mails one by one; the claim is a conditional
// update, so of two nodes claiming the same mail only one wins.
func (s *Store) ClaimDueMail(ctx context.Context, now time.Time, claimFor time.Duration, limit int) ([]pluttra.OutboxMail, error) {
	now = now.UTC()
	rows, err := s.query(ctx, `SELECT `+outboxColumns+` FROM outbox
		WHERE sent_at IS NULL AND failed_at IS NULL AND next_attempt_at <= ? AND (claimed_until IS NULL OR claimed_until < ?)
		ORDER BY next_attempt_at, id LIMIT ?`, now, now, limit)
	due, err := collect(rows, err, func(r *sql.Rows) (pluttra.OutboxMail, error) { return scanOutbox(r) })
	if err != nil {
		return nil, err
	}
	var claimed []pluttra.OutboxMail
	for _, m := range due {
		res, err := s.exec(ctx, `UPDATE outbox SET claimed_until = ? WHERE id = ? AND (claimed_until IS NULL OR claimed_until < ?)`,
			now.Add(claimFor), m.ID, now)
		if err != nil {
			return nil, err
		}
		if n, _ := res.RowsAffected(); n == 1 {
			claimed = append(claimed, m)
		}
	}
	return claimed, nil
}

// MarkMailSent records delivery.
func (s *Store) MarkMailSent(ctx context.Context, id int64, at time.Time) error {
	res, err := s.exec(ctx, `UPDATE outbox SET sent_at = ?, attempts = attempts + 1, claimed_until = NULL WHERE id = ?`, at.UTC(), id)
	return requireOne(res, err, "mail")
}

// MarkMailFailed records a failed attempt and when to try again.
func (s *Store) MarkMailFailed(ctx context.Context, id int64, at time.Time, permanent bool, next time.Time) error {
	var failed any
	reason := "temporary"
	if permanent {
		failed, reason = at.UTC(), "permanent"
	}
	res, err := s.exec(ctx, `UPDATE outbox SET attempts = attempts + 1, next_attempt_at = ?, failed_at = ?, last_error = ?, claimed_until = NULL
		WHERE id = ?`, next.UTC(), failed, reason, id)
	return requireOne(res, err, "mail")
}

// waitingMail is the condition of a mail waiting out a backoff: neither
// sent nor bounced, and not due before next_attempt_at (the outbox_due
// index reads exactly these).
const waitingMail = `sent_at IS NULL AND failed_at IS NULL AND next_attempt_at > ?`

// RetryWaitingMail makes every waiting mail of every organisation due at
// now. The dispatcher calls it when a mail has gone: a server that answers
// again takes the mail that waited out its outage within the minute, not
// over each mail's backoff of up to six hours.
func (s *Store) RetryWaitingMail(ctx context.Context, now time.Time) (int, error) {
	now = now.UTC()
	res, err := s.exec(ctx, `UPDATE outbox SET next_attempt_at = ? WHERE `+waitingMail, now, now)
	if err != nil {
		return 0, err
	}
	n, err := res.RowsAffected()
	return int(n), err
}

// SendWaitingMailNow makes the organisation's waiting mail due now: its
// admin knows the mail server is back before the dispatcher does. The
// request is audited against the organisation.
func (s *Store) SendWaitingMailNow(ctx context.Context, orgID int64) (int, error) {
	var n int64
	err := s.change(ctx, orgID, pluttra.ChangeOutboxSendNow, "organisation", func(tx *txn) (int64, int64, error) {
		now := s.now().UTC()
		res, err := tx.exec(ctx, `UPDATE outbox SET next_attempt_at = ? WHERE org_id = ? AND `+waitingMail, now, orgID, now)
		if err != nil {
			return 0, 0, err
		}
		n, err = res.RowsAffected()
		return orgID, 0, err
	})
	return int(n), err
}

// Outbox lists the organisation's mail newest first.
func (s *Store) Outbox(ctx context.Context, orgID int64, limit int) ([]pluttra.OutboxMail, error) {
	rows, err := s.query(ctx, `SELECT `+outboxColumns+` FROM outbox WHERE org_id = ? ORDER BY id DESC LIMIT ?`, orgID, limit)
	return collect(rows, err, func(r *sql.Rows) (pluttra.OutboxMail, error) { return scanOutbox(r) })
}

// LatestMailTo reads the newest mail to the address.
func (s *Store) LatestMailTo(ctx context.Context, orgID int64, to string) (*pluttra.OutboxMail, error) {
	m, err := scanOutbox(s.queryRow(ctx, `SELECT `+outboxColumns+` FROM outbox WHERE org_id = ? AND to_addr = ? ORDER BY id DESC LIMIT 1`, orgID, to))
	if err != nil {
		return nil, domainError(err, "mail", "")
	}
	return &m, nil
}
