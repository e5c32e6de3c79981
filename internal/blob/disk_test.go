package blob_test

import (
	"context"
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/pluttra/pluttra/internal/blob"
	"github.com/pluttra/pluttra/internal/blob/blobtest"
)

func TestDisk(t *testing.T) {
	blobtest.Run(t, func(t testing.TB) blob.Store {
		d, err := blob.NewDisk(t.TempDir())
		if err != nil {
			t.Fatal(err)
		}
		return d
	})
}

// TestDiskRemovesLeftTempFiles: a Put cut short by a dying process leaves
// a temporary file no key names; RemoveTemp takes it once it is older than
// the time given, and leaves a recent one (a Put under way) and every
// object alone.
func TestDiskRemovesLeftTempFiles(t *testing.T) {
	dir := t.TempDir()
	d, err := blob.NewDisk(dir)
	if err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	if err := d.Put(ctx, "media/1/2/feed", strings.NewReader("kept"), 4); err != nil {
		t.Fatal(err)
	}
	left := filepath.Join(dir, ".tmp", "put-left")
	if err := os.WriteFile(left, []byte("half an upload"), 0o600); err != nil {
		t.Fatal(err)
	}
	written := time.Now()
	if err := os.Chtimes(left, written, written); err != nil {
		t.Fatal(err)
	}
	if n, err := d.RemoveTemp(written); err != nil || n != 0 {
		t.Fatalf("a file written at the limit: removed %d, %v", n, err)
	}
	if n, err := d.RemoveTemp(written.Add(time.Minute)); err != nil || n != 1 {
		t.Fatalf("removed %d, %v; want the one left file", n, err)
	}
	if _, err := os.Stat(left); !errors.Is(err, fs.ErrNotExist) {
		t.Fatalf("the left temporary file remains: %v", err)
	}
	if obj, err := d.Open(ctx, "media/1/2/feed"); err != nil {
		t.Fatalf("the object went with the temporary files: %v", err)
	} else {
		obj.Close()
	}
}
