package store

import (
	"context"
	"database/sql"
	"strings"
	"time"

	"github.com/pluttra/pluttra/internal/pluttra"
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

// CountPostsSince counts the published posts matching the access filter f
// (over posts aliased po) published after since: the unread count.
func (s *Store) CountPostsSince(ctx context.Context, orgID int64, f pluttra.Filter, since time.Time) (int, error) {
	cond := []string{"po.org_id = ?", "po.status = 'published'", "po.published_at > ?", "(" + f.SQL + ")"}
	args := append([]any{orgID, since.UTC()}, f.Args...)
	var n int
	err := s.queryRow(ctx, `SELECT COUNT(*) FROM posts po WHERE `+strings.Join(cond, " AND "), args...).Scan(&n)
	return n, err
}
