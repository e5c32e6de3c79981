package store

import (
	"context"
	"time"

	"github.com/pluttra/pluttra/internal/pluttra"
)

// CreateSession stores a new login session.
func (s *Store) CreateSession(ctx context.Context, ses *pluttra.Session) error {
	_, err := s.exec(ctx, `INSERT INTO sessions (token_hash, org_id, user_id, created_at, last_seen_at, expires_at, second_factor)
		VALUES (?, ?, ?, ?, ?, ?, ?)`, ses.TokenHash, ses.OrgID, ses.UserID,
		ses.CreatedAt.UTC(), ses.LastSeenAt.UTC(), ses.ExpiresAt.UTC(), ses.SecondFactor)
	return domainError(err, "user", "error.conflict")
}

// SessionByTokenHash reads a session by the hash of its cookie token.
func (s *Store) SessionByTokenHash(ctx context.Context, hash []byte) (*pluttra.Session, error) {
	var ses pluttra.Session
	err := s.queryRow(ctx, `SELECT s.token_hash, s.org_id, s.user_id, s.created_at, s.last_seen_at, s.expires_at, s.second_factor, e.epoch
		FROM sessions s JOIN org_epochs e ON e.org_id = s.org_id WHERE s.token_hash = ?`, hash).
		Scan(&ses.TokenHash, &ses.OrgID, &ses.UserID, &ses.CreatedAt, &ses.LastSeenAt, &ses.ExpiresAt, &ses.SecondFactor, &ses.Epoch)
	if err != nil {
		return nil, domainError(err, "session", "")
	}
	return &ses, nil
}

// TouchSession records activity, which pushes the idle timeout forward.
func (s *Store) TouchSession(ctx context.Context, hash []byte, at time.Time) error {
	res, err := s.exec(ctx, `UPDATE sessions SET last_seen_at = ? WHERE token_hash = ?`, at.UTC(), hash)
	return requireOne(res, err, "session")
}

// DeleteSession ends one session; ending a missing one is not an error,
// since logging out twice should simply succeed.
func (s *Store) DeleteSession(ctx context.Context, hash []byte) error {
	_, err := s.exec(ctx, `DELETE FROM sessions WHERE token_hash = ?`, hash)
	return err
}

// DeleteUserSessions ends every session of a user.
func (s *Store) DeleteUserSessions(ctx context.Context, orgID, userID int64) error {
	_, err := s.exec(ctx, `DELETE FROM sessions WHERE org_id = ? AND user_id = ?`, orgID, userID)
	return err
}

var _ pluttra.Store = (*Store)(nil)
