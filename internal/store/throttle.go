package store

import (
	"context"
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
