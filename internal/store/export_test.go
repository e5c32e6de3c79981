package store

import (
	"context"
	"database/sql"
)

// InsertUnkeyedRecoveryCode stores a recovery code hash as codes were
// stored before they were keyed, for the test of keying them in place.
func (s *Store) InsertUnkeyedRecoveryCode(ctx context.Context, orgID, userID int64, hash []byte) error {
	_, err := s.exec(ctx, `INSERT INTO recovery_codes (org_id, user_id, code_hash) VALUES (?, ?, ?)`, orgID, userID, hash)
	return err
}

// RecoveryCodeHashes lists a user's stored recovery code hashes.
func (s *Store) RecoveryCodeHashes(ctx context.Context, orgID, userID int64) ([][]byte, error) {
	rows, err := s.query(ctx, `SELECT code_hash FROM recovery_codes WHERE org_id = ? AND user_id = ? ORDER BY id`, orgID, userID)
	return collect(rows, err, func(r *sql.Rows) ([]byte, error) {
		var h []byte
		return h, r.Scan(&h)
	})
}
