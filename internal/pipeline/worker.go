// Package pipeline turns uploads into what Pluttra shows: it claims
// waiting media items, processes them (internal/media), stores the files
// and makes the items ready, retrying what failed for the machine's
// reasons; and its sweeper removes whatever an interrupted upload, a crash
// or a deletion left behind.
package pipeline

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"os"
	"path/filepath"
	"time"

	"github.com/pluttra/pluttra/internal/blob"
	"github.com/pluttra/pluttra/internal/media"
	"github.com/pluttra/pluttra/internal/pluttra"
	"github.com/pluttra/pluttra/internal/wakeup"
)

// Processor turns one original file into the files Pluttra serves.
type Processor interface {
	Process(ctx context.Context, src, workDir string) (media.Result, error)
}

// Store is what the pipeline needs of storage.
type Store interface {
	ClaimMedia(ctx context.Context, node string, now time.Time, lease time.Duration) (*pluttra.Media, error)
	RenewMediaClaim(ctx context.Context, orgID, mediaID int64, node string, until time.Time) error
	ReleaseMedia(ctx context.Context, orgID, mediaID int64, node string) error
	ReleaseMediaClaims(ctx context.Context, node string) (int, error)
	FinishMedia(ctx context.Context, m *pluttra.Media) error
	FailMedia(ctx context.Context, orgID, mediaID int64, code string, permanent bool, next time.Time) error
}

// Worker processes media items, one at a time per worker.
type Worker struct {
	Store     Store
	Blob      blob.Store
	Processor Processor
	// Node names this server among those sharing the database, the same
	// across its restarts, so that it knows its own claims when it starts
	// again (Reclaim) and never takes another node's.
	Node string
	// Lease is how long a claim holds unless renewed (zero: DefaultLease).
	// The worker renews it every third of that while it works, so an item
	// of a node that died is free again within a lease.
	Lease time.Duration
	// TempDir holds the original and the outputs while an item is worked
	// on: a directory of the worker's own, emptied after each item and,
	// by Reclaim, of whatever an interrupted run left.
	TempDir string
	Now     func() time.Time
	Logger  *slog.Logger
	// Ready, if set, is told of each item that became ready or failed, so
	// its author's page can update.
	Ready func(m *pluttra.Media)

	wake wakeup.Signal
}

// DefaultLease is how long a claim holds without renewal: short, so an
// item whose node died waits about a minute for another, and long enough
// that a busy database missing a renewal or two does not lose it.
const DefaultLease = time.Minute

// errClaimLost ends processing when the item's claim is no longer this
// node's: another node took it after the claim ran out, or it was deleted.
var errClaimLost = errors.New("media claim lost")

// releaseTimeout bounds giving an item back while the server shuts down.
const releaseTimeout = 10 * time.Second

// pollEvery is how often a worker looks for items other nodes received.
const pollEvery = 2 * time.Second

// Wake tells the worker an item is waiting, so it need not wait for its
// next poll. It never blocks.
func (w *Worker) Wake() { w.wake.Wake() }

func (w *Worker) lease() time.Duration {
	if w.Lease > 0 {
		return w.Lease
	}
	return DefaultLease
}

// Reclaim readies the worker as its server starts: it empties the work
// directory of what an interrupted run left, and frees every claim this
// node still holds, which can only be left from a run that ended without
// letting go (a crash, a kill). Those items are due again at once,
// instead of when their claims run out.
func (w *Worker) Reclaim(ctx context.Context) error {
	if err := emptyDir(w.TempDir); err != nil {
		return fmt.Errorf("media work directory: %w", err)
	}
	n, err := w.Store.ReleaseMediaClaims(ctx, w.Node)
	if err != nil {
		return fmt.Errorf("media claims: %w", err)
	}
	if n > 0 {
		w.Logger.Info("media interrupted by the last stop is due again", "items", n, "node", w.Node)
	}
	return nil
}

// emptyDir removes what dir holds, creating it if need be.
func emptyDir(dir string) error {
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return err
	}
	entries, err := os.ReadDir(dir)
	if err != nil {
		return err
	}
	for _, e := range entries {
		if err := os.RemoveAll(filepath.Join(dir, e.Name())); err != nil {
			return err
		}
	}
	return nil
}

// Run processes items until ctx ends.
func (w *Worker) Run(ctx context.Context) {
	for {
		worked, err := w.RunOnce(ctx)
		if err != nil && ctx.Err() == nil {
			w.Logger.Error("media pipeline", "err", err)
		}
		if worked {
			continue
		}
		select {
		case <-ctx.Done():
			return
		case <-w.wake.C():
		case <-time.After(pollEvery):
		}
	}
}

// RunOnce processes one waiting item, if there is one, and reports whether
// there was. When ctx ends meanwhile (the server stops), the item is given
// back, due at once for the next node or start.
func (w *Worker) RunOnce(ctx context.Context) (bool, error) {
	m, err := w.Store.ClaimMedia(ctx, w.Node, w.Now(), w.lease())
	if pluttra.ErrorCode(err) == pluttra.ENOTFOUND {
		return false, nil
	}
	if err != nil {
		return false, err
	}
	if m.Attempts > pluttra.MediaAttempts {
		// Every claim of it ended with its node stopping without a
		// word: a file that brings the server down is given up too.
		w.Logger.Warn("media given up after interrupted attempts", "media", m.ID, "attempts", m.Attempts)
		return true, w.fail(ctx, m, "processing", true)
	}
	started := w.Now()
	work, stop := context.WithCancelCause(ctx)
	kept := make(chan struct{})
	go func() {
		defer close(kept)
		w.keepClaim(work, stop, m)
	}()
	err = w.process(work, m)
	stop(nil)
	<-kept
	if err == nil {
		err = w.finish(ctx, m)
	}
	var refused *media.Error
	switch {
	case err == nil:
		w.Logger.Info("media ready", "media", m.ID, "kind", m.Kind, "ms", w.Now().Sub(started).Milliseconds())
	case ctx.Err() != nil:
		// Shutting down: give the item back now, rather than leave it
		// to wait for the claim to run out.
		rctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), releaseTimeout)
		defer cancel()
		if err := w.Store.ReleaseMedia(rctx, m.OrgID, m.ID, w.Node); err != nil && pluttra.ErrorCode(err) != pluttra.ENOTFOUND {
			// The next start frees it (Reclaim), or another node once
			// the claim runs out.
			return true, fmt.Errorf("release media %d: %w", m.ID, err)
		}
		return true, nil
	case errors.Is(context.Cause(work), errClaimLost):
		w.Logger.Warn("media claim lost: another node took the item", "media", m.ID)
		return true, nil
	case errors.As(err, &refused):
		// The file itself is at fault: trying again cannot help.
		w.Logger.Info("media refused", "media", m.ID, "code", refused.Code, "reason", err)
		err = w.fail(ctx, m, refused.Code, true)
	default:
		permanent := m.Attempts >= pluttra.MediaAttempts
		w.Logger.Warn("media processing failed", "media", m.ID, "attempt", m.Attempts, "final", permanent, "err", err)
		err = w.fail(ctx, m, "processing", permanent)
	}
	return true, err
}

// keepClaim renews the claim on m every third of the lease until ctx
// ends, and ends the work (stop) when the claim is no longer this node's.
// A renewal that fails for the database's reasons is tried again at the
// next turn: the lease outlasts two of them.
func (w *Worker) keepClaim(ctx context.Context, stop context.CancelCauseFunc, m *pluttra.Media) {
	t := time.NewTicker(w.lease() / 3)
	defer t.Stop()
	for {
		select {
		case <-ctx.Done():
			return
		case <-t.C:
		}
		err := w.Store.RenewMediaClaim(ctx, m.OrgID, m.ID, w.Node, w.Now().Add(w.lease()))
		switch {
		case pluttra.ErrorCode(err) == pluttra.ENOTFOUND:
			stop(errClaimLost)
			return
		case err != nil && ctx.Err() == nil:
			w.Logger.Warn("renewing media claim", "media", m.ID, "err", err)
		}
	}
}

// retryAfter is the wait before attempt n+1: 1, 4, 16, 64 minutes.
func retryAfter(attempts int) time.Duration {
	return time.Minute << (2 * min(attempts-1, 6))
}

func (w *Worker) fail(ctx context.Context, m *pluttra.Media, code string, permanent bool) error {
	if err := w.Store.FailMedia(ctx, m.OrgID, m.ID, code, permanent, w.Now().Add(retryAfter(m.Attempts))); err != nil {
		return err
	}
	if permanent {
		// The author sees the reason; the bytes are of no further use.
		if err := w.Blob.Delete(ctx, pluttra.MediaOriginalKey(m.OrgID, m.ID)); err != nil {
			return err
		}
		m.Status, m.ErrorCode = pluttra.MediaFailed, code
		if w.Ready != nil {
			w.Ready(m)
		}
	}
	return nil
}

// process fetches the original into a fresh directory, processes it and
// stores the outputs under keys of the item. A crash at any step leaves
// the item pending with its original, and the outputs are overwritten by
// the next attempt (or swept once the item is gone).
func (w *Worker) process(ctx context.Context, m *pluttra.Media) error {
	dir, err := os.MkdirTemp(w.TempDir, "media-*")
	if err != nil {
		return err
	}
	defer os.RemoveAll(dir)
	src := filepath.Join(dir, "original")
	if err := w.fetch(ctx, pluttra.MediaOriginalKey(m.OrgID, m.ID), src); err != nil {
		return err
	}
	out := filepath.Join(dir, "out")
	if err := os.Mkdir(out, 0o700); err != nil {
		return err
	}
	res, err := w.Processor.Process(ctx, src, out)
	if err != nil {
		return err
	}
	m.Kind = pluttra.MediaKind(res.Type.Kind)
	m.Width, m.Height, m.Duration, m.Placeholder = res.Width, res.Height, res.Duration, res.Placeholder
	m.Files = nil
	for _, o := range res.Outputs {
		key := pluttra.MediaFileKey(m.OrgID, m.ID, o.Name)
		if err := w.store(ctx, key, o.Path, o.Size); err != nil {
			return err
		}
		m.Files = append(m.Files, pluttra.MediaFile{Name: o.Name, Key: key, ContentType: o.ContentType, Size: o.Size, Width: o.Width, Height: o.Height})
	}
	return nil
}

// finish commits a processed item: its files and its new status in one
// transaction, then the original goes.
func (w *Worker) finish(ctx context.Context, m *pluttra.Media) error {
	if err := w.Store.FinishMedia(ctx, m); err != nil {
		if pluttra.ErrorCode(err) == pluttra.ENOTFOUND {
			return nil // deleted meanwhile; the sweeper takes the files
		}
		return err
	}
	if err := w.Blob.Delete(ctx, pluttra.MediaOriginalKey(m.OrgID, m.ID)); err != nil {
		w.Logger.Warn("media original left for the sweeper", "media", m.ID, "err", err)
	}
	if w.Ready != nil {
		w.Ready(m)
	}
	return nil
}

func (w *Worker) fetch(ctx context.Context, key, path string) error {
	obj, err := w.Blob.Open(ctx, key)
	if err != nil {
		return fmt.Errorf("open original: %w", err)
	}
	defer obj.Close()
	f, err := os.Create(path)
	if err != nil {
		return err
	}
	if _, err := f.ReadFrom(obj); err != nil {
		f.Close()
		return fmt.Errorf("fetch original: %w", err)
	}
	return f.Close()
}

func (w *Worker) store(ctx context.Context, key, path string, size int64) error {
	f, err := os.Open(path)
	if err != nil {
		return err
	}
	defer f.Close()
	return w.Blob.Put(ctx, key, f, size)
}
