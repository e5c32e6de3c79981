package media_test

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/pluttra/pluttra/internal/media"
	"github.com/pluttra/pluttra/internal/testrig"
)

// serverVar makes the test binary play a server that runs a tool (see
// TestMain): the tests kill it as a crash would.
const serverVar = "PLUTTRA_TEST_MEDIA_CHILD"

// churned is what the playing server says once its threads have come and
// gone.
const churned = "churned"

func TestMain(m *testing.M) {
	if os.Getenv(serverVar) == "1" {
		playServer()
		return
	}
	os.Exit(m.Run())
}

// playServer runs a long tool as media runs ffmpeg, then makes Go end a
// couple of hundred OS threads (a goroutine that returns while locked to
// its thread takes the thread with it), as a long-running server does
// over time, says so, and waits to be killed.
func playServer() {
	go media.RunTool(context.Background(), "sleep", "600")
	for range 200 {
		done := make(chan struct{})
		go func() {
			runtime.LockOSThread()
			close(done)
		}()
		<-done
	}
	fmt.Println(churned)
	select {}
}

// TestToolDiesWithTheServer: a tool the server started never outlives it.
// The threads a server ends along the way do not take the tool with them,
// and a kill -9 of the server takes it at once.
func TestToolDiesWithTheServer(t *testing.T) {
	testrig.LinuxProcesses(t)
	server := exec.Command(os.Args[0])
	server.Env = append(os.Environ(), serverVar+"=1")
	out, err := server.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := server.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { server.Process.Kill(); server.Wait() })
	said := make(chan string, 1)
	go func() {
		line, _ := bufio.NewReader(out).ReadString('\n')
		said <- strings.TrimSpace(line)
	}()
	tool := testrig.WaitForChild(t, server.Process.Pid, "sleep", nil)
	select {
	case line := <-said:
		if line != churned {
			t.Fatalf("the server said %q", line)
		}
	case <-time.After(2 * time.Minute):
		t.Fatal("the server never finished ending its threads")
	}
	if !tool.Running() {
		t.Fatal("the tool died while the server still ran: a thread the server ended took it along")
	}
	if err := server.Process.Signal(syscall.SIGKILL); err != nil {
		t.Fatal(err)
	}
	server.Wait()
	testrig.WaitGone(t, tool)
}

// TestCancelKillsTheToolsGroup: cancelling a tool (an item given up, a
// server shutting down) kills whatever the tool started too, and the run
// returns the cancellation at once.
func TestCancelKillsTheToolsGroup(t *testing.T) {
	testrig.LinuxProcesses(t)
	pidFile := filepath.Join(t.TempDir(), "pid")
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	done := make(chan error, 1)
	go func() {
		_, err := media.RunTool(ctx, "sh", "-c", "sleep 600 & echo $! >"+pidFile+".new && mv "+pidFile+".new "+pidFile+"; wait")
		done <- err
	}()
	var pid int
	for deadline := time.Now().Add(2 * time.Minute); pid == 0; time.Sleep(10 * time.Millisecond) {
		if time.Now().After(deadline) {
			t.Fatal("the tool never started its own child")
		}
		b, _ := os.ReadFile(pidFile)
		pid, _ = strconv.Atoi(strings.TrimSpace(string(b)))
	}
	grandchild, ok := testrig.ReadProc(pid)
	if !ok {
		t.Fatal("the tool's child is gone before the cancellation")
	}
	cancel()
	select {
	case err := <-done:
		if !errors.Is(err, context.Canceled) {
			t.Fatalf("run returned %v, want the cancellation", err)
		}
	case <-time.After(2 * time.Minute):
		t.Fatal("run did not return after the cancellation")
	}
	testrig.WaitGone(t, grandchild)
}
