package store_test

import (
	"context"
	"testing"
	"time"

	"github.com/pluttra/pluttra/internal/pluttra"
	"github.com/pluttra/pluttra/internal/store"
	"github.com/pluttra/pluttra/internal/testrig"
)

// TestWriteWaitsOnlyItsDeadline: a write queued behind SQLite's writer
// for longer than a call may take is refused as unavailable, instead of
// waiting for as long as the writer is held, and the next write after the
// writer is free succeeds.
func TestWriteWaitsOnlyItsDeadline(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	s := testrig.SQLite(t, store.Options{CallTimeout: time.Second})
	org := &pluttra.Organisation{Slug: "deadline", Name: "Deadline"}
	if err := s.CreateOrganisation(ctx, org); err != nil {
		t.Fatal(err)
	}
	release := s.HoldWriter(t)
	done := make(chan error, 1)
	go func() { done <- s.CreateUnit(ctx, org.ID, &pluttra.Unit{Name: "Väntan"}) }()
	select {
	case err := <-done:
		if code := pluttra.ErrorCode(err); code != pluttra.EUNAVAILABLE {
			t.Fatalf("a write waiting past its deadline = %q (%v), want %q", code, err, pluttra.EUNAVAILABLE)
		}
	case <-time.After(time.Minute):
		release()
		t.Fatal("a write still waits for the held writer a minute later")
	}
	release()
	if err := s.CreateUnit(ctx, org.ID, &pluttra.Unit{Name: "Sedan"}); err != nil {
		t.Fatalf("a write once the writer is free: %v", err)
	}
}

// TestPostgresSessionLimits: every connection to PostgreSQL runs with a
// statement timeout, a lock timeout and an idle-in-transaction timeout,
// unless the database URL sets its own.
func TestPostgresSessionLimits(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	setting := func(t *testing.T, s *store.Store, name string) string {
		t.Helper()
		v, err := s.Setting(ctx, name)
		if err != nil {
			t.Fatal(err)
		}
		return v
	}
	t.Run("Defaults", func(t *testing.T) {
		t.Parallel()
		s := testrig.Postgres(t, store.Options{})
		for name, want := range map[string]string{"statement_timeout": "30s", "lock_timeout": "10s", "idle_in_transaction_session_timeout": "1min"} {
			if got := setting(t, s, name); got != want {
				t.Errorf("%s = %q, want %q", name, got, want)
			}
		}
	})
	t.Run("URLOverrides", func(t *testing.T) {
		t.Parallel()
		s, err := store.Open(ctx, testrig.PostgresURL(t)+"&statement_timeout=45s", "", store.Options{})
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { s.Close() })
		if got := setting(t, s, "statement_timeout"); got != "45s" {
			t.Fatalf("statement_timeout set in the URL = %q, want 45s", got)
		}
		if got := setting(t, s, "lock_timeout"); got != "10s" {
			t.Fatalf("lock_timeout = %q, want the default 10s", got)
		}
	})
}
