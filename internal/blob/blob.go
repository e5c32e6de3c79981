// Package blob keeps media bytes: on local disk by default, or in
// S3-compatible object storage for several app nodes. Both pass the same
// conformance suite (blobtest). Keys are Pluttra's own, never a user's
// file name, and an object is visible only once it is complete.
package blob

import (
	"context"
	"errors"
	"io"
	"strings"
	"time"
)

// Store keeps objects by key.
type Store interface {
	// Put stores the reader's bytes under key, replacing what was there.
	// The object appears whole or not at all: a reader that fails midway
	// leaves nothing behind. size is the length when known, or -1.
	Put(ctx context.Context, key string, r io.Reader, size int64) error
	// Open returns the object for reading; ErrNotFound when there is none.
	Open(ctx context.Context, key string) (Object, error)
	// Delete removes the object; deleting what is not there is no error.
	Delete(ctx context.Context, key string) error
	// List calls fn for each object whose key starts with prefix.
	List(ctx context.Context, prefix string, fn func(Info) error) error
}

// Object is an open object: seekable, so HTTP range requests can be
// served from it.
type Object interface {
	io.ReadSeekCloser
	Info() Info
}

// Info describes an object.
type Info struct {
	Key     string
	Size    int64
	ModTime time.Time
}

// Presigner is a store that can hand out a short-lived URL for an object,
// so the client fetches the bytes from the object store directly.
type Presigner interface {
	PresignGet(ctx context.Context, key string, ttl time.Duration, filename string) (string, error)
}

// TempRemover is a store that keeps temporary files of its own while it
// writes (the disk store): the sweeper asks it to remove those a process
// that died mid-write left, which no key names.
type TempRemover interface {
	// RemoveTemp removes temporary files last written before the given
	// time and reports how many.
	RemoveTemp(before time.Time) (int, error)
}

// ErrNotFound is returned for a key with no object.
var ErrNotFound = errors.New("blob: not found")

// ErrBadKey is returned for a key Pluttra would never make.
var ErrBadKey = errors.New("blob: bad key")

// ErrNoSpace is returned when the storage is full.
var ErrNoSpace = errors.New("blob: no space left")

// checkKey accepts keys made of path segments of letters, digits, '-',
// '_' and '.', with no empty, "." or ".." segment, so a key can never
// leave the store's directory or bucket prefix.
func checkKey(key string) error {
	if key == "" || len(key) > 512 {
		return ErrBadKey
	}
	for _, seg := range strings.Split(key, "/") {
		if seg == "" || seg == "." || seg == ".." {
			return ErrBadKey
		}
		for _, c := range seg {
			ok := c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '-' || c == '_' || c == '.'
			if !ok {
				return ErrBadKey
			}
		}
	}
	return nil
}
