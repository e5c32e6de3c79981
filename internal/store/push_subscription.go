package store

import (
	"context"
	"database/sql"

	"github.com/pluttra/pluttra/internal/pluttra"
)

const pushColumns = `id, org_id, user_id, endpoint, p256dh, auth, created_at`

func scanPush(r *sql.Rows) (pluttra.PushSubscription, error) {
	var p pluttra.PushSubscription
	err := r.Scan(&p.ID, &p.OrgID, &p.UserID, &p.Endpoint, &p.P256dh, &p.Auth, &p.CreatedAt)
	return p, err
}

// SavePushSubscription stores a browser's subscription for the user. A
// browser has one endpoint: saving it again, by whoever is logged in
// there now, moves it to them with its new keys.
func (s *Store) SavePushSubscription(ctx context.Context, orgID int64, p *pluttra.PushSubscription) error {
	if p.Endpoint == "" || p.P256dh == "" || p.Auth == "" {
		return pluttra.Invalid("subscription", "error.invalid")
	}
	p.OrgID, p.CreatedAt = orgID, s.now().UTC()
	err := s.change(ctx, orgID, pluttra.ChangePushSubscribe, "user", func(tx *txn) (int64, int64, error) {
		id, err := tx.insert(ctx, `INSERT INTO push_subscriptions (org_id, user_id, endpoint, p256dh, auth, created_at) VALUES (?, ?, ?, ?, ?, ?)
			ON CONFLICT (endpoint) DO UPDATE SET org_id = excluded.org_id, user_id = excluded.user_id, p256dh = excluded.p256dh,
				auth = excluded.auth, created_at = excluded.created_at RETURNING id`,
			orgID, p.UserID, p.Endpoint, p.P256dh, p.Auth, p.CreatedAt)
		p.ID = id
		return p.UserID, 0, err
	})
	return domainError(err, "user", "error.conflict")
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
	rows, err := s.query(ctx, `SELECT `+pushColumns+` FROM push_subscriptions WHERE org_id = ? AND user_id = ? ORDER BY id`, orgID, userID)
	return collect(rows, err, scanPush)
}
