package testrig

import (
	"context"
	"crypto/rand"
	"database/sql"
	"encoding/hex"
	"net/url"
	"testing"
	"time"

	"github.com/pluttra/pluttra/internal/store"
)

// PostgresVar locates the PostgreSQL server the test command starts.
const PostgresVar = "PLUTTRA_TEST_POSTGRES_URL"

// Backend opens a fresh, empty, migrated store for one test.
type Backend struct {
	Name string
	Open func(t testing.TB, opts store.Options) *store.Store
}

// Backends lists both databases; tests run their cases against each.
func Backends() []Backend {
	return []Backend{{"sqlite", SQLite}, {"postgres", Postgres}}
}

// SQLite opens a store on a new database file in the test's temp dir.
func SQLite(t testing.TB, opts store.Options) *store.Store {
	t.Helper()
	s, err := store.Open(context.Background(), "", t.TempDir(), opts)
	if err != nil {
		t.Fatalf("open sqlite: %v", err)
	}
	t.Cleanup(func() { s.Close() })
	return s
}

// Postgres opens a store in a new schema of the test server, dropped after
// the test, so tests run in parallel without seeing each other's rows.
func Postgres(t testing.TB, opts store.Options) *store.Store {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	s, err := store.Open(ctx, PostgresURL(t), "", opts)
	if err != nil {
		t.Fatalf("open postgres: %v", err)
	}
	t.Cleanup(func() { s.Close() })
	return s
}

// PostgresURL is the address of a new schema of the test server, dropped
// after the test, for tests that open the database themselves.
func PostgresURL(t testing.TB) string {
	t.Helper()
	return schemaURL(t, Service(t, PostgresVar, "PostgreSQL"))
}

// schemaURL makes a new schema on the server at base, dropped after the
// test, and returns its address.
func schemaURL(t testing.TB, base string) string {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	admin, err := sql.Open("pgx", base)
	if err != nil {
		t.Fatalf("postgres: %v", err)
	}
	defer admin.Close()
	var b [8]byte
	rand.Read(b[:])
	schema := "t_" + hex.EncodeToString(b[:])
	if _, err := admin.ExecContext(ctx, "CREATE SCHEMA "+schema); err != nil {
		t.Fatalf("postgres: create schema: %v", err)
	}
	t.Cleanup(func() {
		db, err := sql.Open("pgx", base)
		if err != nil {
			return
		}
		defer db.Close()
		db.Exec("DROP SCHEMA " + schema + " CASCADE")
	})
	u, err := url.Parse(base)
	if err != nil {
		t.Fatalf("postgres url: %v", err)
	}
	q := u.Query()
	q.Set("search_path", schema)
	u.RawQuery = q.Encode()
	return u.String()
}
