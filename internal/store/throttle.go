package store

import (
	"context"
	"errors"
	"time"
)

// failureRetention is how long failed logins are kept; longer than any
// throttle window, short enough that the table stays small.
const failureRetention = 24 * time.Hour

// RecordLoginFailure counts one failed login for key, and drops old counts.
func (s *Store) RecordLoginFailure(ctx context.Context, key string, at time.Time) error {
	if _, err := s.exec(ctx, `INSERT INTO login_failures (key, failed_at) VALUES (?, ?)`, key, at.UTC()); err != nil {
		return err
	}
	_, err := s.exec(ctx, `DELETE FROM login_failures WHERE key = ? AND failed_at < ?`, key, at.Add(-failureRetention).UTC())
	return err
}

// LoginFailuresSince counts the failed logins for key at or after since.
func (s *Store) LoginFailuresSince(ctx context.Context, key string, since time.Time) (int, error) {
	var n int
	err := s.queryRow(ctx, `SELECT COUNT(*) FROM login_failures WHERE key = ? AND failed_at >= ?`, key, since.UTC()).Scan(&n)
	return n, err
}

// ClearLoginFailures forgets the failures of key after a successful login.
func (s *Store) ClearLoginFailures(ctx context.Context, key string) error {
	_, err := s.exec(ctx, `DELETE FROM login_failures WHERE key = ?`, key)
	return err
}

// ReserveLoginAttempt records the attempt as a failure first and counts
// after: the insert commits before the count, so of concurrent attempts
// each counts every reservation committed before its own, and the one
// that counts past limit takes its record back.
func (s *Store) ReserveLoginAttempt(ctx context.Context, key string, at, since time.Time, limit int) (int64, bool, error) {
	id, err := s.insert(ctx, `INSERT INTO login_failures (key, failed_at) VALUES (?, ?) RETURNING id`, key, at.UTC())
	if err != nil {
		return 0, false, err
	}
	var n int
	if err := s.queryRow(ctx, `SELECT COUNT(*) FROM login_failures WHERE key = ? AND failed_at >= ?`, key, since.UTC()).Scan(&n); err != nil {
		return 0, false, errors.Join(err, s.ForgiveLoginAttempt(context.WithoutCancel(ctx), id))
	}
	if n > limit {
		return 0, false, s.ForgiveLoginAttempt(ctx, id)
	}
	_, err = s.exec(ctx, `DELETE FROM login_failures WHERE key = ? AND failed_at < ?`, key, at.Add(-failureRetention).UTC())
	return id, true, err
}

// ForgiveLoginAttempt removes one reserved attempt.
func (s *Store) ForgiveLoginAttempt(ctx context.Context, id int64) error {
	_, err := s.exec(ctx, `DELETE FROM login_failures WHERE id = ?`, id)
	return err
}
