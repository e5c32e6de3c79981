package testrig

import (
	"bytes"
	"os"
	"path/filepath"
	"runtime"
	"strconv"
	"testing"
	"time"
)

// Proc is a process as Linux's /proc tells of it: enough to find a
// server's child by its name and to tell it from a later process that
// reuses its id.
type Proc struct {
	PID   int
	PPID  int
	Group int    // the process group
	Comm  string // the executable's name, at most 15 bytes
	State byte   // R, S, D, Z (exited, not yet reaped), ...
	Start uint64 // start time in clock ticks since boot
}

// Running reports whether the process still runs: its id names the same
// process and it has not exited. An exited child whose parent died may
// stay a zombie when nothing reaps orphans; it runs no more.
func (p Proc) Running() bool {
	now, ok := ReadProc(p.PID)
	return ok && now.Start == p.Start && now.State != 'Z' && now.State != 'X'
}

// ReadProc reads /proc/PID/stat.
func ReadProc(pid int) (Proc, bool) {
	b, err := os.ReadFile(filepath.Join("/proc", strconv.Itoa(pid), "stat"))
	if err != nil {
		return Proc{}, false
	}
	// "pid (comm) state ppid ..."; comm may hold spaces and parentheses.
	open, end := bytes.IndexByte(b, '('), bytes.LastIndexByte(b, ')')
	if open < 0 || end < open || end+2 >= len(b) {
		return Proc{}, false
	}
	fields := bytes.Fields(b[end+2:])
	if len(fields) < 20 {
		return Proc{}, false
	}
	p := Proc{PID: pid, Comm: string(b[open+1 : end]), State: fields[0][0]}
	p.PPID, _ = strconv.Atoi(string(fields[1]))
	p.Group, _ = strconv.Atoi(string(fields[2]))
	p.Start, _ = strconv.ParseUint(string(fields[19]), 10, 64)
	return p, true
}

// ChildrenOf lists the processes whose parent is pid.
func ChildrenOf(pid int) []Proc {
	return processes(func(p Proc) bool { return p.PPID == pid })
}

// RunningInGroup lists the running processes of a process group.
func RunningInGroup(group int) []Proc {
	return processes(func(p Proc) bool { return p.Group == group && p.State != 'Z' && p.State != 'X' })
}

func processes(keep func(Proc) bool) []Proc {
	entries, _ := os.ReadDir("/proc")
	var out []Proc
	for _, e := range entries {
		id, err := strconv.Atoi(e.Name())
		if err != nil {
			continue
		}
		if p, ok := ReadProc(id); ok && keep(p) {
			out = append(out, p)
		}
	}
	return out
}

// procDeadline bounds the waits below: generous, as the machine may be
// busy; they return as soon as what they wait for is so.
const procDeadline = 2 * time.Minute

// LinuxProcesses skips (or fails under the full test command) where there
// is no /proc to watch processes through.
func LinuxProcesses(t testing.TB) {
	t.Helper()
	if runtime.GOOS != "linux" {
		unavailable(t, "watching processes needs Linux's /proc")
	}
}

// WaitForChild waits until pid has a running child named comm and returns
// it; alive reports, while waiting, whether pid itself still runs, so a
// parent that died fails at once with its reason.
func WaitForChild(t testing.TB, pid int, comm string, alive func() error) Proc {
	t.Helper()
	deadline := time.Now().Add(procDeadline)
	for time.Now().Before(deadline) {
		for _, c := range ChildrenOf(pid) {
			if c.Comm == comm && c.Running() {
				return c
			}
		}
		if alive != nil {
			if err := alive(); err != nil {
				t.Fatalf("waiting for %s under process %d: %v", comm, pid, err)
			}
		}
		time.Sleep(10 * time.Millisecond)
	}
	t.Fatalf("process %d started no %s within %v", pid, comm, procDeadline)
	return Proc{}
}

// WaitGone waits until p runs no more, and fails if it still does at the
// deadline.
func WaitGone(t testing.TB, p Proc) {
	t.Helper()
	deadline := time.Now().Add(procDeadline)
	for p.Running() {
		if time.Now().After(deadline) {
			t.Fatalf("%s (pid %d) still runs %v after its parent went", p.Comm, p.PID, procDeadline)
		}
		time.Sleep(10 * time.Millisecond)
	}
}
