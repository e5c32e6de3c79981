package store

import (
	"context"
	"database/sql"
	"time"

	"github.com/pluttra/pluttra/internal/pluttra"
)

const tokenColumns = `id, org_id, user_id, purpose, created_at, expires_at, used_at, revoked_at`

func scanToken(r interface{ Scan(...any) error }) (*pluttra.Token, error) {
	var t pluttra.Token
	var used, revoked sql.NullTime
	if err := r.Scan(&t.ID, &t.OrgID, &t.UserID, &t.Purpose, &t.CreatedAt, &t.ExpiresAt, &used, &revoked); err != nil {
		return nil, err
	}
	t.UsedAt, t.RevokedAt = used.Time, revoked.Time
	return &t, nil
}

// IssueToken revokes the user's open tokens of the purpose, stores the new
// one and queues its mail, all or nothing.
func (s *Store) IssueToken(ctx context.Context, orgID int64, t *pluttra.Token, hash []byte, m *pluttra.OutboxMail) error {
	now := s.now().UTC()
	return s.change(ctx, orgID, pluttra.ChangeTokenIssue, "user", func(tx *txn) (int64, int64, error) {
		if _, err := tx.exec(ctx, `UPDATE tokens SET revoked_at = ? WHERE org_id = ? AND user_id = ? AND purpose = ?
			AND used_at IS NULL AND revoked_at IS NULL`, now, orgID, t.UserID, t.Purpose); err != nil {
			return 0, 0, err
		}
		id, err := tx.insert(ctx, `INSERT INTO tokens (org_id, user_id, purpose, token_hash, created_at, expires_at)
			VALUES (?, ?, ?, ?, ?, ?) RETURNING id`, orgID, t.UserID, t.Purpose, hash, now, t.ExpiresAt.UTC())
		if err != nil {
			return 0, 0, domainError(err, "user", "error.conflict")
		}
		t.ID, t.OrgID, t.CreatedAt = id, orgID, now
		return t.UserID, 0, queueMail(ctx, tx, now, orgID, m)
	})
}

// TokenByHash reads a token by the hash of its secret.
func (s *Store) TokenByHash(ctx context.Context, hash []byte) (*pluttra.Token, error) {
	t, err := scanToken(s.queryRow(ctx, `SELECT `+tokenColumns+` FROM tokens WHERE token_hash = ?`, hash))
	if err != nil {
		return nil, domainError(err, "link", "")
	}
	return t, nil
}

// LatestToken reads the user's newest token of the purpose.
func (s *Store) LatestToken(ctx context.Context, orgID, userID int64, purpose string) (*pluttra.Token, error) {
	t, err := scanToken(s.queryRow(ctx, `SELECT `+tokenColumns+` FROM tokens WHERE org_id = ? AND user_id = ? AND purpose = ?
		ORDER BY id DESC LIMIT 1`, orgID, userID, purpose))
	if err != nil {
		return nil, domainError(err, "link", "")
	}
	return t, nil
}

// RedeemToken spends the token with one conditional update, so of two
// racing requests only one succeeds, then sets the password and ends the
// user's sessions.
func (s *Store) RedeemToken(ctx context.Context, hash []byte, passwordHash string, now time.Time) (*pluttra.User, error) {
	t, err := s.TokenByHash(ctx, hash)
	if err != nil {
		return nil, err
	}
	ctx = pluttra.WithActor(ctx, pluttra.Actor{UserID: t.UserID, RequestID: actorRequestID(ctx)})
	err = s.change(ctx, t.OrgID, pluttra.ChangeTokenRedeem, "user", func(tx *txn) (int64, int64, error) {
		res, err := tx.exec(ctx, `UPDATE tokens SET used_at = ? WHERE token_hash = ? AND used_at IS NULL AND revoked_at IS NULL AND expires_at > ?`,
			now.UTC(), hash, now.UTC())
		if err != nil {
			return 0, 0, err
		}
		if n, _ := res.RowsAffected(); n == 0 {
			switch {
			case !t.UsedAt.IsZero():
				return 0, 0, pluttra.ErrTokenUsed
			case !t.RevokedAt.IsZero():
				return 0, 0, pluttra.ErrTokenRevoked
			case !now.Before(t.ExpiresAt):
				return 0, 0, pluttra.ErrTokenExpired
			}
			return 0, 0, pluttra.ErrTokenUsed // spent by a racing request
		}
		res, err = tx.exec(ctx, `UPDATE users SET password_hash = ? WHERE org_id = ? AND id = ? AND active = ?`,
			passwordHash, t.OrgID, t.UserID, true)
		if err := requireOne(res, err, "user"); err != nil {
			return 0, 0, err
		}
		_, err = tx.exec(ctx, `DELETE FROM sessions WHERE org_id = ? AND user_id = ?`, t.OrgID, t.UserID)
		return t.UserID, 0, err
	})
	if err != nil {
		return nil, err
	}
	return s.User(ctx, t.OrgID, t.UserID)
}

// actorRequestID keeps the request id when the context has an actor.
func actorRequestID(ctx context.Context) string {
	a, _ := pluttra.ActorFrom(ctx)
	return a.RequestID
}
