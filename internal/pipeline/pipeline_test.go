package pipeline

import (
	"bytes"
	"context"
	"errors"
	"io"
	"log/slog"
	"os"
	"path/filepath"
	"strconv"
	"testing"
	"time"

	"github.com/pluttra/pluttra/internal/blob"
	"github.com/pluttra/pluttra/internal/media"
	"github.com/pluttra/pluttra/internal/pluttra"
	"github.com/pluttra/pluttra/internal/store"
	"github.com/pluttra/pluttra/internal/testrig"
)

var ctx = context.Background()

// setup is one way Pluttra runs: SQLite with media on disk (a single
// preschool), or PostgreSQL with S3 (a municipality).
type setup struct {
	name  string
	store func(testing.TB, store.Options) *store.Store
	blob  func(testing.TB) blob.Store
}

var setups = []setup{
	{"sqlite+disk", testrig.SQLite, func(t testing.TB) blob.Store {
		d, err := blob.NewDisk(t.TempDir())
		if err != nil {
			t.Fatal(err)
		}
		return d
	}},
	{"postgres+s3", testrig.Postgres, func(t testing.TB) blob.Store { return testrig.S3(t) }},
}

type rig struct {
	st    *store.Store
	bl    blob.Store
	world *testrig.World
	edu   *pluttra.User
	dept  int64
	log   *slog.Logger
}

func newRig(t *testing.T, s setup) *rig {
	st := s.store(t, store.Options{})
	w := testrig.NewWorld(t, st, "")
	// The fixture world's items that wait have no bytes; these tests
	// bring their own.
	for _, name := range []string{"week_pending", "blabar_uploading"} {
		if err := st.DeleteMedia(ctx, w.OrgA.ID, w.Media[name]); err != nil {
			t.Fatal(err)
		}
	}
	return &rig{st: st, bl: s.blob(t), world: w, edu: w.Users["educator_blabar"], dept: w.Depts["Blabar"],
		log: slog.New(slog.NewTextHandler(io.Discard, nil))}
}

// upload stores bytes as a finished upload waiting for processing.
func (r *rig) upload(t *testing.T, data []byte) *pluttra.Media {
	t.Helper()
	m := &pluttra.Media{DepartmentID: r.dept, UploaderID: r.edu.ID, Size: int64(len(data))}
	if err := r.st.CreateMedia(ctx, r.world.OrgA.ID, m); err != nil {
		t.Fatal(err)
	}
	if err := r.bl.Put(ctx, pluttra.MediaOriginalKey(m.OrgID, m.ID), bytes.NewReader(data), int64(len(data))); err != nil {
		t.Fatal(err)
	}
	if err := r.st.MediaUploaded(ctx, m.OrgID, m.ID, int64(len(data))); err != nil {
		t.Fatal(err)
	}
	return m
}

func (r *rig) worker(t *testing.T, p Processor, b blob.Store) *Worker {
	return &Worker{Store: r.st, Blob: b, Processor: p, Node: "test-node", TempDir: t.TempDir(), Now: time.Now, Logger: r.log}
}

// drain processes until nothing is due now.
func drain(t *testing.T, w *Worker) {
	t.Helper()
	for {
		worked, err := w.RunOnce(ctx)
		if err != nil {
			t.Fatal(err)
		}
		if !worked {
			return
		}
	}
}

func keys(t *testing.T, b blob.Store, prefix string) []string {
	t.Helper()
	var out []string
	if err := b.List(ctx, prefix, func(i blob.Info) error { out = append(out, i.Key); return nil }); err != nil {
		t.Fatal(err)
	}
	return out
}

func prefixOf(m *pluttra.Media) string {
	return "media/" + strconv.FormatInt(m.OrgID, 10) + "/" + strconv.FormatInt(m.ID, 10) + "/"
}

func TestWorker(t *testing.T) {
	for _, s := range setups {
		t.Run(s.name, func(t *testing.T) {
			t.Parallel()
			r := newRig(t, s)
			proc := &media.Processor{Limits: media.DefaultLimits()}

			t.Run("PhotoBecomesReady", func(t *testing.T) {
				m := r.upload(t, testrig.PhotoWithGPS(800, 600))
				var ready []int64
				w := r.worker(t, proc, r.bl)
				w.Ready = func(m *pluttra.Media) { ready = append(ready, m.ID) }
				drain(t, w)
				got, err := r.st.Media(ctx, m.OrgID, m.ID)
				if err != nil || got.Status != pluttra.MediaReady || got.Kind != pluttra.MediaImage || got.Placeholder == "" {
					t.Fatalf("item = %+v, %v", got, err)
				}
				if len(ready) != 1 || ready[0] != m.ID {
					t.Fatalf("ready callbacks = %v", ready)
				}
				// Exactly the processed files remain; the original is gone.
				stored := keys(t, r.bl, prefixOf(m))
				if len(stored) != len(got.Files) || len(stored) < 2 {
					t.Fatalf("stored %v for files %+v", stored, got.Files)
				}
				for _, k := range stored {
					if k == pluttra.MediaOriginalKey(m.OrgID, m.ID) {
						t.Fatal("the original was kept after processing")
					}
				}
			})
			t.Run("CorruptFailsVisiblyAndLeavesNothing", func(t *testing.T) {
				photo := testrig.PhotoWithGPS(800, 600)
				m := r.upload(t, photo[:len(photo)/3])
				drain(t, r.worker(t, proc, r.bl))
				got, err := r.st.Media(ctx, m.OrgID, m.ID)
				if err != nil || got.Status != pluttra.MediaFailed || got.ErrorCode != media.CodeCorrupt {
					t.Fatalf("item = %+v, %v", got, err)
				}
				if left := keys(t, r.bl, prefixOf(m)); len(left) != 0 {
					t.Fatalf("a failed item left bytes: %v", left)
				}
			})
			t.Run("MachineTroubleIsRetriedThenGivenUp", func(t *testing.T) {
				m := r.upload(t, testrig.PhotoWithGPS(400, 300))
				w := r.worker(t, proc, failingPut{r.bl})
				for attempt := 1; attempt <= pluttra.MediaAttempts; attempt++ {
					// Each retry waits; claim as if that time had passed.
					w.Now = func() time.Time { return time.Now().Add(time.Duration(attempt) * 24 * time.Hour) }
					worked, err := w.RunOnce(ctx)
					if err != nil || !worked {
						t.Fatalf("attempt %d: worked %v, %v", attempt, worked, err)
					}
					got, err := r.st.Media(ctx, m.OrgID, m.ID)
					if err != nil {
						t.Fatal(err)
					}
					want := pluttra.MediaPending
					if attempt == pluttra.MediaAttempts {
						want = pluttra.MediaFailed
					}
					if got.Status != want || got.ErrorCode != "processing" {
						t.Fatalf("after attempt %d: %s %q, want %s", attempt, got.Status, got.ErrorCode, want)
					}
				}
			})
		})
	}
}

// failingPut is storage that reads but cannot write: a full or broken
// disk, an unreachable object store.
type failingPut struct{ blob.Store }

func (f failingPut) Put(context.Context, string, io.Reader, int64) error {
	return errors.New("storage unavailable")
}

func TestSweeperLeavesNoOrphans(t *testing.T) {
	for _, s := range setups {
		t.Run(s.name, func(t *testing.T) {
			t.Parallel()
			r := newRig(t, s)
			org := r.world.OrgA.ID
			uploads := t.TempDir()
			proc := &media.Processor{Limits: media.DefaultLimits()}

			// A post with a processed photo: everything of it stays.
			kept := r.upload(t, testrig.PhotoWithGPS(400, 300))
			drain(t, r.worker(t, proc, r.bl))
			post := &pluttra.Post{DepartmentID: r.dept, AuthorID: r.edu.ID, Audience: pluttra.AudienceDepartment, Status: pluttra.PostDraft,
				Body: "Vi planterade solrosor.", Media: []int64{kept.ID}}
			if err := r.st.SavePost(ctx, org, post, nil); err != nil {
				t.Fatal(err)
			}
			keptKeys := keys(t, r.bl, prefixOf(kept))
			// A leftover original of that ready item (a crash after commit).
			must(t, r.bl.Put(ctx, pluttra.MediaOriginalKey(org, kept.ID), bytes.NewReader([]byte("x")), 1))
			// An upload abandoned half-way, with its bytes on this node.
			abandoned := &pluttra.Media{DepartmentID: r.dept, UploaderID: r.edu.ID, Size: 100}
			must(t, r.st.CreateMedia(ctx, org, abandoned))
			name := filepath.Join(uploads, strconv.FormatInt(abandoned.ID, 10))
			must(t, os.WriteFile(name, []byte("half"), 0o600))
			must(t, os.WriteFile(name+".info", []byte("{}"), 0o600))
			// Bytes whose item is gone (a post deleted while a node was down).
			gone := r.upload(t, []byte("not processed"))
			must(t, r.st.DeleteMedia(ctx, org, gone.ID))
			// A processed photo no post took, recent: kept for the composer.
			recent := r.upload(t, testrig.PhotoWithGPS(300, 200))
			drain(t, r.worker(t, proc, r.bl))

			sw := &Sweeper{Store: r.st, Blob: r.bl, UploadDir: uploads, Logger: r.log,
				Now: func() time.Time { return time.Now().Add(25 * time.Hour) }}
			rep, err := sw.Sweep(ctx)
			if err != nil {
				t.Fatal(err)
			}
			if rep.Items != 1 || rep.Objects != 2 || rep.UploadFiles != 2 {
				t.Fatalf("swept %+v, want the abandoned upload (2 files), the orphan and the leftover original", rep)
			}
			if ok, _ := r.st.MediaExists(ctx, org, abandoned.ID); ok {
				t.Fatal("the abandoned upload's row remains")
			}
			if got := keys(t, r.bl, prefixOf(kept)); len(got) != len(keptKeys) {
				t.Fatalf("the post's files: %v, want %v", got, keptKeys)
			}
			if left := keys(t, r.bl, prefixOf(gone)); len(left) != 0 {
				t.Fatalf("orphaned bytes remain: %v", left)
			}
			if len(keys(t, r.bl, prefixOf(recent))) == 0 {
				t.Fatal("a recent unattached photo was swept")
			}
			// A week later the untaken photo goes too, bytes and all.
			sw.Now = func() time.Time { return time.Now().Add(8 * 24 * time.Hour) }
			if _, err := sw.Sweep(ctx); err != nil {
				t.Fatal(err)
			}
			if left := keys(t, r.bl, prefixOf(recent)); len(left) != 0 {
				t.Fatalf("an untaken photo's bytes remain after a week: %v", left)
			}
			if got := keys(t, r.bl, "media/"); len(got) != len(keptKeys) {
				t.Fatalf("after sweeping, storage holds %v; want only the post's %v", got, keptKeys)
			}
		})
	}
}

func must(t *testing.T, err error) {
	t.Helper()
	if err != nil {
		t.Fatal(err)
	}
}
