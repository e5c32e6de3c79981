package store

import (
	"context"
	"testing"
)

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
