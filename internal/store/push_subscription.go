package store

import (
	"context"
	"database/sql"
	"errors"

	"github.com/pluttra/pluttra/internal/pluttra"
)

const pushColumns = `id, org_id, user_id, endpoint, p256dh, auth, created_at`

func scanPush(r *sql.Rows) (pluttra.PushSubscription, error) {
	var p pluttra.PushSubscription
	err := r.Scan(&p.ID, &p.OrgID, &p.UserID, &p.Endpoint, &p.P256dh, &p.Auth, &p.CreatedAt)
	return p, err
}

// SavePushSubscription stores a browser's subscription for the user. The
// same user saving its endpoint again (the browser renewed its keys)
// updates it and counts it as new. An endpoint another user holds is
// refused, never moved: whoever can post an endpoint must not take over
// another person's notices, nor have their own sent to someone else's
// browser. Beyond pluttra.MaxPushSubscriptions the user's oldest go.
func (s *Store) SavePushSubscription(ctx context.Context, orgID int64, p *pluttra.PushSubscription) error {
	if p.Endpoint == "" || p.P256dh == "" || p.Auth == "" {
		return pluttra.Invalid("subscription", "error.invalid")
	}
	p.OrgID, p.CreatedAt = orgID, s.now().UTC()
	err := s.change(ctx, orgID, pluttra.ChangePushSubscribe, "user", func(tx *txn) (int64, int64, error) {
		// The update applies only to the user's own row; another's row
		// makes the statement return nothing.
		id, err := tx.insert(ctx, `INSERT INTO push_subscriptions (org_id, user_id, endpoint, p256dh, auth, created_at) VALUES (?, ?, ?, ?, ?, ?)
			ON CONFLICT (endpoint) DO UPDATE SET p256dh = excluded.p256dh, auth = excluded.auth, created_at = excluded.created_at
			WHERE push_subscriptions.org_id = excluded.org_id AND push_subscriptions.user_id = excluded.user_id
			RETURNING id`,
			orgID, p.UserID, p.Endpoint, p.P256dh, p.Auth, p.CreatedAt)
		if errors.Is(err, sql.ErrNoRows) {
			return 0, 0, pluttra.Conflict("push.error.taken", nil)
		}
		if err != nil {
			return 0, 0, err
		}
		p.ID = id
		// Two saves of one user racing on PostgreSQL may each miss the
		// other's row and leave one too many until the next save.
		_, err = tx.exec(ctx, `DELETE FROM push_subscriptions WHERE org_id = ? AND user_id = ? AND id NOT IN (
			SELECT id FROM push_subscriptions WHERE org_id = ? AND user_id = ? ORDER BY created_at DESC, id DESC LIMIT ?)`,
			orgID, p.UserID, orgID, p.UserID, pluttra.MaxPushSubscriptions)
		return p.UserID, 0, err
	})
	return domainError(err, "user", "push.error.taken")
}

// DeletePushSubscription removes the user's subscription with the
// endpoint: push turned off on that device. NotFound when the user has
// none there.
func (s *Store) DeletePushSubscription(ctx context.Context, orgID, userID int64, endpoint string) error {
	return s.change(ctx, orgID, pluttra.ChangePushUnsubscribe, "user", func(tx *txn) (int64, int64, error) {
		res, err := tx.exec(ctx, `DELETE FROM push_subscriptions WHERE org_id = ? AND user_id = ? AND endpoint = ?`, orgID, userID, endpoint)
		return userID, 0, requireOne(res, err, "subscription")
	})
}

// RemovePushSubscription removes a subscription the push service says is
// gone (404 or 410): the browser unsubscribed or was reset.
func (s *Store) RemovePushSubscription(ctx context.Context, orgID, id int64) error {
	res, err := s.exec(ctx, `DELETE FROM push_subscriptions WHERE org_id = ? AND id = ?`, orgID, id)
	return requireOne(res, err, "subscription")
}

// PushSubscriptions lists the user's subscriptions, oldest first.
func (s *Store) PushSubscriptions(ctx context.Context, orgID, userID int64) ([]pluttra.PushSubscription, error) {
	rows, err := s.query(ctx, `SELECT `+pushColumns+` FROM push_subscriptions WHERE org_id = ? AND user_id = ? ORDER BY created_at, id`, orgID, userID)
	return collect(rows, err, scanPush)
}
