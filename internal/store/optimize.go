package store

import "context"

// Optimize refreshes the statistics the SQLite query planner chooses
// indexes by. Without them it may walk a whole table of posts where an
// index would read twenty rows; with PostgreSQL, autovacuum keeps them.
// The analysis is bounded (analysis_limit), so it takes milliseconds even
// on a large database. Run at start and every few hours.
func (s *Store) Optimize(ctx context.Context) error {
	if s.dialect.name != "sqlite" {
		return nil
	}
	if _, err := s.exec(ctx, `PRAGMA analysis_limit = 1000`); err != nil {
		return err
	}
	// 0x10002: analyse every table whose statistics are missing or stale,
	// as SQLite advises for a long-lived connection.
	_, err := s.exec(ctx, `PRAGMA optimize = 0x10002`)
	return err
}
