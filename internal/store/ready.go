package store

import (
	"context"
	"fmt"
	"sync/atomic"
	"time"

	"github.com/pluttra/pluttra/internal/pluttra"
)

// minFreeForWrites is the free space below which the disk under a SQLite
// database counts as full: a write needs room to grow the write-ahead
// log, and a checkpoint room to grow the database file.
const minFreeForWrites = 1 << 20

// fullHeld is how long a PostgreSQL server that refused a write for want
// of disk space counts as full. Its disk cannot be seen from here, so the
// node reports itself not ready for a while, and then lets writes try
// again.
const fullHeld = 30 * time.Second

// writeRoom knows whether the database can take writes now.
type writeRoom struct {
	// dir holds the SQLite database; its file system's free space is
	// asked for. Empty with PostgreSQL.
	dir string
	// fullAt is when a write last failed for want of space (Unix
	// nanoseconds), or zero.
	fullAt atomic.Int64
}

// Ready reports whether the store can serve now: nil, or Unavailable when
// the database does not answer within a call's deadline, or StorageFull
// when it cannot take writes because its disk is full. SQLite's disk is
// asked for its free space: a write that is rolled back never reaches
// the disk, and a committed one may fit into the write-ahead log's old
// room and succeed while any larger write fails. A PostgreSQL server
// counts as full for a while after it refused a write for that reason.
func (s *Store) Ready(ctx context.Context) error {
	if err := s.Ping(ctx); err != nil {
		return err
	}
	return s.canWrite()
}

// canWrite is Ready's answer about writes: StorageFull when the disk
// under SQLite has less than minFreeForWrites free, or PostgreSQL refused
// a write for want of space less than fullHeld ago.
func (s *Store) canWrite() error {
	if s.room.dir != "" {
		free, known, err := freeSpace(s.room.dir)
		if err != nil {
			return fmt.Errorf("free space of %s: %w", s.room.dir, err)
		}
		if known && free < minFreeForWrites {
			return pluttra.StorageFull(fmt.Errorf("%s has %d bytes free", s.room.dir, free))
		}
		return nil
	}
	if at := s.room.fullAt.Load(); at != 0 && s.now().Sub(time.Unix(0, at)) < fullHeld {
		return pluttra.StorageFull(fmt.Errorf("the database server refused a write for want of disk space at %s", time.Unix(0, at).UTC().Format(time.RFC3339)))
	}
	return nil
}

// writeError is storageError for a write, remembering a full disk for
// Ready.
func (s *Store) writeError(err error) error {
	err = storageError(err)
	if err != nil && pluttra.ErrorCode(err) == pluttra.EFULL && s.now != nil {
		s.room.fullAt.Store(s.now().UnixNano())
	}
	return err
}
