package store

import (
	"context"
	"embed"
	"fmt"
	"io/fs"
	"time"

	"github.com/pressly/goose/v3"
)

//go:embed migrations/sqlite/*.sql migrations/postgres/*.sql
var migrations embed.FS

// migrateTimeout bounds applying the pending migrations at start: a
// migration may rebuild a large table, but a database that stops
// answering halfway must not hold the start up for ever.
const migrateTimeout = time.Hour

// migrate applies every pending migration of the store's database, each in
// its own transaction, so a failed step leaves the schema at the last good
// version. PostgreSQL's run on connections of their own (openPostgres),
// closed when done.
func (s *Store) migrate(ctx context.Context) error {
	ctx, cancel := context.WithTimeout(ctx, migrateTimeout)
	defer cancel()
	sub, err := fs.Sub(migrations, "migrations/"+s.dialect.name)
	if err != nil {
		return err
	}
	gd := goose.DialectSQLite3
	db := s.write
	if s.dialect.name == "postgres" {
		gd = goose.DialectPostgres
	}
	if s.migrations != nil {
		db = s.migrations
		defer func() {
			s.migrations.Close()
			s.migrations = nil
		}()
	}
	p, err := goose.NewProvider(gd, db, sub)
	if err != nil {
		return fmt.Errorf("migrations: %w", err)
	}
	if _, err := p.Up(ctx); err != nil {
		return fmt.Errorf("migrations: %w", err)
	}
	return nil
}
