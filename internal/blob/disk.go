package blob

import (
	"context"
	"errors"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"time"
)

// Disk keeps objects as files under a directory.
type Disk struct {
	dir string
}

// tmpDir is where uploads are written before they are renamed into place;
// a sweeper may remove what a crash left there.
const tmpDir = ".tmp"

// NewDisk opens (creating) a store in dir.
func NewDisk(dir string) (*Disk, error) {
	if err := os.MkdirAll(filepath.Join(dir, tmpDir), 0o750); err != nil {
		return nil, err
	}
	return &Disk{dir: dir}, nil
}

func (d *Disk) path(key string) string { return filepath.Join(d.dir, filepath.FromSlash(key)) }

// Put writes to a temporary file, syncs it and renames it into place, so
// a reader never sees half a file and a crash leaves only a temporary one.
func (d *Disk) Put(ctx context.Context, key string, r io.Reader, size int64) error {
	if err := checkKey(key); err != nil {
		return err
	}
	f, err := os.CreateTemp(filepath.Join(d.dir, tmpDir), "put-*")
	if err != nil {
		return diskError(err)
	}
	done := false
	defer func() {
		if !done {
			f.Close()
			os.Remove(f.Name())
		}
	}()
	if _, err := io.Copy(f, contextReader{ctx, r}); err != nil {
		return diskError(err)
	}
	if err := f.Sync(); err != nil {
		return diskError(err)
	}
	if err := f.Close(); err != nil {
		return diskError(err)
	}
	dst := d.path(key)
	if err := os.MkdirAll(filepath.Dir(dst), 0o750); err != nil {
		return diskError(err)
	}
	if err := os.Rename(f.Name(), dst); err != nil {
		return diskError(err)
	}
	done = true
	return nil
}

// Open opens the object's file.
func (d *Disk) Open(ctx context.Context, key string) (Object, error) {
	if err := checkKey(key); err != nil {
		return nil, err
	}
	f, err := os.Open(d.path(key))
	if errors.Is(err, fs.ErrNotExist) {
		return nil, ErrNotFound
	}
	if err != nil {
		return nil, err
	}
	st, err := f.Stat()
	if err != nil {
		f.Close()
		return nil, err
	}
	return &diskObject{File: f, info: Info{Key: key, Size: st.Size(), ModTime: st.ModTime()}}, nil
}

// Delete removes the object's file.
func (d *Disk) Delete(ctx context.Context, key string) error {
	if err := checkKey(key); err != nil {
		return err
	}
	if err := os.Remove(d.path(key)); err != nil && !errors.Is(err, fs.ErrNotExist) {
		return err
	}
	return nil
}

// List walks the directory, leaving out the temporary files.
func (d *Disk) List(ctx context.Context, prefix string, fn func(Info) error) error {
	return filepath.WalkDir(d.dir, func(p string, e fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(d.dir, p)
		key := filepath.ToSlash(rel)
		if e.IsDir() {
			if key == tmpDir {
				return filepath.SkipDir
			}
			return nil
		}
		if !strings.HasPrefix(key, prefix) {
			return nil
		}
		if err := ctx.Err(); err != nil {
			return err
		}
		st, err := e.Info()
		if err != nil {
			return err
		}
		return fn(Info{Key: key, Size: st.Size(), ModTime: st.ModTime()})
	})
}

// RemoveTemp removes the temporary files last written before the given
// time: what a Put left when its process died before it could rename or
// remove it. A Put under way writes to its file all along, so a time a
// while back never takes one.
func (d *Disk) RemoveTemp(before time.Time) (int, error) {
	dir := filepath.Join(d.dir, tmpDir)
	entries, err := os.ReadDir(dir)
	if err != nil {
		return 0, err
	}
	removed := 0
	for _, e := range entries {
		info, err := e.Info()
		if err != nil || e.IsDir() || !info.ModTime().Before(before) {
			continue
		}
		if err := os.Remove(filepath.Join(dir, e.Name())); err == nil {
			removed++
		} else if !errors.Is(err, fs.ErrNotExist) {
			return removed, err
		}
	}
	return removed, nil
}

type diskObject struct {
	*os.File
	info Info
}

func (o *diskObject) Info() Info { return o.info }

func diskError(err error) error {
	if errors.Is(err, syscall.ENOSPC) || errors.Is(err, syscall.EDQUOT) {
		return errors.Join(ErrNoSpace, err)
	}
	return err
}

// contextReader stops a copy when the request behind it ends.
type contextReader struct {
	ctx context.Context
	r   io.Reader
}

func (c contextReader) Read(p []byte) (int, error) {
	if err := c.ctx.Err(); err != nil {
		return 0, err
	}
	return c.r.Read(p)
}
