package web

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"net/url"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/pluttra/pluttra/internal/blob"
	"github.com/pluttra/pluttra/internal/media"
	"github.com/pluttra/pluttra/internal/pipeline"
	"github.com/pluttra/pluttra/internal/pluttra"
	"github.com/pluttra/pluttra/internal/testrig"
)

// tus speaks the resumable-upload protocol to the rig, as the browser's
// tus client does.
type tus struct {
	rg     *rig
	cookie *http.Cookie
}

func (u tus) send(method, target string, body []byte, headers map[string]string) *httptest.ResponseRecorder {
	req := httptest.NewRequest(method, target, bytes.NewReader(body))
	req.Header.Set("Tus-Resumable", "1.0.0")
	for k, v := range headers {
		req.Header.Set(k, v)
	}
	if u.cookie != nil {
		req.AddCookie(u.cookie)
	}
	rec := httptest.NewRecorder()
	u.rg.srv.ServeHTTP(rec, req)
	return rec
}

// create starts an upload of length bytes for a department.
func (u tus) create(deptID int64, length int) *httptest.ResponseRecorder {
	return u.send("POST", fmt.Sprintf("/departments/%d/uploads", deptID), nil, map[string]string{"Upload-Length": strconv.Itoa(length)})
}

func (u tus) patch(path string, offset int, chunk []byte) *httptest.ResponseRecorder {
	return u.send("PATCH", path, chunk, map[string]string{"Upload-Offset": strconv.Itoa(offset), "Content-Type": "application/offset+octet-stream"})
}

// upload sends data in two chunks, as a resumed upload does, and returns
// the media id and the final response.
func (u tus) upload(t *testing.T, deptID int64, data []byte) (int64, *httptest.ResponseRecorder) {
	t.Helper()
	created := u.create(deptID, len(data))
	if created.Code != http.StatusCreated {
		t.Fatalf("create = %d %s", created.Code, created.Body)
	}
	path := uploadPath(t, created.Header().Get("Location"))
	half := len(data) / 2
	if rec := u.patch(path, 0, data[:half]); rec.Code != http.StatusNoContent {
		t.Fatalf("first chunk = %d %s", rec.Code, rec.Body)
	}
	head := u.send("HEAD", path, nil, nil)
	if head.Header().Get("Upload-Offset") != strconv.Itoa(half) {
		t.Fatalf("HEAD after first chunk: offset %q, want %d", head.Header().Get("Upload-Offset"), half)
	}
	rec := u.patch(path, half, data[half:])
	id, _ := strconv.ParseInt(strings.TrimPrefix(path, "/uploads/"), 10, 64)
	return id, rec
}

var uploadURL = regexp.MustCompile(`^http://localhost/uploads/(\d+)$`)

func uploadPath(t *testing.T, location string) string {
	t.Helper()
	m := uploadURL.FindStringSubmatch(location)
	if m == nil {
		t.Fatalf("Location = %q", location)
	}
	return "/uploads/" + m[1]
}

// process runs the media pipeline over everything waiting.
func (r *rig) process(t *testing.T) {
	t.Helper()
	ff, _ := media.FindFFmpeg()
	w := &pipeline.Worker{Store: r.store, Blob: r.blob, Processor: &media.Processor{FFmpeg: ff, Limits: media.DefaultLimits()},
		Node: "web-test", TempDir: t.TempDir(), Now: time.Now, Logger: slog.New(slog.NewTextHandler(io.Discard, nil))}
	for {
		worked, err := w.RunOnce(context.Background())
		if err != nil {
			t.Fatal(err)
		}
		if !worked {
			return
		}
	}
}

func TestUploadPhotoToFeed(t *testing.T) {
	t.Parallel()
	rg, c := newPostRig(t)
	w := rg.world
	blabar := w.Depts["Blabar"]
	edu := tus{rg, c["educator_blabar"]}
	photo := testrig.PhotoWithGPS(1200, 900)

	t.Run("GuardianCannotUpload", func(t *testing.T) {
		if rec := (tus{rg, c["guardian_alva_mother"]}).create(blabar, 100); rec.Code == http.StatusCreated {
			t.Fatalf("guardian upload = %d", rec.Code)
		}
	})
	t.Run("OverTheLimitRefusedAtOnce", func(t *testing.T) {
		rec := edu.create(blabar, 2<<30)
		if rec.Code != http.StatusRequestEntityTooLarge || !strings.Contains(rec.Body.String(), "Filen är för stor. Gränsen är 8.0 MiB.") {
			t.Fatalf("2 GiB upload = %d %q", rec.Code, rec.Body)
		}
	})
	t.Run("NotAPictureRefusedAndForgotten", func(t *testing.T) {
		id, rec := edu.upload(t, blabar, []byte(`<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>`))
		if rec.Code != http.StatusUnsupportedMediaType || !strings.Contains(rec.Body.String(), "Den här sortens fil kan inte användas") {
			t.Fatalf("svg upload = %d %q", rec.Code, rec.Body)
		}
		if ok, _ := rg.store.MediaExists(context.Background(), w.OrgA.ID, id); ok {
			t.Fatal("a refused upload left its media row")
		}
		if keys := blobKeys(t, rg); len(keys) != 0 {
			t.Fatalf("a refused upload left bytes: %v", keys)
		}
	})
	t.Run("OnlyTheUploaderContinues", func(t *testing.T) {
		created := edu.create(blabar, 10)
		path := uploadPath(t, created.Header().Get("Location"))
		for _, who := range []string{"principal_ekbacken", "guardian_alva_mother"} {
			if rec := (tus{rg, c[who]}).patch(path, 0, []byte("0123456789")); rec.Code != http.StatusNotFound {
				t.Errorf("%s PATCH on another's upload = %d", who, rec.Code)
			}
		}
	})

	var postPath string
	t.Run("PublishedPhotoHasNoMetadata", func(t *testing.T) {
		id, rec := edu.upload(t, blabar, photo)
		if rec.Code != http.StatusNoContent {
			t.Fatalf("last chunk = %d %s", rec.Code, rec.Body)
		}
		rg.process(t)
		m, err := rg.store.Media(context.Background(), w.OrgA.ID, id)
		if err != nil || m.Status != pluttra.MediaReady || m.Kind != pluttra.MediaImage || m.Width != 1200 || m.Height != 900 {
			t.Fatalf("processed = %+v, %v", m, err)
		}
		code, loc, body := publish(rg, c["educator_blabar"], url.Values{"body": {"Vi grävde i sandlådan."}, "audience": {"department"},
			"child": {fmt.Sprint(w.Children["Alva"])}, "media": {fmt.Sprint(id)}, "publish": {"1"}})
		if code != http.StatusSeeOther {
			t.Fatalf("publish = %d\n%s", code, body)
		}
		postPath = loc
	})
	if postPath == "" {
		t.FailNow()
	}
	imageURL := regexp.MustCompile(`<img src="(/media/\d+/feed\?exp=\d+&amp;sig=[\w-]+)"`)
	src := func(who string) string {
		m := imageURL.FindStringSubmatch(rg.do("GET", postPath, "", c[who]).Body.String())
		if m == nil {
			return ""
		}
		return strings.ReplaceAll(m[1], "&amp;", "&")
	}

	t.Run("ServedSignedPrivateAndClean", func(t *testing.T) {
		u := src("guardian_alva_mother")
		if u == "" {
			t.Fatal("the guardian's post page has no image")
		}
		rec := rg.do("GET", u, "", c["guardian_alva_mother"])
		h := rec.Header()
		if rec.Code != 200 || h.Get("Content-Type") != "image/jpeg" || h.Get("X-Content-Type-Options") != "nosniff" ||
			!strings.HasPrefix(h.Get("Cache-Control"), "private") || !strings.HasPrefix(h.Get("Content-Disposition"), "inline; filename=pluttra-") {
			t.Fatalf("image = %d %v", rec.Code, h)
		}
		b := rec.Body.Bytes()
		if bytes.Contains(b, []byte("Exif")) || bytes.Contains(b, []byte(testrig.GPSMarker)) || len(b) < 1000 {
			t.Fatalf("served image carries metadata (or is empty): %d bytes", len(b))
		}
		ranged := httptest.NewRequest("GET", u, nil)
		ranged.Header.Set("Range", "bytes=0-99")
		ranged.AddCookie(c["guardian_alva_mother"])
		rr := httptest.NewRecorder()
		rg.srv.ServeHTTP(rr, ranged)
		if rr.Code != http.StatusPartialContent || rr.Body.Len() != 100 {
			t.Fatalf("range = %d, %d bytes", rr.Code, rr.Body.Len())
		}
	})
	t.Run("URLIsTheViewersOnly", func(t *testing.T) {
		u := src("guardian_alva_mother")
		// Another family with a child in the department sees the post,
		// but through URLs of their own.
		if rec := rg.do("GET", u, "", c["guardian_bilal"]); rec.Code != http.StatusNotFound {
			t.Fatalf("another viewer with the mother's URL = %d", rec.Code)
		}
		if rec := rg.do("GET", u, "", c["guardian_dino"]); rec.Code != http.StatusNotFound {
			t.Fatalf("a family of another department = %d", rec.Code)
		}
		if rec := rg.do("GET", u, ""); rec.Code == http.StatusOK {
			t.Fatalf("without a session = %d", rec.Code)
		}
		tampered := strings.Replace(u, "/feed?", "/thumb?", 1)
		if rec := rg.do("GET", tampered, "", c["guardian_alva_mother"]); rec.Code != http.StatusNotFound {
			t.Fatalf("signature of another file = %d", rec.Code)
		}
	})
	t.Run("DeletedPostLeavesNothing", func(t *testing.T) {
		before := blobKeys(t, rg)
		if len(before) == 0 {
			t.Fatal("no media bytes stored")
		}
		if rec := rg.do("POST", postPath+"/delete", "", c["educator_blabar"]); rec.Code != http.StatusSeeOther {
			t.Fatalf("delete = %d", rec.Code)
		}
		if keys := blobKeys(t, rg); len(keys) != 0 {
			t.Fatalf("bytes left after the post was deleted: %v", keys)
		}
	})
}

// blobKeys lists every media object the rig's blob store holds.
func blobKeys(t *testing.T, rg *rig) []string {
	t.Helper()
	var keys []string
	err := rg.blob.List(context.Background(), "media/", func(i blob.Info) error {
		keys = append(keys, i.Key)
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return keys
}
