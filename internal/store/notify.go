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
	_, err := s.exec(ctx, `SELECT pg_notify(?, ?)`, channel, payload)
	return err
}

// Listen calls fn with each payload notified on channel until ctx ends or
// the connection fails; the caller reconnects. Taking the connection,
// LISTEN and UNLISTEN each have a call's deadline; the wait for the next
// notification has none but ctx.
func (s *Store) Listen(ctx context.Context, channel string, ready func(), fn func(payload string)) error {
	if !s.Distributed() {
		return fmt.Errorf("listen: only PostgreSQL carries events between nodes")
	}
	cctx, cancel := s.bound(ctx)
	conn, err := s.write.Conn(cctx)
	cancel()
	if err != nil {
		return storageError(err)
	}
	defer conn.Close()
	return conn.Raw(func(driverConn any) error {
		c, ok := driverConn.(*stdlib.Conn)
		if !ok {
			return fmt.Errorf("listen: unexpected driver %T", driverConn)
		}
		pg := c.Conn()
		lctx, cancel := s.bound(ctx)
		_, err := pg.Exec(lctx, `LISTEN `+quoteIdent(channel))
		cancel()
		if err != nil {
			return storageError(err)
		}
		// The connection goes back to the pool afterwards; it must not
		// keep receiving.
		defer func() {
			uctx, cancel := s.bound(context.WithoutCancel(ctx))
			defer cancel()
			pg.Exec(uctx, `UNLISTEN *`)
		}()
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
