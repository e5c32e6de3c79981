// Package store keeps Pluttra's data in SQLite (the embedded default) or
// PostgreSQL through one set of hand-written SQL that both accept. The few
// differences between them live in dialect.go.
package store

import (
	"context"
	"database/sql"
	"fmt"
	"strings"
	"time"
)

// Store implements pluttra.Store on either database.
type Store struct {
	write   *sql.DB // the single writer on SQLite; the pool on PostgreSQL
	read    *sql.DB // a read pool on SQLite; the same pool on PostgreSQL
	dialect dialect
	now     func() time.Time
	// stmts caches the read pool's prepared statements on SQLite (nil on
	// PostgreSQL).
	stmts *statementCache
}

// Options tune a store; the zero value is right for production.
type Options struct {
	// Now replaces the clock, for tests that move time.
	Now func() time.Time
}

// Open connects to url ("" or "sqlite:PATH" for SQLite at path, or a
// postgres:// URL), checks the server, and applies pending migrations.
// For SQLite an empty url means dataDir/pluttra.db.
func Open(ctx context.Context, url, dataDir string, opts Options) (*Store, error) {
	var s *Store
	var err error
	switch {
	case url == "":
		s, err = openSQLite(ctx, dataDir+"/pluttra.db")
	case strings.HasPrefix(url, "sqlite:"):
		s, err = openSQLite(ctx, strings.TrimPrefix(url, "sqlite:"))
	case strings.HasPrefix(url, "postgres://"), strings.HasPrefix(url, "postgresql://"):
		s, err = openPostgres(ctx, url)
	default:
		return nil, fmt.Errorf("database url: want empty, sqlite:PATH or postgres://..., got scheme of %q", redactURL(url))
	}
	if err != nil {
		return nil, err
	}
	s.now = time.Now
	if opts.Now != nil {
		s.now = opts.Now
	}
	if err := s.migrate(ctx); err != nil {
		s.Close()
		return nil, err
	}
	if err := s.Optimize(ctx); err != nil {
		s.Close()
		return nil, fmt.Errorf("optimize: %w", err)
	}
	return s, nil
}

// Close releases both pools.
func (s *Store) Close() error {
	if s.stmts != nil {
		s.stmts.close()
	}
	err := s.write.Close()
	if s.read != s.write {
		if rerr := s.read.Close(); err == nil {
			err = rerr
		}
	}
	return err
}

// Ping checks that the database answers, for readiness probes.
func (s *Store) Ping(ctx context.Context) error { return s.read.PingContext(ctx) }

// Dialect names the database in use: "sqlite" or "postgres".
func (s *Store) Dialect() string { return s.dialect.name }

func (s *Store) exec(ctx context.Context, q string, args ...any) (sql.Result, error) {
	return s.write.ExecContext(ctx, s.dialect.rebind(q), args...)
}

func (s *Store) query(ctx context.Context, q string, args ...any) (*sql.Rows, error) {
	if s.stmts != nil {
		return s.stmts.query(ctx, q, args...)
	}
	return s.read.QueryContext(ctx, s.dialect.rebind(q), args...)
}

func (s *Store) queryRow(ctx context.Context, q string, args ...any) *sql.Row {
	if s.stmts != nil {
		return s.stmts.queryRow(ctx, q, args...)
	}
	return s.read.QueryRowContext(ctx, s.dialect.rebind(q), args...)
}

// insert runs an INSERT ... RETURNING id on the writer and returns the id.
func (s *Store) insert(ctx context.Context, q string, args ...any) (int64, error) {
	var id int64
	err := s.write.QueryRowContext(ctx, s.dialect.rebind(q), args...).Scan(&id)
	return id, err
}

// inTx runs fn in one write transaction, committed only when fn succeeds.
func (s *Store) inTx(ctx context.Context, fn func(tx *txn) error) error {
	sqlTx, err := s.write.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	if err := fn(&txn{tx: sqlTx, d: s.dialect}); err != nil {
		sqlTx.Rollback()
		return err
	}
	return sqlTx.Commit()
}

// txn rebinds placeholders for statements inside a transaction.
type txn struct {
	tx *sql.Tx
	d  dialect
}

func (t *txn) exec(ctx context.Context, q string, args ...any) (sql.Result, error) {
	return t.tx.ExecContext(ctx, t.d.rebind(q), args...)
}

// collect reads every row with scan and closes rows.
func collect[T any](rows *sql.Rows, err error, scan func(*sql.Rows) (T, error)) ([]T, error) {
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []T
	for rows.Next() {
		v, err := scan(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, v)
	}
	return out, rows.Err()
}
