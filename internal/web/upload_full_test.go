package web

import (
	"context"
	"net/http"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/pluttra/pluttra/internal/blob"
	"github.com/pluttra/pluttra/internal/testrig"
)

// TestUploadOnAFullDisk fills a real (small) disk: an upload that cannot
// be stored is answered 507 with the reason in the user's language, and
// leaves neither a media item nor bytes behind; the post is never made.
// Not parallel: the subtests share the one small disk.
func TestUploadOnAFullDisk(t *testing.T) {
	full := testrig.FullDisk(t, "media", "uploads")
	rg, c := newPostRig(t)
	w := rg.world
	blabar := w.Depts["Blabar"]
	photo := testrig.PhotoWithGPS(1200, 900)
	const message = "Filen kan inte sparas nu eftersom lagringen är full. Inget sparades."

	t.Run("MediaStorageFull", func(t *testing.T) {
		disk, err := blob.NewDisk(filepath.Join(full, "media"))
		if err != nil {
			t.Fatal(err)
		}
		node := rg.withDeps(t, func(d *Deps) { d.Blob = disk })
		id, rec := (tus{node, c["educator_blabar"]}).upload(t, blabar, photo)
		if rec.Code != http.StatusInsufficientStorage || !strings.Contains(rec.Body.String(), message) {
			t.Fatalf("upload to a full media store = %d %q", rec.Code, rec.Body)
		}
		if ok, _ := rg.store.MediaExists(context.Background(), w.OrgA.ID, id); ok {
			t.Fatal("the upload that could not be stored left its media item")
		}
		if keys := blobKeys(t, node); len(keys) != 0 {
			t.Fatalf("the upload that could not be stored left bytes: %v", keys)
		}
	})
	t.Run("UploadSpaceFull", func(t *testing.T) {
		node := rg.withDeps(t, func(d *Deps) { d.UploadDir = filepath.Join(full, "uploads") })
		items := func() int {
			t.Helper()
			ms, err := rg.store.StaleMedia(context.Background(), time.Now().Add(time.Hour), 1000)
			if err != nil {
				t.Fatal(err)
			}
			return len(ms)
		}
		before := items()
		rec := (tus{node, c["educator_blabar"]}).create(blabar, len(photo))
		if rec.Code != http.StatusInsufficientStorage || !strings.Contains(rec.Body.String(), message) {
			t.Fatalf("an upload begun on a full upload space = %d %q", rec.Code, rec.Body)
		}
		if after := items(); after != before {
			t.Fatalf("the refused upload left %d media items", after-before)
		}
	})
}
