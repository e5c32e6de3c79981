package store

import (
	"context"
	"crypto/rand"
	"database/sql"
	"errors"
)

// Secret returns the installation's random key called name, creating it on
// first use. It reads first, so the common case writes nothing; concurrent
// first uses on several nodes agree on one value, because only the first
// insert wins and everyone reads that one.
func (s *Store) Secret(ctx context.Context, name string) ([]byte, error) {
	var v []byte
	err := s.queryRow(ctx, `SELECT value FROM secrets WHERE name = ?`, name).Scan(&v)
	if err == nil {
		return v, nil
	}
	if !errors.Is(err, sql.ErrNoRows) {
		return nil, err
	}
	fresh := make([]byte, 32)
	rand.Read(fresh)
	if _, err := s.exec(ctx, `INSERT INTO secrets (name, value) VALUES (?, ?) ON CONFLICT (name) DO NOTHING`, name, fresh); err != nil {
		return nil, err
	}
	err = s.writeQueryRow(ctx, `SELECT value FROM secrets WHERE name = ?`, name).Scan(&v)
	return v, err
}
