package store

import (
	"context"
	"crypto/rand"
)

// Secret returns the installation's random key called name, creating it on
// first use. Concurrent first uses on several nodes agree on one value,
// because only the first insert wins.
func (s *Store) Secret(ctx context.Context, name string) ([]byte, error) {
	fresh := make([]byte, 32)
	rand.Read(fresh)
	if _, err := s.exec(ctx, `INSERT INTO secrets (name, value) VALUES (?, ?) ON CONFLICT (name) DO NOTHING`, name, fresh); err != nil {
		return nil, err
	}
	var v []byte
	err := s.write.QueryRowContext(ctx, s.dialect.rebind(`SELECT value FROM secrets WHERE name = ?`), name).Scan(&v)
	return v, err
}
