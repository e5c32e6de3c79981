package store

import (
	"context"
	"database/sql"
	"time"

	"github.com/pluttra/pluttra/internal/pluttra"
)

// SetCalendarFeed gives the user a feed with the secret's hash, replacing
// the earlier one, whose address stops working with this commit.
func (s *Store) SetCalendarFeed(ctx context.Context, orgID, userID int64, hash []byte) error {
	now := s.now().UTC()
	err := s.change(ctx, orgID, pluttra.ChangeCalendarFeed, "user", func(tx *txn) (int64, int64, error) {
		_, err := tx.exec(ctx, `INSERT INTO calendar_feeds (org_id, user_id, secret_hash, created_at, window_start, window_count)
			VALUES (?, ?, ?, ?, ?, 0)
			ON CONFLICT (org_id, user_id) DO UPDATE SET secret_hash = excluded.secret_hash, created_at = excluded.created_at,
				window_start = excluded.window_start, window_count = 0`, orgID, userID, hash, now, now)
		return userID, 0, err
	})
	return domainError(err, "user", "error.conflict")
}

// CalendarFeed reads whether, and since when, the user has a feed.
func (s *Store) CalendarFeed(ctx context.Context, orgID, userID int64) (*pluttra.CalendarFeed, error) {
	f := pluttra.CalendarFeed{OrgID: orgID, UserID: userID}
	err := s.queryRow(ctx, `SELECT created_at FROM calendar_feeds WHERE org_id = ? AND user_id = ?`, orgID, userID).Scan(&f.CreatedAt)
	if err != nil {
		return nil, domainError(err, "calendar feed", "")
	}
	return &f, nil
}

// DeleteCalendarFeed ends the user's feed: its address answers as unknown.
func (s *Store) DeleteCalendarFeed(ctx context.Context, orgID, userID int64) error {
	return s.change(ctx, orgID, pluttra.ChangeCalendarFeed, "user", func(tx *txn) (int64, int64, error) {
		res, err := tx.exec(ctx, `DELETE FROM calendar_feeds WHERE org_id = ? AND user_id = ?`, orgID, userID)
		return userID, 0, requireOne(res, err, "calendar feed")
	})
}

// HitCalendarFeed counts a request for the feed whose secret hashes to
// hash: a window older than its length starts again at now with this
// request. One conditional update, so requests racing on several nodes
// are all counted.
func (s *Store) HitCalendarFeed(ctx context.Context, hash []byte, now time.Time, window time.Duration) (*pluttra.CalendarFeedHit, error) {
	now = now.UTC()
	expired := now.Add(-window)
	var h pluttra.CalendarFeedHit
	var start time.Time
	err := s.writeQueryRow(ctx, `UPDATE calendar_feeds SET
			window_count = CASE WHEN window_start <= ? THEN 1 ELSE window_count + 1 END,
			window_start = CASE WHEN window_start <= ? THEN ? ELSE window_start END
		WHERE secret_hash = ? RETURNING org_id, user_id, window_count, window_start`,
		expired, expired, now, hash).Scan(&h.OrgID, &h.UserID, &h.Count, &start)
	if err == sql.ErrNoRows {
		return nil, pluttra.NotFound("calendar feed")
	}
	if err != nil {
		return nil, err
	}
	h.WindowEnds = start.Add(window)
	return &h, nil
}
