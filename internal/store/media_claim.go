package store

import (
	"context"
	"time"

	"github.com/pluttra/pluttra/internal/pluttra"
)

// A media item is processed by one node at a time: the node claims it
// with a conditional update that names the node and holds until a time,
// renews the claim while it works, and gives it back when it stops. Only
// the node named may renew or give back a claim, so a node never takes
// another live node's work; a claim whose time has passed is anyone's.

// ClaimMedia claims for node the pending item due longest, with a
// conditional update, so two nodes never process the same item at once.
// Every claim counts as an attempt.
func (s *Store) ClaimMedia(ctx context.Context, node string, now time.Time, lease time.Duration) (*pluttra.Media, error) {
	now = now.UTC()
	for range 5 {
		m, err := scanMedia(s.queryRow(ctx, `SELECT `+mediaColumns+` FROM media m WHERE m.status = 'pending' AND m.next_attempt_at <= ?
			AND (m.claimed_until IS NULL OR m.claimed_until < ?) ORDER BY m.next_attempt_at, m.id LIMIT 1`, now, now))
		if err != nil {
			return nil, domainError(err, "media", "")
		}
		res, err := s.exec(ctx, `UPDATE media SET claimed_until = ?, claimed_by = ?, attempts = attempts + 1 WHERE id = ? AND status = 'pending'
			AND (claimed_until IS NULL OR claimed_until < ?)`, now.Add(lease), node, m.ID, now)
		if err != nil {
			return nil, err
		}
		if n, _ := res.RowsAffected(); n == 1 {
			m.Attempts++
			return &m, nil
		}
	}
	return nil, pluttra.NotFound("media")
}

// RenewMediaClaim moves node's claim on an item on to until. It fails
// with NotFound when the node no longer holds it: finished, failed or
// deleted meanwhile, or taken by another node after the claim ran out.
// Renewing changes nothing a page shows, so it leaves the epoch alone.
func (s *Store) RenewMediaClaim(ctx context.Context, orgID, mediaID int64, node string, until time.Time) error {
	res, err := s.exec(ctx, `UPDATE media SET claimed_until = ? WHERE org_id = ? AND id = ? AND status = 'pending'
		AND claimed_by = ? AND claimed_until IS NOT NULL`, until.UTC(), orgID, mediaID, node)
	return requireOne(res, err, "media")
}

// ReleaseMedia gives back node's claim on an item it stopped working on
// because the server is shutting down: the item is due at once for any
// node, and the attempt does not count, since the file had no part in it.
func (s *Store) ReleaseMedia(ctx context.Context, orgID, mediaID int64, node string) error {
	res, err := s.exec(ctx, `UPDATE media SET claimed_until = NULL, claimed_by = '',
		attempts = CASE WHEN attempts > 0 THEN attempts - 1 ELSE 0 END
		WHERE org_id = ? AND id = ? AND status = 'pending' AND claimed_by = ? AND claimed_until IS NOT NULL`, orgID, mediaID, node)
	return requireOne(res, err, "media")
}

// ReleaseMediaClaims frees every claim node holds and reports how many.
// A node calls it as it starts: what it was working on when it stopped
// without letting go (a crash, a kill) is due again at once instead of
// when the claim runs out. The attempts stand, so a file that brings the
// server down is not tried more often than any other failing file.
func (s *Store) ReleaseMediaClaims(ctx context.Context, node string) (int, error) {
	res, err := s.exec(ctx, `UPDATE media SET claimed_until = NULL, claimed_by = ''
		WHERE status = 'pending' AND claimed_by = ? AND claimed_until IS NOT NULL`, node)
	if err != nil {
		return 0, err
	}
	n, err := res.RowsAffected()
	return int(n), err
}
