package testrig

import (
	"errors"
	"os"
	"path/filepath"
	"syscall"
	"testing"
)

// SmallDiskVar names a small file system (a tmpfs of a few MiB) that the
// test command mounts, so that tests can fill a disk for real.
const SmallDiskVar = "PLUTTRA_TEST_SMALL_DISK"

// FullDisk makes dirs (relative names) on the small file system and then
// fills it until the kernel answers "no space left on device". Everything
// is removed after the test. Tests that use it must not run in parallel
// with each other: they share the one small disk.
func FullDisk(t *testing.T, dirs ...string) string {
	t.Helper()
	root, err := os.MkdirTemp(Service(t, SmallDiskVar, "A small disk"), "full-")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { os.RemoveAll(root) })
	for _, d := range dirs {
		if err := os.MkdirAll(filepath.Join(root, d), 0o700); err != nil {
			t.Fatal(err)
		}
	}
	f, err := os.Create(filepath.Join(root, "filler"))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	chunk := make([]byte, 64<<10)
	for {
		if _, err := f.Write(chunk); err != nil {
			if errors.Is(err, syscall.ENOSPC) {
				return root
			}
			t.Fatalf("filling the small disk: %v", err)
		}
	}
}
