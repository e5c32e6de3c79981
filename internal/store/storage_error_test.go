package store

import (
	"context"
	"database/sql"
	"fmt"
	"testing"
	"time"

	"github.com/jackc/pgx/v5/pgconn"

	"github.com/pluttra/pluttra/internal/pluttra"
)

// TestStorageError: the driver's reports of a full disk and of a database
// that does not answer become the domain's codes, which the web layer
// answers with 507 and 503; other errors pass unchanged.
func TestStorageError(t *testing.T) {
	for _, c := range []struct {
		name string
		err  error
		code string
	}{
		{"PostgresDiskFull", &pgconn.PgError{Code: "53100"}, pluttra.EFULL},
		{"StatementTimeout", &pgconn.PgError{Code: "57014"}, pluttra.EUNAVAILABLE},
		{"LockTimeout", &pgconn.PgError{Code: "55P03"}, pluttra.EUNAVAILABLE},
		{"ServerShuttingDown", &pgconn.PgError{Code: "57P01"}, pluttra.EUNAVAILABLE},
		{"DeadlinePassed", fmt.Errorf("query: %w", context.DeadlineExceeded), pluttra.EUNAVAILABLE},
		{"CallerLeftIsNotUnavailable", context.Canceled, pluttra.EINTERNAL},
		{"DuplicateIsNotStorage", &pgconn.PgError{Code: "23505"}, pluttra.EINTERNAL},
	} {
		t.Run(c.name, func(t *testing.T) {
			if got := pluttra.ErrorCode(storageError(c.err)); got != c.code {
				t.Fatalf("code of %v = %q, want %q", c.err, got, c.code)
			}
		})
	}
	t.Run("NoRowsUnchanged", func(t *testing.T) {
		if err := storageError(sql.ErrNoRows); err != sql.ErrNoRows {
			t.Fatalf("sql.ErrNoRows became %v", err)
		}
	})
	t.Run("DomainThroughDomainError", func(t *testing.T) {
		if got := pluttra.ErrorCode(domainError(&pgconn.PgError{Code: "53100"}, "post", "")); got != pluttra.EFULL {
			t.Fatalf("domainError code = %q", got)
		}
	})
}

// TestPostgresFullHeldForAWhile: PostgreSQL's disk cannot be seen from
// the app, so a write it refused for want of space makes the store not
// ready for fullHeld, and ready again after.
func TestPostgresFullHeldForAWhile(t *testing.T) {
	now := time.Date(2026, 3, 10, 9, 0, 0, 0, time.UTC)
	s := &Store{now: func() time.Time { return now }}
	if err := s.canWrite(); err != nil {
		t.Fatalf("before any full disk: %v", err)
	}
	if got := pluttra.ErrorCode(s.writeError(&pgconn.PgError{Code: "53100"})); got != pluttra.EFULL {
		t.Fatalf("a refused write = %q", got)
	}
	if got := pluttra.ErrorCode(s.canWrite()); got != pluttra.EFULL {
		t.Fatalf("right after a refused write = %q, want %q", got, pluttra.EFULL)
	}
	now = now.Add(fullHeld)
	if err := s.canWrite(); err != nil {
		t.Fatalf("%s after the refused write: %v", fullHeld, err)
	}
}
