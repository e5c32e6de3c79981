package store

import (
	"context"
	"database/sql"
	"time"
)

// FeedSeen is when the user last opened their feed; zero if never.
func (s *Store) FeedSeen(ctx context.Context, orgID, userID int64) (time.Time, error) {
	var at sql.NullTime
	err := s.queryRow(ctx, `SELECT feed_seen_at FROM users WHERE org_id = ? AND id = ?`, orgID, userID).Scan(&at)
	if err != nil {
		return time.Time{}, domainError(err, "user", "")
	}
	return at.Time, nil
}

// MarkFeedSeen records that the user has seen their feed up to at.
func (s *Store) MarkFeedSeen(ctx context.Context, orgID, userID int64, at time.Time) error {
	res, err := s.exec(ctx, `UPDATE users SET feed_seen_at = ? WHERE org_id = ? AND id = ?`, at.UTC(), orgID, userID)
	return requireOne(res, err, "user")
}
