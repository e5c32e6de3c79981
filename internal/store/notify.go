package store

import (
	"context"
	"fmt"

	"github.com/jackc/pgx/v5/stdlib"
)

// Distributed reports whether several app nodes may share this store, so
// live events must cross nodes through it (PostgreSQL). With SQLite there
// is one node and events stay in the process.
func (s *Store) Distributed() bool { return s.dialect.name == "postgres" }

// Notify sends a payload (ids only, never personal data) to every node
// listening on channel. Called after the change has committed.
func (s *Store) Notify(ctx context.Context, channel, payload string) error {
	if !s.Distributed() {
		return nil
	}
	_, err := s.write.ExecContext(ctx, `SELECT pg_notify($1, $2)`, channel, payload)
	return err
}

// Listen calls fn with each payload notified on channel until ctx ends or
// the connection fails; the caller reconnects.
func (s *Store) Listen(ctx context.Context, channel string, ready func(), fn func(payload string)) error {
	if !s.Distributed() {
		return fmt.Errorf("listen: only PostgreSQL carries events between nodes")
	}
	conn, err := s.write.Conn(ctx)
	if err != nil {
		return err
	}
	defer conn.Close()
	return conn.Raw(func(driverConn any) error {
		c, ok := driverConn.(*stdlib.Conn)
		if !ok {
			return fmt.Errorf("listen: unexpected driver %T", driverConn)
		}
		pg := c.Conn()
		if _, err := pg.Exec(ctx, `LISTEN `+quoteIdent(channel)); err != nil {
			return err
		}
		// The connection goes back to the pool afterwards; it must not
		// keep receiving.
		defer pg.Exec(context.WithoutCancel(ctx), `UNLISTEN *`)
		if ready != nil {
			ready()
		}
		for {
			n, err := pg.WaitForNotification(ctx)
			if err != nil {
				return err
			}
			fn(n.Payload)
		}
	})
}

func quoteIdent(s string) string {
	return `"` + s + `"`
}
