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
)

// Processor turns one original file into the files Pluttra serves.
type Processor interface {
	Process(ctx context.Context, src, workDir string) (media.Result, error)
}

// Store is what the pipeline needs of storage.
type Store interface {
	ClaimMedia(ctx context.Context, now time.Time, lease time.Duration) (*pluttra.Media, error)
	FinishMedia(ctx context.Context, m *pluttra.Media) error
	FailMedia(ctx context.Context, orgID, mediaID int64, code string, permanent bool, next time.Time) error
}

// Worker processes media items, one at a time per worker.
type Worker struct {
	Store     Store
	Blob      blob.Store
	Processor Processor
	// TempDir holds the original and the outputs while an item is worked
	// on; emptied after each item.
	TempDir string
	Now     func() time.Time
	Logger  *slog.Logger
	// Ready, if set, is told of each item that became ready or failed, so
	// its author's page can update.
	Ready func(m *pluttra.Media)

	wake chan struct{}
}

// lease is how long a claim holds; a video of the largest size is
// processed well within it, and a node that dies frees its items after it.
const lease = 30 * time.Minute

// pollEvery is how often a worker looks for items other nodes received.
const pollEvery = 2 * time.Second

// Wake tells the worker an item is waiting, so it need not wait for its
// next poll. It never blocks.
func (w *Worker) Wake() {
	select {
	case w.wakeChan() <- struct{}{}:
	default:
	}
}

func (w *Worker) wakeChan() chan struct{} {
	if w.wake == nil {
		w.wake = make(chan struct{}, 1)
	}
	return w.wake
}

// Run processes items until ctx ends.
func (w *Worker) Run(ctx context.Context) {
	wake := w.wakeChan()
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
		case <-wake:
		case <-time.After(pollEvery):
		}
	}
}

// RunOnce processes one waiting item, if there is one, and reports whether
// there was.
func (w *Worker) RunOnce(ctx context.Context) (bool, error) {
	m, err := w.Store.ClaimMedia(ctx, w.Now(), lease)
	if pluttra.ErrorCode(err) == pluttra.ENOTFOUND {
		return false, nil
	}
	if err != nil {
		return false, err
	}
	started := w.Now()
	err = w.process(ctx, m)
	var refused *media.Error
	switch {
	case err == nil:
		w.Logger.Info("media ready", "media", m.ID, "kind", m.Kind, "ms", w.Now().Sub(started).Milliseconds())
	case errors.As(err, &refused):
		// The file itself is at fault: trying again cannot help.
		w.Logger.Info("media refused", "media", m.ID, "code", refused.Code, "reason", err)
		err = w.fail(ctx, m, refused.Code, true)
	case ctx.Err() != nil:
		// Shutting down: the claim runs out and another node takes it.
		return true, nil
	default:
		permanent := m.Attempts >= pluttra.MediaAttempts
		w.Logger.Warn("media processing failed", "media", m.ID, "attempt", m.Attempts, "final", permanent, "err", err)
		err = w.fail(ctx, m, "processing", permanent)
	}
	return true, err
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

// process fetches the original into a fresh directory, processes it,
// stores the outputs under keys of the item and commits. A crash at any
// step leaves the item pending with its original, and the outputs are
// overwritten by the next attempt (or swept once the item is gone).
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
