package pipeline

import (
	"context"
	"os"
	"path/filepath"
	"sync"
	"testing"
	"time"

	"github.com/pluttra/pluttra/internal/media"
	"github.com/pluttra/pluttra/internal/pluttra"
	"github.com/pluttra/pluttra/internal/testrig"
)

// testClock is a clock the test moves.
type testClock struct {
	mu  sync.Mutex
	now time.Time
}

func (c *testClock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.now
}

func (c *testClock) Set(t time.Time) {
	c.mu.Lock()
	c.now = t
	c.mu.Unlock()
}

// stuckProcessor works until its context ends, as a long transcode does.
type stuckProcessor struct{ started chan struct{} }

func (p *stuckProcessor) Process(ctx context.Context, src, workDir string) (media.Result, error) {
	close(p.started)
	<-ctx.Done()
	return media.Result{}, ctx.Err()
}

// renewals tells of each renewal of a claim and the time it renewed to.
type renewals struct {
	Store
	until chan time.Time
}

func (r renewals) RenewMediaClaim(ctx context.Context, orgID, mediaID int64, node string, until time.Time) error {
	err := r.Store.RenewMediaClaim(ctx, orgID, mediaID, node, until)
	if err == nil {
		select {
		case r.until <- until:
		default:
		}
	}
	return err
}

// patience bounds the waits for the worker's goroutines on a busy machine.
const patience = 2 * time.Minute

func waitFor[T any](t *testing.T, c <-chan T, what string) T {
	t.Helper()
	select {
	case v := <-c:
		return v
	case <-time.After(patience):
		t.Fatalf("waited %v for %s", patience, what)
		var zero T
		return zero
	}
}

type runResult struct {
	worked bool
	err    error
}

func runOnce(ctx context.Context, w *Worker) <-chan runResult {
	done := make(chan runResult, 1)
	go func() {
		worked, err := w.RunOnce(ctx)
		done <- runResult{worked, err}
	}()
	return done
}

// TestWorkerRenewsItsClaim: a claim is short, and the worker renews it
// while it works, so no other node takes the item from a live node; once
// another node has taken it all the same (this one stalled past its
// lease), the worker stops and leaves the item to that node.
func TestWorkerRenewsItsClaim(t *testing.T) {
	for _, s := range setups {
		t.Run(s.name, func(t *testing.T) {
			t.Parallel()
			r := newRig(t, s)
			m := r.upload(t, testrig.PhotoWithGPS(40, 30))
			t0 := time.Now().Add(time.Second)
			clock := &testClock{now: t0}
			proc := &stuckProcessor{started: make(chan struct{})}
			renewed := renewals{Store: r.st, until: make(chan time.Time, 1)}
			w := r.worker(t, proc, r.bl)
			w.Store, w.Now, w.Lease = renewed, clock.Now, 300*time.Millisecond
			done := runOnce(ctx, w)
			waitFor(t, proc.started, "the processing to start")

			// Ten minutes on, the worker has renewed its claim.
			later := t0.Add(10 * time.Minute)
			clock.Set(later)
			for until := t0; until.Before(later); {
				until = waitFor(t, renewed.until, "a renewal")
			}
			if c, err := r.st.ClaimMedia(ctx, "other-node", later.Add(100*time.Millisecond), time.Minute); pluttra.ErrorCode(err) != pluttra.ENOTFOUND {
				t.Fatalf("another node took the item of a working node: %+v, %v", c, err)
			}
			// A stall long past the lease: the other node takes it.
			c, err := r.st.ClaimMedia(ctx, "other-node", t0.Add(time.Hour), time.Hour)
			if err != nil || c.ID != m.ID {
				t.Fatalf("after the lease: %+v, %v", c, err)
			}
			if res := waitFor(t, done, "the worker to stop"); !res.worked || res.err != nil {
				t.Fatalf("RunOnce = %v, %v", res.worked, res.err)
			}
			got, err := r.st.Media(ctx, m.OrgID, m.ID)
			must(t, err)
			if got.Status != pluttra.MediaPending || got.Attempts != 2 {
				t.Fatalf("the item after losing its claim: %s, %d attempts", got.Status, got.Attempts)
			}
			// Still the other node's: the stalled worker neither failed
			// nor released it.
			must(t, r.st.RenewMediaClaim(ctx, m.OrgID, m.ID, "other-node", t0.Add(2*time.Hour)))
		})
	}
}

// TestWorkerGivesBackOnShutdown: an item being processed when the server
// stops is due again at once for any node, and the interrupted attempt
// does not count against the file.
func TestWorkerGivesBackOnShutdown(t *testing.T) {
	for _, s := range setups {
		t.Run(s.name, func(t *testing.T) {
			t.Parallel()
			r := newRig(t, s)
			m := r.upload(t, testrig.PhotoWithGPS(40, 30))
			t0 := time.Now().Add(time.Second)
			proc := &stuckProcessor{started: make(chan struct{})}
			w := r.worker(t, proc, r.bl)
			w.Now = func() time.Time { return t0 }
			stopping, stop := context.WithCancel(ctx)
			done := runOnce(stopping, w)
			waitFor(t, proc.started, "the processing to start")
			stop()
			if res := waitFor(t, done, "the worker to stop"); !res.worked || res.err != nil {
				t.Fatalf("RunOnce = %v, %v", res.worked, res.err)
			}
			got, err := r.st.Media(ctx, m.OrgID, m.ID)
			must(t, err)
			if got.Status != pluttra.MediaPending || got.Attempts != 0 {
				t.Fatalf("after the shutdown: %s, %d attempts", got.Status, got.Attempts)
			}
			// The same instant, not a lease later.
			c, err := r.st.ClaimMedia(ctx, "next-node", t0, time.Minute)
			if err != nil || c.ID != m.ID {
				t.Fatalf("after the shutdown the next node claims %+v, %v", c, err)
			}
			if left, _ := os.ReadDir(w.TempDir); len(left) != 0 {
				t.Fatalf("the work directory keeps %d entries after the shutdown", len(left))
			}
		})
	}
}

// TestReclaimAtStart: a node that died mid-way (its claim still stands
// for an hour) takes its item back as it starts again, with what the dead
// run left in the work directory gone; another node's claim stands.
func TestReclaimAtStart(t *testing.T) {
	for _, s := range setups {
		t.Run(s.name, func(t *testing.T) {
			t.Parallel()
			r := newRig(t, s)
			mine := r.upload(t, testrig.PhotoWithGPS(400, 300))
			theirs := r.upload(t, testrig.PhotoWithGPS(400, 300))
			t0 := time.Now().Add(time.Second)
			if c, err := r.st.ClaimMedia(ctx, "restarting", t0, time.Hour); err != nil || c.ID != mine.ID {
				t.Fatalf("the dead run's claim: %+v, %v", c, err)
			}
			if c, err := r.st.ClaimMedia(ctx, "alive", t0, time.Hour); err != nil || c.ID != theirs.ID {
				t.Fatalf("the live node's claim: %+v, %v", c, err)
			}
			w := r.worker(t, &media.Processor{Limits: media.DefaultLimits()}, r.bl)
			w.Node, w.Now = "restarting", func() time.Time { return t0.Add(time.Second) }
			left := filepath.Join(w.TempDir, "media-1234")
			must(t, os.MkdirAll(filepath.Join(left, "out"), 0o700))
			must(t, os.WriteFile(filepath.Join(left, "original"), []byte("half a video"), 0o600))

			must(t, w.Reclaim(ctx))
			if entries, _ := os.ReadDir(w.TempDir); len(entries) != 0 {
				t.Fatalf("the work directory keeps %d entries of the dead run", len(entries))
			}
			drain(t, w)
			got, err := r.st.Media(ctx, mine.OrgID, mine.ID)
			must(t, err)
			if got.Status != pluttra.MediaReady || got.Attempts != 2 {
				t.Fatalf("the interrupted item a second after the restart: %s, %d attempts", got.Status, got.Attempts)
			}
			other, err := r.st.Media(ctx, theirs.OrgID, theirs.ID)
			must(t, err)
			if other.Status != pluttra.MediaPending {
				t.Fatalf("the live node's item was taken: %s", other.Status)
			}
			must(t, r.st.RenewMediaClaim(ctx, theirs.OrgID, theirs.ID, "alive", t0.Add(2*time.Hour)))
		})
	}
}

// TestWorkerGivesUpAfterInterruptedAttempts: a file whose every attempt
// ended with the server dying is given up like one that keeps failing,
// so a server brought down by a file does not go down for ever.
func TestWorkerGivesUpAfterInterruptedAttempts(t *testing.T) {
	for _, s := range setups {
		t.Run(s.name, func(t *testing.T) {
			t.Parallel()
			r := newRig(t, s)
			m := r.upload(t, testrig.PhotoWithGPS(40, 30))
			t0 := time.Now().Add(time.Second)
			for range pluttra.MediaAttempts {
				if c, err := r.st.ClaimMedia(ctx, "crashing", t0, time.Hour); err != nil || c.ID != m.ID {
					t.Fatalf("claim: %+v, %v", c, err)
				}
				if _, err := r.st.ReleaseMediaClaims(ctx, "crashing"); err != nil {
					t.Fatal(err)
				}
			}
			proc := &stuckProcessor{started: make(chan struct{})}
			w := r.worker(t, proc, r.bl)
			w.Node, w.Now = "crashing", func() time.Time { return t0 }
			if worked, err := w.RunOnce(ctx); !worked || err != nil {
				t.Fatalf("RunOnce = %v, %v", worked, err)
			}
			select {
			case <-proc.started:
				t.Fatal("the file was processed once more")
			default:
			}
			got, err := r.st.Media(ctx, m.OrgID, m.ID)
			must(t, err)
			if got.Status != pluttra.MediaFailed || got.ErrorCode != "processing" {
				t.Fatalf("after %d interrupted attempts: %s %q", pluttra.MediaAttempts, got.Status, got.ErrorCode)
			}
			if left := keys(t, r.bl, prefixOf(m)); len(left) != 0 {
				t.Fatalf("the given-up item keeps its bytes: %v", left)
			}
		})
	}
}
