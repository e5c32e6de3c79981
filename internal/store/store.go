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
	// callTimeout is each database call's deadline (deadline.go).
	callTimeout time.Duration
	// room tells whether the database can take writes (ready.go).
	room writeRoom
	// migrations are PostgreSQL's connections for migrating at start,
	// without a statement timeout; nil once done, and on SQLite.
	migrations *sql.DB
}

// Options tune a store; the zero value is right for production.
type Options struct {
	// Now replaces the clock, for tests that move time.
	Now func() time.Time
	// CallTimeout is how long one database call may take (a statement, a
	// read, a transaction from begin to commit) before it is abandoned as
	// unavailable; zero means DefaultCallTimeout.
	CallTimeout time.Duration
}

// Open connects to url ("" or "sqlite:PATH" for SQLite at path, or a
// postgres:// URL), checks the server, and applies pending migrations.
// For SQLite an empty url means dataDir/pluttra.db.
func Open(ctx context.Context, url, dataDir string, opts Options) (*Store, error) {
	callTimeout := opts.CallTimeout
	if callTimeout <= 0 {
		callTimeout = DefaultCallTimeout
	}
	var s *Store
	var err error
	switch {
	case url == "":
		s, err = openSQLite(ctx, dataDir+"/pluttra.db", callTimeout)
	case strings.HasPrefix(url, "sqlite:"):
		s, err = openSQLite(ctx, strings.TrimPrefix(url, "sqlite:"), callTimeout)
	case strings.HasPrefix(url, "postgres://"), strings.HasPrefix(url, "postgresql://"):
		s, err = openPostgres(ctx, url, callTimeout)
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
	if s.migrations != nil {
		s.migrations.Close()
	}
	err := s.write.Close()
	if s.read != s.write {
		if rerr := s.read.Close(); err == nil {
			err = rerr
		}
	}
	return err
}

// Ping checks that the database answers, within a call's deadline.
func (s *Store) Ping(ctx context.Context) error {
	ctx, cancel := s.bound(ctx)
	defer cancel()
	return storageError(s.read.PingContext(ctx))
}

// Dialect names the database in use: "sqlite" or "postgres".
func (s *Store) Dialect() string { return s.dialect.name }

func (s *Store) exec(ctx context.Context, q string, args ...any) (sql.Result, error) {
	ctx, cancel := s.bound(ctx)
	defer cancel()
	res, err := s.write.ExecContext(ctx, s.dialect.rebind(q), args...)
	return res, s.writeError(err)
}

func (s *Store) query(ctx context.Context, q string, args ...any) (*callRows, error) {
	ctx, cancel := s.bound(ctx)
	var r *sql.Rows
	var err error
	if s.stmts != nil {
		r, err = s.stmts.query(ctx, q, args...)
	} else {
		r, err = s.read.QueryContext(ctx, s.dialect.rebind(q), args...)
	}
	return boundRows(r, err, cancel)
}

func (s *Store) queryRow(ctx context.Context, q string, args ...any) *callRow {
	ctx, cancel := s.bound(ctx)
	if s.stmts != nil {
		return &callRow{row: s.stmts.queryRow(ctx, q, args...), cancel: cancel}
	}
	return &callRow{row: s.read.QueryRowContext(ctx, s.dialect.rebind(q), args...), cancel: cancel}
}

// writeQuery runs a query on the writer: a statement that changes rows
// and returns them, or a read that must see the writer's own changes
// (SQLite's read pool may not see them yet).
func (s *Store) writeQuery(ctx context.Context, q string, args ...any) (*callRows, error) {
	ctx, cancel := s.bound(ctx)
	r, err := s.write.QueryContext(ctx, s.dialect.rebind(q), args...)
	if err != nil {
		err = s.writeError(err)
	}
	return boundRows(r, err, cancel)
}

// writeQueryRow is writeQuery for one row.
func (s *Store) writeQueryRow(ctx context.Context, q string, args ...any) *callRow {
	ctx, cancel := s.bound(ctx)
	return &callRow{row: s.write.QueryRowContext(ctx, s.dialect.rebind(q), args...), cancel: cancel, writer: s}
}

// insert runs an INSERT ... RETURNING id on the writer and returns the id.
func (s *Store) insert(ctx context.Context, q string, args ...any) (int64, error) {
	var id int64
	err := s.writeQueryRow(ctx, q, args...).Scan(&id)
	return id, err
}

// inTx runs fn in one write transaction, committed only when fn succeeds.
// The transaction has one call's deadline from begin to commit, and its
// statements run under it.
func (s *Store) inTx(ctx context.Context, fn func(tx *txn) error) error {
	ctx, cancel := s.bound(ctx)
	defer cancel()
	deadline, _ := ctx.Deadline()
	sqlTx, err := s.write.BeginTx(ctx, nil)
	if err != nil {
		return s.writeError(err)
	}
	if err := fn(&txn{tx: sqlTx, d: s.dialect, deadline: deadline}); err != nil {
		sqlTx.Rollback()
		return s.writeError(err)
	}
	return s.writeError(sqlTx.Commit())
}

// txn rebinds placeholders for statements inside a transaction, and runs
// each under the transaction's deadline.
type txn struct {
	tx       *sql.Tx
	d        dialect
	deadline time.Time
}

func (t *txn) exec(ctx context.Context, q string, args ...any) (sql.Result, error) {
	ctx, cancel := t.bound(ctx)
	defer cancel()
	return t.tx.ExecContext(ctx, t.d.rebind(q), args...)
}

// collect reads every row with scan and closes rows.
func collect[T any](rows *callRows, err error, scan func(*sql.Rows) (T, error)) ([]T, error) {
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []T
	for rows.Next() {
		v, err := scan(rows.Rows)
		if err != nil {
			return nil, err
		}
		out = append(out, v)
	}
	return out, rows.Err()
}
