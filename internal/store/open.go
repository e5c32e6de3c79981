package store

import (
	"context"
	"database/sql"
	"fmt"
	"os"
	"path/filepath"
	"runtime"

	_ "github.com/jackc/pgx/v5/stdlib" // registers the "pgx" database/sql driver
	_ "modernc.org/sqlite"             // registers the "sqlite" database/sql driver
)

// minSQLite is the oldest SQLite we run on: earlier releases have WAL and
// query-planner bugs that can corrupt or mis-answer under our workload.
const minSQLite = "3.51.3"

// sqlitePragmas are applied to every connection: WAL so readers never block
// the writer, foreign keys on, a busy timeout instead of "database is
// locked", and NORMAL sync, which is safe in WAL mode.
const sqlitePragmas = "_pragma=foreign_keys(1)&_pragma=journal_mode(WAL)&_pragma=busy_timeout(10000)&_pragma=synchronous(NORMAL)&_time_format=sqlite"

func openSQLite(ctx context.Context, path string) (*Store, error) {
	if err := os.MkdirAll(filepath.Dir(path), 0o700); err != nil {
		return nil, fmt.Errorf("sqlite: %w", err)
	}
	// One writer connection serialises writes in the process, and
	// BEGIN IMMEDIATE takes the write lock up front, so writes queue here
	// rather than failing with "database is locked".
	write, err := sql.Open("sqlite", "file:"+path+"?"+sqlitePragmas+"&_txlock=immediate")
	if err != nil {
		return nil, fmt.Errorf("sqlite: %w", err)
	}
	write.SetMaxOpenConns(1)
	// Readers keep a larger page cache (32 MiB each, filled only as
	// used), and the pool keeps its connections, so the caches stay warm.
	read, err := sql.Open("sqlite", "file:"+path+"?"+sqlitePragmas+"&_pragma=query_only(1)&_pragma=cache_size(-32768)")
	if err != nil {
		write.Close()
		return nil, fmt.Errorf("sqlite: %w", err)
	}
	readers := max(32, runtime.NumCPU()*8)
	read.SetMaxOpenConns(readers)
	read.SetMaxIdleConns(readers)
	s := &Store{write: write, read: read, dialect: dialect{name: "sqlite"}, stmts: newStatementCache(read)}
	if err := checkSQLiteVersion(ctx, write); err != nil {
		s.Close()
		return nil, err
	}
	return s, nil
}

func checkSQLiteVersion(ctx context.Context, db *sql.DB) error {
	var v string
	if err := db.QueryRowContext(ctx, "SELECT sqlite_version()").Scan(&v); err != nil {
		return fmt.Errorf("sqlite: %w", err)
	}
	if versionLess(v, minSQLite) {
		return fmt.Errorf("sqlite %s is too old: Pluttra needs %s or newer", v, minSQLite)
	}
	return nil
}

func openPostgres(ctx context.Context, url string) (*Store, error) {
	db, err := sql.Open("pgx", url)
	if err != nil {
		return nil, fmt.Errorf("postgres %s: %w", redactURL(url), err)
	}
	db.SetMaxOpenConns(20)
	db.SetMaxIdleConns(10)
	if err := db.PingContext(ctx); err != nil {
		db.Close()
		return nil, fmt.Errorf("postgres %s: %w", redactURL(url), err)
	}
	return &Store{write: db, read: db, dialect: dialect{name: "postgres", dollarArg: true}}, nil
}

// versionLess compares dotted version numbers such as 3.51.3.
func versionLess(a, b string) bool {
	var pa, pb [3]int
	fmt.Sscanf(a, "%d.%d.%d", &pa[0], &pa[1], &pa[2])
	fmt.Sscanf(b, "%d.%d.%d", &pb[0], &pb[1], &pb[2])
	for i := range pa {
		if pa[i] != pb[i] {
			return pa[i] < pb[i]
		}
	}
	return false
}
