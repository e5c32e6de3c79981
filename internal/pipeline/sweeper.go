package pipeline

import (
	"context"
	"encoding/json"
	"log/slog"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"time"

	"github.com/pluttra/pluttra/internal/blob"
	"github.com/pluttra/pluttra/internal/pluttra"
)

// SweepStore is what the sweeper needs of storage.
type SweepStore interface {
	StaleMedia(ctx context.Context, before time.Time, limit int) ([]pluttra.Media, error)
	DeleteMedia(ctx context.Context, orgID, mediaID int64) error
	Media(ctx context.Context, orgID, mediaID int64) (*pluttra.Media, error)
}

// Sweeper removes what no one will use: uploads never finished or refused
// for lack of space, items no post took, bytes whose item is gone (a
// deleted post, a crash between two steps), originals left after
// processing and the temporary files of writes a crash cut short. It
// proves the pipeline leaves no orphaned bytes.
type Sweeper struct {
	Store     SweepStore
	Blob      blob.Store
	UploadDir string // this node's resumable uploads
	Now       func() time.Time
	Logger    *slog.Logger
}

// How long things may wait before they count as abandoned.
const (
	// An upload not finished within a day is given up.
	abandonedUpload = 24 * time.Hour
	// Processed items no post took stay a week, so a composer left open
	// (or a draft not yet saved) still finds them.
	unattachedKept = 7 * 24 * time.Hour
	// Bytes without their item are kept a little while, in case the item
	// is being written at this moment.
	orphanGrace = 15 * time.Minute
)

// SweepReport counts what a sweep removed.
type SweepReport struct {
	Items       int // media rows with their bytes
	Objects     int // objects in blob storage without an item
	UploadFiles int // files of abandoned or refused uploads on this node
	TempFiles   int // temporary files of blob writes a dead process left
}

// Sweep removes one round of leftovers.
func (s *Sweeper) Sweep(ctx context.Context) (SweepReport, error) {
	var r SweepReport
	now := s.Now()
	stale, err := s.Store.StaleMedia(ctx, now.Add(-abandonedUpload), 1000)
	if err != nil {
		return r, err
	}
	for _, m := range stale {
		waiting := m.Status == pluttra.MediaUploading || m.Status == pluttra.MediaPending
		if !waiting && m.CreatedAt.After(now.Add(-unattachedKept)) {
			continue
		}
		if err := s.Store.DeleteMedia(ctx, m.OrgID, m.ID); err != nil && pluttra.ErrorCode(err) != pluttra.ENOTFOUND {
			return r, err
		}
		r.Items++
		if s.UploadDir != "" {
			r.UploadFiles += removeUpload(filepath.Join(s.UploadDir, strconv.FormatInt(m.ID, 10)))
		}
	}
	n, err := s.sweepObjects(ctx, now)
	r.Objects += n
	if err != nil {
		return r, err
	}
	r.UploadFiles += s.sweepUploads(now)
	n, err = s.sweepTemp(now)
	r.TempFiles += n
	if err != nil {
		return r, err
	}
	if r != (SweepReport{}) {
		s.Logger.Info("media swept", "items", r.Items, "objects", r.Objects, "upload_files", r.UploadFiles, "temp_files", r.TempFiles)
	}
	return r, nil
}

// sweepObjects walks blob storage: an object whose item is gone goes, and
// so does any object of a finished item that is not one of its files.
func (s *Sweeper) sweepObjects(ctx context.Context, now time.Time) (int, error) {
	type item struct{ org, id int64 }
	var keys []blob.Info
	err := s.Blob.List(ctx, "media/", func(i blob.Info) error {
		if i.ModTime.Before(now.Add(-orphanGrace)) {
			keys = append(keys, i)
		}
		return nil
	})
	if err != nil {
		return 0, err
	}
	known := map[item]*pluttra.Media{}
	removed := 0
	for _, k := range keys {
		org, id, ok := parseMediaKey(k.Key)
		if !ok {
			continue // not a key the pipeline makes: leave it to the operator
		}
		m, seen := known[item{org, id}]
		if !seen {
			var err error
			m, err = s.Store.Media(ctx, org, id)
			if err != nil && pluttra.ErrorCode(err) != pluttra.ENOTFOUND {
				return removed, err
			}
			known[item{org, id}] = m
		}
		if m != nil && !finishedWithout(m, k.Key) {
			continue
		}
		if err := s.Blob.Delete(ctx, k.Key); err != nil {
			return removed, err
		}
		removed++
	}
	return removed, nil
}

// finishedWithout reports whether m is done with processing and key is
// not one of its files.
func finishedWithout(m *pluttra.Media, key string) bool {
	if m.Status != pluttra.MediaReady && m.Status != pluttra.MediaFailed {
		return false
	}
	for _, f := range m.Files {
		if f.Key == key {
			return false
		}
	}
	return true
}

// parseMediaKey reads media/<org>/<item>/<name>.
func parseMediaKey(key string) (org, id int64, ok bool) {
	parts := strings.Split(key, "/")
	if len(parts) != 4 || parts[0] != "media" {
		return 0, 0, false
	}
	org, err1 := strconv.ParseInt(parts[1], 10, 64)
	id, err2 := strconv.ParseInt(parts[2], 10, 64)
	return org, id, err1 == nil && err2 == nil
}

// sweepUploads removes the files of uploads that cannot go on: those
// untouched for longer than an upload may take (one in progress touches
// its file with every chunk), and, after a short grace, those without a
// whole description: an upload refused for lack of space leaves an empty
// file and an empty description (tus writes the description just after
// making the file), and its item is already gone.
func (s *Sweeper) sweepUploads(now time.Time) int {
	if s.UploadDir == "" {
		return 0
	}
	entries, err := os.ReadDir(s.UploadDir)
	if err != nil {
		return 0
	}
	type upload struct {
		touched time.Time
		files   []string
	}
	uploads := map[string]*upload{}
	for _, e := range entries {
		info, err := e.Info()
		if err != nil || e.IsDir() {
			continue
		}
		id := strings.TrimSuffix(strings.TrimSuffix(e.Name(), ".info"), ".lock")
		u := uploads[id]
		if u == nil {
			u = &upload{}
			uploads[id] = u
		}
		u.files = append(u.files, e.Name())
		if info.ModTime().After(u.touched) {
			u.touched = info.ModTime()
		}
	}
	removed := 0
	for id, u := range uploads {
		kept := abandonedUpload
		if !described(filepath.Join(s.UploadDir, id+".info")) {
			kept = orphanGrace
		}
		if u.touched.After(now.Add(-kept)) {
			continue
		}
		for _, name := range u.files {
			if os.Remove(filepath.Join(s.UploadDir, name)) == nil {
				removed++
			}
		}
	}
	return removed
}

// described reports whether an upload's description is there and whole.
func described(path string) bool {
	b, err := os.ReadFile(path)
	return err == nil && json.Valid(b)
}

// sweepTemp removes the temporary files a blob write left when its process
// died, where the store keeps any.
func (s *Sweeper) sweepTemp(now time.Time) (int, error) {
	t, ok := s.Blob.(blob.TempRemover)
	if !ok {
		return 0, nil
	}
	return t.RemoveTemp(now.Add(-orphanGrace))
}

func removeUpload(path string) int {
	n := 0
	for _, p := range []string{path, path + ".info", path + ".lock"} {
		if os.Remove(p) == nil {
			n++
		}
	}
	return n
}

// Loop sweeps every interval until ctx ends.
func (s *Sweeper) Loop(ctx context.Context, every time.Duration) {
	for {
		if _, err := s.Sweep(ctx); err != nil && ctx.Err() == nil {
			s.Logger.Error("media sweep", "err", err)
		}
		select {
		case <-ctx.Done():
			return
		case <-time.After(every):
		}
	}
}
