package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/stdlib"
	_ "modernc.org/sqlite" // registers the "sqlite" database/sql driver
)

// minSQLite is the oldest SQLite we run on: earlier releases have WAL and
// query-planner bugs that can corrupt or mis-answer under our workload.
const minSQLite = "3.51.3"

// sqlitePragmas are applied to every connection: WAL so readers never block
// the writer, foreign keys on, a busy timeout instead of "database is
// locked", and NORMAL sync, which is safe in WAL mode.
const sqlitePragmas = "_pragma=foreign_keys(1)&_pragma=journal_mode(WAL)&_pragma=busy_timeout(10000)&_pragma=synchronous(NORMAL)&_time_format=sqlite"

func openSQLite(ctx context.Context, path string, callTimeout time.Duration) (*Store, error) {
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
	s := &Store{write: write, read: read, dialect: dialect{name: "sqlite"}, stmts: newStatementCache(read),
		callTimeout: callTimeout, room: writeRoom{dir: filepath.Dir(path)}}
	if err := checkSQLiteVersion(ctx, write, callTimeout); err != nil {
		s.Close()
		return nil, err
	}
	return s, nil
}

func checkSQLiteVersion(ctx context.Context, db *sql.DB, callTimeout time.Duration) error {
	ctx, cancel := context.WithTimeout(ctx, callTimeout)
	defer cancel()
	var v string
	if err := db.QueryRowContext(ctx, "SELECT sqlite_version()").Scan(&v); err != nil {
		return fmt.Errorf("sqlite: %w", err)
	}
	if versionLess(v, minSQLite) {
		return fmt.Errorf("sqlite %s is too old: Pluttra needs %s or newer", v, minSQLite)
	}
	return nil
}

// postgresSessionDefaults are the settings every PostgreSQL session
// Pluttra opens starts with, unless the database URL names them itself
// (e.g. ?statement_timeout=60s). They bound the server's side of a call,
// as each call's deadline bounds Pluttra's side (deadline.go).
var postgresSessionDefaults = map[string]string{
	// A statement still running after this is ended by the server: far
	// past a call's deadline, so only a runaway statement meets it, and
	// the server stops working for a caller that has given up.
	"statement_timeout": "30s",
	// A statement waiting this long for a lock fails, so a transaction
	// that holds a lock too long cannot queue every request behind it.
	"lock_timeout": "10s",
	// A session left idle inside a transaction this long is ended, and
	// its locks with it: its client stopped halfway.
	"idle_in_transaction_session_timeout": "60s",
}

func openPostgres(ctx context.Context, url string, callTimeout time.Duration) (*Store, error) {
	cfg, err := pgx.ParseConfig(url)
	if err != nil {
		return nil, fmt.Errorf("postgres %s: %w", redactURL(url), err)
	}
	_, ownStatementTimeout := cfg.RuntimeParams["statement_timeout"]
	for name, value := range postgresSessionDefaults {
		if _, set := cfg.RuntimeParams[name]; !set {
			cfg.RuntimeParams[name] = value
		}
	}
	// Opening a connection (dial, TLS, the server's start-up) has a
	// call's deadline too, unless the URL gives a connect_timeout.
	if cfg.ConnectTimeout == 0 {
		cfg.ConnectTimeout = callTimeout
	}
	db := stdlib.OpenDB(*cfg)
	db.SetMaxOpenConns(20)
	db.SetMaxIdleConns(10)
	s := &Store{write: db, read: db, dialect: dialect{name: "postgres", dollarArg: true}, callTimeout: callTimeout}
	pctx, cancel := s.bound(ctx)
	defer cancel()
	if err := db.PingContext(pctx); err != nil {
		db.Close()
		if errors.Is(err, context.DeadlineExceeded) {
			return nil, fmt.Errorf("postgres %s: the database did not answer within %s: %w", redactURL(url), callTimeout, err)
		}
		return nil, fmt.Errorf("postgres %s: %w", redactURL(url), err)
	}
	// Migrations may build an index on a large table for minutes: they
	// run without a statement timeout (unless the URL sets one), and keep
	// the lock timeout, so a migration waiting for a lock never holds the
	// running nodes' queries up behind it.
	mcfg := cfg.Copy()
	if !ownStatementTimeout {
		mcfg.RuntimeParams["statement_timeout"] = "0"
	}
	s.migrations = stdlib.OpenDB(*mcfg)
	return s, nil
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
