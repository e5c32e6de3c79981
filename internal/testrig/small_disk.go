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

// SmallDisk makes a directory of the test's own on the small file system,
// for what the test puts there before it fills the disk (a database, say).
// It is removed after the test. Tests that use the small disk must not run
// in parallel with each other: they share it.
func SmallDisk(t *testing.T) string {
	t.Helper()
	root, err := os.MkdirTemp(Service(t, SmallDiskVar, "A small disk"), "full-")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { os.RemoveAll(root) })
	return root
}

// FillDisk fills the file system holding dir until the kernel answers "no
// space left on device", and returns a function that frees the space
// again (the test's end frees it too).
func FillDisk(t *testing.T, dir string) (free func()) {
	t.Helper()
	name := filepath.Join(dir, "filler")
	free = func() { os.Remove(name) }
	t.Cleanup(free)
	f, err := os.Create(name)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	chunk := make([]byte, 64<<10)
	for {
		if _, err := f.Write(chunk); err != nil {
			if errors.Is(err, syscall.ENOSPC) {
				return free
			}
			t.Fatalf("filling the small disk: %v", err)
		}
	}
}

// FullDisk makes dirs (relative names) on the small file system and then
// fills it until the kernel answers "no space left on device". Everything
// is removed after the test. Tests that use it must not run in parallel
// with each other: they share the one small disk.
func FullDisk(t *testing.T, dirs ...string) string {
	t.Helper()
	root := SmallDisk(t)
	for _, d := range dirs {
		if err := os.MkdirAll(filepath.Join(root, d), 0o700); err != nil {
			t.Fatal(err)
		}
	}
	FillDisk(t, root)
	return root
}
