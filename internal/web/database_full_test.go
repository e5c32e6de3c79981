package web

import (
	"context"
	"database/sql"
	"fmt"
	"html/template"
	"net/http"
	"net/http/httptest"
	"net/url"
	"path/filepath"
	"strings"
	"testing"

	"github.com/pluttra/pluttra/internal/store"
	"github.com/pluttra/pluttra/internal/testrig"
)

// TestWritesOnAFullDisk puts the SQLite database on a small disk and
// fills it: a post, a comment, an important message, a consent answer, a
// login and the start of an upload each answer 507 with the reason in the
// user's language and leave nothing behind, pages that need no write still open, and /readyz
// says not ready. Once the space is freed the same writes succeed and
// /readyz is ready, without a restart. Not parallel: the small disk is
// shared with the other full-disk tests.
func TestWritesOnAFullDisk(t *testing.T) {
	dir := testrig.SmallDisk(t)
	dbPath := filepath.Join(dir, "pluttra.db")
	rg := newRig(t, func(t testing.TB, opts store.Options) *store.Store {
		s, err := store.Open(context.Background(), "sqlite:"+dbPath, "", opts)
		if err != nil {
			t.Fatalf("open sqlite on the small disk: %v", err)
		}
		t.Cleanup(func() { s.Close() })
		return s
	}, "http://localhost")
	w := rg.world
	educator, mother, father := rg.sessionFor(t, "educator_blabar"), rg.sessionFor(t, "guardian_alva_mother"), rg.sessionFor(t, "guardian_alva_father")
	blabar := w.Depts["Blabar"]
	writes := []struct {
		name string
		do   func() *httptest.ResponseRecorder
		ok   int // the answer once there is room
	}{
		{"Post", func() *httptest.ResponseRecorder {
			return rg.do("POST", fmt.Sprintf("/departments/%d/posts", blabar), url.Values{"body": {"Vi sådde solrosfrön."},
				"audience": {"department"}, "publish": {"1"}}.Encode(), educator)
		}, http.StatusSeeOther},
		{"Comment", func() *httptest.ResponseRecorder {
			return rg.do("POST", fmt.Sprintf("/posts/%d/comments", w.Posts["blabar_week"]), url.Values{"comment": {"Så fint!"}}.Encode(), mother)
		}, http.StatusSeeOther},
		{"Message", func() *httptest.ResponseRecorder {
			return rg.do("POST", fmt.Sprintf("/departments/%d/messages", blabar), url.Values{"scope": {"department"},
				"title": {"Utflykt"}, "body": {"Vi går till skogen på torsdag."}}.Encode(), educator)
		}, http.StatusSeeOther},
		{"ConsentAnswer", func() *httptest.ResponseRecorder {
			return rg.do("POST", fmt.Sprintf("/children/%d/consent", w.Children["Alva"]), url.Values{"level": {"own"}}.Encode(), father)
		}, http.StatusSeeOther},
		{"Login", func() *httptest.ResponseRecorder {
			return rg.do("POST", "/login", loginForm(w.Users["guardian_bilal"].Email, testrig.Password))
		}, http.StatusSeeOther},
		// The upload's bytes go elsewhere; its media item is a row.
		{"UploadStart", func() *httptest.ResponseRecorder { return (tus{rg, educator}).create(blabar, 1000) }, http.StatusCreated},
	}
	ready := func() int {
		// A readiness check answers for readyFor; move past it.
		rg.clock.Add(readyFor)
		return rg.do("GET", "/readyz", "").Code
	}
	if code := ready(); code != http.StatusOK {
		t.Fatalf("/readyz before the disk fills = %d", code)
	}

	// A checkpointed write-ahead log is written again from its start, so
	// writes would go on in the room it already holds; truncating it first
	// makes every write need new room, as when the disk fills while the
	// log grows.
	truncateWAL(t, dbPath)
	rows := tableRows(t, dbPath)
	free := testrig.FillDisk(t, dir)

	full := template.HTMLEscapeString(rg.srv.deps.Catalog.Locale("sv").T("error.storage_full"))
	for _, wr := range writes {
		t.Run(wr.name+"RefusedWhileFull", func(t *testing.T) {
			rec := wr.do()
			if rec.Code != http.StatusInsufficientStorage || !strings.Contains(rec.Body.String(), full) {
				t.Fatalf("%s on a full disk = %d, want 507 with %q\n%s", wr.name, rec.Code, full, rec.Body)
			}
		})
	}
	t.Run("NotReadyWhileFull", func(t *testing.T) {
		if code := ready(); code != http.StatusServiceUnavailable {
			t.Fatalf("/readyz on a full disk = %d, want 503", code)
		}
	})
	t.Run("PagesThatWriteNothingOpen", func(t *testing.T) {
		// The session is due to have its activity recorded, which the
		// full disk refuses; the page opens all the same.
		rg.clock.Add(touchEvery)
		if rec := rg.do("GET", "/settings/notifications", "", mother); rec.Code != http.StatusOK {
			t.Fatalf("a page that needs no write, on a full disk = %d", rec.Code)
		}
	})
	if after := tableRows(t, dbPath); after != rows {
		t.Fatalf("the refused writes left rows behind:\nbefore %v\nafter  %v", rows, after)
	}

	free()
	t.Run("RecoversWithoutRestart", func(t *testing.T) {
		if code := ready(); code != http.StatusOK {
			t.Fatalf("/readyz once space is freed = %d, want 200", code)
		}
		for _, wr := range writes {
			if rec := wr.do(); rec.Code != wr.ok {
				t.Errorf("%s once space is freed = %d, want %d\n%s", wr.name, rec.Code, wr.ok, rec.Body)
			}
		}
	})
}

// truncateWAL checkpoints the SQLite database at path and empties its
// write-ahead log.
func truncateWAL(t *testing.T, path string) {
	t.Helper()
	db, err := sql.Open("sqlite", "file:"+path+"?_pragma=busy_timeout(10000)")
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	var busy, logged, done int
	if err := db.QueryRow(`PRAGMA wal_checkpoint(TRUNCATE)`).Scan(&busy, &logged, &done); err != nil || busy != 0 {
		t.Fatalf("checkpoint: busy %d, %v", busy, err)
	}
}

// tableRows counts the rows of the tables a refused write could have
// touched, read beside the server.
func tableRows(t *testing.T, path string) string {
	t.Helper()
	db, err := sql.Open("sqlite", "file:"+path+"?mode=ro&_pragma=busy_timeout(10000)")
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	var b strings.Builder
	for _, table := range []string{"posts", "comments", "messages", "message_recipients", "consents", "sessions", "media",
		"audit_log", "access_log", "notices", "notice_deliveries", "outbox", "login_failures", "secrets"} {
		var n int
		if err := db.QueryRow(`SELECT count(*) FROM ` + table).Scan(&n); err != nil {
			t.Fatalf("count %s: %v", table, err)
		}
		fmt.Fprintf(&b, "%s=%d ", table, n)
	}
	return b.String()
}
