package app

import (
	"bytes"
	"context"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/pluttra/pluttra/internal/blob"
	"github.com/pluttra/pluttra/internal/pluttra"
	"github.com/pluttra/pluttra/internal/store"
	"github.com/pluttra/pluttra/internal/testrig"
)

// patience bounds every wait of these tests: generous, as a busy machine
// may transcode slowly; each wait ends as soon as what it waits for is so.
const patience = 5 * time.Minute

// lockedBuffer collects a server's log from its process's output.
type lockedBuffer struct {
	mu  sync.Mutex
	buf bytes.Buffer
}

func (b *lockedBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.Write(p)
}

func (b *lockedBuffer) String() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.String()
}

// server is the real server running in a process of its own.
type server struct {
	cmd    *exec.Cmd
	log    *lockedBuffer
	exited chan struct{}
	err    error // how it ended, once exited is closed
}

// startServer runs the server on the data directory. It dies with the
// test, and its log is shown when the test fails.
func startServer(t *testing.T, dir string) *server {
	t.Helper()
	s := &server{cmd: exec.Command(os.Args[0]), log: &lockedBuffer{}, exited: make(chan struct{})}
	s.cmd.Env = append(os.Environ(), serveVar+"="+dir)
	s.cmd.Stdout, s.cmd.Stderr = s.log, s.log
	s.cmd.SysProcAttr = &syscall.SysProcAttr{Pdeathsig: syscall.SIGKILL}
	if err := s.cmd.Start(); err != nil {
		t.Fatal(err)
	}
	go func() {
		s.err = s.cmd.Wait()
		close(s.exited)
	}()
	t.Cleanup(func() {
		s.cmd.Process.Kill()
		<-s.exited
		if t.Failed() {
			t.Logf("server log:\n%s", s.log)
		}
	})
	return s
}

// running fails once the server has exited.
func (s *server) running() error {
	select {
	case <-s.exited:
		return fmt.Errorf("the server exited: %v", s.err)
	default:
		return nil
	}
}

// end signals the server and waits until it has exited.
func (s *server) end(t *testing.T, sig syscall.Signal) {
	t.Helper()
	if err := s.cmd.Process.Signal(sig); err != nil {
		t.Fatal(err)
	}
	select {
	case <-s.exited:
	case <-time.After(patience):
		t.Fatalf("the server did not exit within %v of %v", patience, sig)
	}
}

// seedVideo prepares a data directory as an upload of a video leaves it:
// the organisation, the original in media storage and its item waiting
// for processing. It returns the item.
func seedVideo(t *testing.T, dir string) pluttra.Media {
	t.Helper()
	ff := testrig.FFmpeg(t)
	ctx := context.Background()
	clip := filepath.Join(t.TempDir(), "clip.mp4")
	// Long enough that its transcode is under way for a while; its
	// pixels vary, so the encoder has work to do.
	if out, err := exec.Command(ff.FFmpeg, "-nostdin", "-loglevel", "error", "-f", "lavfi", "-i", "testsrc2=size=1280x720:rate=30:duration=10",
		"-c:v", "libx264", "-preset", "ultrafast", "-pix_fmt", "yuv420p", clip).CombinedOutput(); err != nil {
		t.Fatalf("making the clip: %v: %s", err, out)
	}
	data, err := os.ReadFile(clip)
	if err != nil {
		t.Fatal(err)
	}
	st, err := store.Open(ctx, "", dir, store.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	w := testrig.NewWorld(t, st, "")
	// The fixture world's waiting items have no bytes; this test's item
	// is the only one to process.
	for _, name := range []string{"week_pending", "blabar_uploading"} {
		if err := st.DeleteMedia(ctx, w.OrgA.ID, w.Media[name]); err != nil {
			t.Fatal(err)
		}
	}
	bl, err := blob.Open(ctx, "", dir)
	if err != nil {
		t.Fatal(err)
	}
	m := &pluttra.Media{DepartmentID: w.Depts["Blabar"], UploaderID: w.Users["educator_blabar"].ID, Size: int64(len(data))}
	if err := st.CreateMedia(ctx, w.OrgA.ID, m); err != nil {
		t.Fatal(err)
	}
	if err := bl.Put(ctx, pluttra.MediaOriginalKey(m.OrgID, m.ID), bytes.NewReader(data), int64(len(data))); err != nil {
		t.Fatal(err)
	}
	if err := st.MediaUploaded(ctx, m.OrgID, m.ID, int64(len(data))); err != nil {
		t.Fatal(err)
	}
	return *m
}

// openStore opens the data directory's database beside the server.
func openStore(t *testing.T, dir string) *store.Store {
	t.Helper()
	st, err := store.Open(context.Background(), "", dir, store.Options{})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	return st
}

func workEntries(t *testing.T, dir string) []string {
	t.Helper()
	entries, err := os.ReadDir(filepath.Join(dir, workDirName))
	if err != nil && !os.IsNotExist(err) {
		t.Fatal(err)
	}
	var names []string
	for _, e := range entries {
		names = append(names, e.Name())
	}
	return names
}

// TestMediaSurvivesAKill: the server is killed (kill -9) while ffmpeg
// transcodes a video. ffmpeg dies with it. The item's claim would hold for
// the server's whole lease (an hour here), yet the server started again on
// the same data directory takes the item back at once and makes it ready,
// and what the killed run left in its work directory is gone.
func TestMediaSurvivesAKill(t *testing.T) {
	testrig.LinuxProcesses(t)
	dir := t.TempDir()
	item := seedVideo(t, dir)
	srv := startServer(t, dir)
	ffmpeg := testrig.WaitForChild(t, srv.cmd.Process.Pid, "ffmpeg", srv.running)
	srv.end(t, syscall.SIGKILL)
	testrig.WaitGone(t, ffmpeg)

	st := openStore(t, dir)
	ctx := context.Background()
	if c, err := st.ClaimMedia(ctx, "another-node", time.Now(), time.Minute); pluttra.ErrorCode(err) != pluttra.ENOTFOUND {
		t.Fatalf("the killed server's claim did not stand: another node claimed %+v, %v", c, err)
	}
	left := workEntries(t, dir)
	if len(left) == 0 {
		t.Fatal("the killed transcode left nothing in the work directory; the test shows nothing of its cleaning")
	}

	restarted := startServer(t, dir)
	deadline := time.Now().Add(patience)
	for {
		m, err := st.Media(ctx, item.OrgID, item.ID)
		if err != nil {
			t.Fatal(err)
		}
		if m.Status == pluttra.MediaReady {
			if len(m.Files) < 2 || m.Attempts != 2 {
				t.Fatalf("ready after the restart with %d files and %d attempts", len(m.Files), m.Attempts)
			}
			break
		}
		if m.Status != pluttra.MediaPending {
			t.Fatalf("after the restart the item is %s (%s)", m.Status, m.ErrorCode)
		}
		if err := restarted.running(); err != nil {
			t.Fatal(err)
		}
		if time.Now().After(deadline) {
			t.Fatalf("the item is still waiting %v after the restart", patience)
		}
		time.Sleep(50 * time.Millisecond)
	}
	for _, name := range workEntries(t, dir) {
		for _, l := range left {
			if name == l {
				t.Fatalf("the killed run's %s is still in the work directory", name)
			}
		}
	}
	restarted.end(t, syscall.SIGTERM)
}

// TestMediaGivenBackOnShutdown: the server is stopped (SIGTERM) while
// ffmpeg transcodes. ffmpeg runs in a process group of its own, and
// nothing of that group runs once the server has exited; the item is free
// for the next node at once, and the interrupted attempt does not count
// against the file.
func TestMediaGivenBackOnShutdown(t *testing.T) {
	testrig.LinuxProcesses(t)
	dir := t.TempDir()
	item := seedVideo(t, dir)
	srv := startServer(t, dir)
	ffmpeg := testrig.WaitForChild(t, srv.cmd.Process.Pid, "ffmpeg", srv.running)
	if ffmpeg.Group != ffmpeg.PID {
		t.Fatalf("ffmpeg runs in the group %d, not one of its own", ffmpeg.Group)
	}
	srv.end(t, syscall.SIGTERM)
	if srv.err != nil {
		t.Fatalf("the server ended with %v", srv.err)
	}
	if left := testrig.RunningInGroup(ffmpeg.Group); len(left) != 0 {
		t.Fatalf("ffmpeg's group still runs after the server has stopped: %+v", left)
	}
	st := openStore(t, dir)
	ctx := context.Background()
	m, err := st.Media(ctx, item.OrgID, item.ID)
	if err != nil {
		t.Fatal(err)
	}
	if m.Status != pluttra.MediaPending || m.Attempts != 0 {
		t.Fatalf("after the shutdown the item is %s with %d attempts", m.Status, m.Attempts)
	}
	c, err := st.ClaimMedia(ctx, "another-node", time.Now(), time.Minute)
	if err != nil || c.ID != item.ID {
		t.Fatalf("after the shutdown another node claims %+v, %v", c, err)
	}
	if left := workEntries(t, dir); len(left) != 0 {
		t.Fatalf("the work directory keeps %v after the shutdown", left)
	}
}
