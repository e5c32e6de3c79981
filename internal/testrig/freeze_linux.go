package testrig

import (
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"
)

// The test command starts a second, small PostgreSQL server for the test
// that freezes one, so the server every other test shares never stops.
// FreezablePostgresVar locates it and FreezablePostgresPIDVar names its
// postmaster.
const (
	FreezablePostgresVar    = "PLUTTRA_TEST_FREEZABLE_POSTGRES_URL"
	FreezablePostgresPIDVar = "PLUTTRA_TEST_FREEZABLE_POSTGRES_PID"
)

// FreezablePostgres returns the address of a new schema on the freezable
// server, and freeze, which stops (SIGSTOP) the postmaster and then every
// process it has started (each backend leads a process group of its own,
// so the postmaster's group is not enough): connections stay open and
// nothing answers, as with a server that hangs. The processes go on
// (SIGCONT) when the test ends, before the test's other cleanups. Only one
// test may use the server at a time.
func FreezablePostgres(t *testing.T) (url string, freeze func()) {
	t.Helper()
	base := Service(t, FreezablePostgresVar, "A PostgreSQL server to freeze")
	pid, err := strconv.Atoi(Service(t, FreezablePostgresPIDVar, "The pid of the PostgreSQL server to freeze"))
	if err != nil || pid <= 1 || pid == os.Getpid() {
		t.Fatalf("%s=%q is not the pid of a postmaster", FreezablePostgresPIDVar, os.Getenv(FreezablePostgresPIDVar))
	}
	url = schemaURL(t, base)
	return url, func() {
		t.Helper()
		var stopped []int
		t.Cleanup(func() {
			for _, p := range stopped {
				syscall.Kill(p, syscall.SIGCONT)
			}
		})
		if err := syscall.Kill(pid, syscall.SIGSTOP); err != nil {
			t.Fatalf("stopping the postmaster %d: %v", pid, err)
		}
		stopped = append(stopped, pid)
		// Once it has stopped it starts no more backends.
		for deadline := time.Now().Add(30 * time.Second); processState(pid) != "T"; time.Sleep(10 * time.Millisecond) {
			if time.Now().After(deadline) {
				t.Fatalf("the postmaster %d did not stop", pid)
			}
		}
		for _, child := range childrenOf(pid) {
			if syscall.Kill(child, syscall.SIGSTOP) == nil {
				stopped = append(stopped, child)
			}
		}
	}
}

// processState is the state letter of a process (T when stopped), from
// /proc/PID/stat, or "" when it cannot be read.
func processState(pid int) string {
	fields := statFields(pid)
	if len(fields) < 1 {
		return ""
	}
	return fields[0]
}

// childrenOf lists the processes whose parent is pid.
func childrenOf(pid int) []int {
	dirs, _ := filepath.Glob("/proc/[0-9]*")
	var out []int
	for _, d := range dirs {
		p, err := strconv.Atoi(filepath.Base(d))
		if err != nil {
			continue
		}
		if f := statFields(p); len(f) > 1 && f[1] == strconv.Itoa(pid) {
			out = append(out, p)
		}
	}
	return out
}

// statFields are the fields of /proc/PID/stat after the command name
// (which may hold spaces): state, parent, process group, ...
func statFields(pid int) []string {
	b, err := os.ReadFile("/proc/" + strconv.Itoa(pid) + "/stat")
	if err != nil {
		return nil
	}
	s := string(b)
	i := strings.LastIndexByte(s, ')')
	if i < 0 {
		return nil
	}
	return strings.Fields(s[i+1:])
}
