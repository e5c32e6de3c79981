package store

import (
	"context"
	"database/sql"
	"time"
)

// DefaultCallTimeout is how long one database call may take: a statement,
// a read with its rows, or a transaction from its begin to its commit. A
// call still waiting then is abandoned and reported as Unavailable, so a
// page whose database stopped answering fails with 503 instead of
// hanging, and a background worker tries again on its next round. Waiting
// for SQLite's single writer counts, so a write queued behind a long
// transaction is refused rather than kept waiting.
const DefaultCallTimeout = 5 * time.Second

// bulkTimeout is the deadline of the calls that write a whole import or a
// generated data set in one transaction (bulk).
const bulkTimeout = 10 * time.Minute

type bulkKey struct{}

// bulk marks ctx for a call that writes a whole data set at once, which
// takes bulkTimeout rather than a call's deadline.
func bulk(ctx context.Context) context.Context { return context.WithValue(ctx, bulkKey{}, true) }

// bound gives a call its deadline, or keeps the caller's when sooner.
func (s *Store) bound(ctx context.Context) (context.Context, context.CancelFunc) {
	d := s.callTimeout
	if ctx.Value(bulkKey{}) != nil {
		d = bulkTimeout
	}
	return context.WithTimeout(ctx, d)
}

// bound gives a statement of the transaction the transaction's deadline.
func (t *txn) bound(ctx context.Context) (context.Context, context.CancelFunc) {
	return context.WithDeadline(ctx, t.deadline)
}

// callRows are a query's rows under the deadline the query was given: Close
// releases it, and Err reports a deadline passed, or a full disk, as the
// domain's error.
type callRows struct {
	*sql.Rows
	cancel context.CancelFunc
}

// boundRows pairs the result of a query with the release of its deadline,
// which an error releases at once.
func boundRows(r *sql.Rows, err error, cancel context.CancelFunc) (*callRows, error) {
	if err != nil {
		cancel()
		return nil, storageError(err)
	}
	return &callRows{Rows: r, cancel: cancel}, nil
}

// Close closes the rows and releases their deadline.
func (r *callRows) Close() error {
	err := r.Rows.Close()
	r.cancel()
	return err
}

// Err is the error that ended the rows, as the domain reports it.
func (r *callRows) Err() error { return storageError(r.Rows.Err()) }

// callRow is one row under the deadline its query was given, released by Scan.
type callRow struct {
	row    *sql.Row
	cancel context.CancelFunc
	// writer is set for a row the writer returned (an INSERT or UPDATE
	// ... RETURNING), whose error is a write's.
	writer *Store
}

// Scan copies the row into dest, as sql.Row.Scan does, and reports a
// deadline passed, or a full disk, as the domain's error.
func (r *callRow) Scan(dest ...any) error {
	defer r.cancel()
	err := r.row.Scan(dest...)
	if r.writer != nil {
		return r.writer.writeError(err)
	}
	return storageError(err)
}
