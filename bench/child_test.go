package bench

import (
	"context"
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
	"strconv"
	"strings"
	"syscall"
	"testing"

	"github.com/pluttra/pluttra/internal/media"
)

// The benchmarks run this test binary as a child for work whose memory
// must be measured, or kept out of the benchmark process: childVar names
// the work, childSrcVar and childDirVar its file and directory.
const (
	childVar    = "PLUTTRA_BENCH_CHILD"
	childSrcVar = "PLUTTRA_BENCH_CHILD_SRC"
	childDirVar = "PLUTTRA_BENCH_CHILD_DIR"
	// measureVar holds a command line (a JSON list) for this binary to run
	// and report the peak memory of; see runPeakRSS.
	measureVar = "PLUTTRA_BENCH_MEASURE"
)

// TestMain runs the benchmarks, or a child's work when asked to.
func TestMain(m *testing.M) {
	var err error
	switch {
	case os.Getenv(measureVar) != "":
		err = measure(os.Getenv(measureVar))
	case os.Getenv(childVar) == "":
		os.Exit(m.Run())
	case os.Getenv(childVar) == "write-photo":
		err = writePhoto(os.Getenv(childSrcVar))
	case os.Getenv(childVar) == "broadcast":
		err = broadcastServer(os.Getenv(childSrcVar))
	case os.Getenv(childVar) == "push-endpoint":
		err = servePushEndpoint()
	case os.Getenv(childVar) == "process":
		_, err = (&media.Processor{}).Process(context.Background(), os.Getenv(childSrcVar), os.Getenv(childDirVar))
	default:
		err = fmt.Errorf("unknown child work %q", os.Getenv(childVar))
	}
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	os.Exit(0)
}

// child is a command that runs this binary to do work on src, into dir.
func child(work, src, dir string) *exec.Cmd {
	cmd := exec.Command(os.Args[0], "-test.run=^$")
	cmd.Env = append(os.Environ(), childVar+"="+work, childSrcVar+"="+src, childDirVar+"="+dir)
	return cmd
}

// runPeakRSS runs cmd to completion and returns its peak resident set
// size in MiB, as the kernel counted it.
//
// It cannot ask the kernel directly: a child started by a Go program
// shares its parent's memory until it executes its program, and the kernel
// counts the parent's peak into the child's. So a small intermediary (this
// binary, fresh, about 20 MiB) starts cmd and reports its peak; what it
// adds is a floor well under what the commands measured here use.
func runPeakRSS(b *testing.B, cmd *exec.Cmd) float64 {
	b.Helper()
	line, err := json.Marshal(cmd.Args)
	if err != nil {
		b.Fatal(err)
	}
	m := exec.Command(os.Args[0], "-test.run=^$")
	m.Env = append(cmd.Environ(), measureVar+"="+string(line))
	out, err := m.Output()
	if err != nil {
		b.Fatalf("%s: %v", strings.Join(cmd.Args, " "), err)
	}
	kib, err := strconv.ParseInt(strings.TrimSpace(string(out)), 10, 64)
	if err != nil {
		b.Fatalf("peak memory of %s: %q", cmd.Args[0], out)
	}
	return float64(kib) / 1024
}

// measure runs a command line and prints its peak RSS in KiB.
func measure(line string) error {
	os.Unsetenv(measureVar)
	var args []string
	if err := json.Unmarshal([]byte(line), &args); err != nil || len(args) == 0 {
		return fmt.Errorf("bad command line %q", line)
	}
	cmd := exec.Command(args[0], args[1:]...)
	cmd.Stderr = os.Stderr
	if err := cmd.Run(); err != nil {
		return fmt.Errorf("%s: %w", args[0], err)
	}
	ru, ok := cmd.ProcessState.SysUsage().(*syscall.Rusage)
	if !ok {
		return fmt.Errorf("no resource usage for %s", args[0])
	}
	fmt.Println(ru.Maxrss) // KiB on Linux
	return nil
}
