package store

import (
	"context"
	"database/sql"
	"testing"
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

// HoldWriter takes the writer's connection (SQLite's only one) until
// release, so a test can see a write that waits for it.
func (s *Store) HoldWriter(t testing.TB) (release func()) {
	t.Helper()
	conn, err := s.write.Conn(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	return func() { conn.Close() }
}

// Setting reads a setting of a session from the pool: what PostgreSQL
// applies to Pluttra's connections.
func (s *Store) Setting(ctx context.Context, name string) (string, error) {
	var v string
	err := s.queryRow(ctx, `SELECT current_setting(?)`, name).Scan(&v)
	return v, err
}
