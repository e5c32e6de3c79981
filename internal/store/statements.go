package store

import (
	"context"
	"database/sql"
	"strings"
	"sync"
)

// maxCachedStatements bounds the statement cache. Queries are built from
// a fixed set of texts, with IN lists whose length follows a guardian's
// children, so the set in use is small; past the bound, queries are
// prepared per call as before.
const maxCachedStatements = 2000

// statementCache keeps SQLite's prepared read statements by their text:
// parsing and planning a query costs more than running most of ours, and
// database/sql prepares a cached statement once on each connection.
// PostgreSQL needs none: pgx caches statements per connection itself.
// The driver keeps a statement prepared only when nothing follows it, not
// even white space, hence the trimming.
type statementCache struct {
	db *sql.DB
	mu sync.RWMutex
	m  map[string]*sql.Stmt
}

func newStatementCache(db *sql.DB) *statementCache {
	return &statementCache{db: db, m: map[string]*sql.Stmt{}}
}

// statement returns the prepared statement for q, or nil when the cache is
// full.
func (c *statementCache) statement(ctx context.Context, q string) (*sql.Stmt, error) {
	c.mu.RLock()
	st, ok := c.m[q]
	c.mu.RUnlock()
	if ok {
		return st, nil
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	if st, ok := c.m[q]; ok {
		return st, nil
	}
	if len(c.m) >= maxCachedStatements {
		return nil, nil
	}
	st, err := c.db.PrepareContext(ctx, q)
	if err != nil {
		return nil, err
	}
	c.m[q] = st
	return st, nil
}

func (c *statementCache) query(ctx context.Context, q string, args ...any) (*sql.Rows, error) {
	q = strings.TrimSpace(q)
	st, err := c.statement(ctx, q)
	if err != nil {
		return nil, err
	}
	if st == nil {
		return c.db.QueryContext(ctx, q, args...)
	}
	return st.QueryContext(ctx, args...)
}

func (c *statementCache) queryRow(ctx context.Context, q string, args ...any) *sql.Row {
	q = strings.TrimSpace(q)
	st, err := c.statement(ctx, q)
	if err != nil || st == nil {
		// An error to prepare shows again, as the row's error.
		return c.db.QueryRowContext(ctx, q, args...)
	}
	return st.QueryRowContext(ctx, args...)
}

func (c *statementCache) close() {
	c.mu.Lock()
	defer c.mu.Unlock()
	for q, st := range c.m {
		st.Close()
		delete(c.m, q)
	}
}
