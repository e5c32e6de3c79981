//go:build linux

package web

import (
	"context"
	"html/template"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/pluttra/pluttra/internal/store"
	"github.com/pluttra/pluttra/internal/testrig"
)

// TestPagesWhileTheDatabaseIsFrozen stops every process of a PostgreSQL
// server (its own, not the one other tests share) while the server holds
// connections open: a page and a login answer 503 with the reason in the
// user's language once a database call's deadline passes, instead of
// waiting for the server, and /readyz says not ready.
func TestPagesWhileTheDatabaseIsFrozen(t *testing.T) {
	url, freeze := testrig.FreezablePostgres(t)
	rg := newRig(t, func(t testing.TB, opts store.Options) *store.Store {
		s, err := store.Open(context.Background(), url, "", opts)
		if err != nil {
			t.Fatalf("open postgres: %v", err)
		}
		t.Cleanup(func() { s.Close() })
		return s
	}, "http://localhost")
	mother := rg.sessionFor(t, "guardian_alva_mother")
	if rec := rg.do("GET", "/feed", "", mother); rec.Code != http.StatusOK {
		t.Fatalf("the feed before the freeze = %d", rec.Code)
	}
	freeze()

	// answer waits for the response, failing the test (not hanging it)
	// when there is none long after every deadline.
	answer := func(t *testing.T, do func() *httptest.ResponseRecorder) *httptest.ResponseRecorder {
		t.Helper()
		done := make(chan *httptest.ResponseRecorder, 1)
		go func() { done <- do() }()
		select {
		case rec := <-done:
			return rec
		case <-time.After(2 * time.Minute):
			t.Fatal("no answer while the database is frozen")
			return nil
		}
	}
	unavailable := template.HTMLEscapeString(rg.srv.deps.Catalog.Locale("sv").T("error.unavailable"))
	t.Run("PageAnswers503", func(t *testing.T) {
		rec := answer(t, func() *httptest.ResponseRecorder { return rg.do("GET", "/feed", "", mother) })
		if rec.Code != http.StatusServiceUnavailable || !strings.Contains(rec.Body.String(), unavailable) {
			t.Fatalf("the feed while the database is frozen = %d, want 503 with %q\n%s", rec.Code, unavailable, rec.Body)
		}
	})
	t.Run("LoginAnswers503", func(t *testing.T) {
		rec := answer(t, func() *httptest.ResponseRecorder {
			return rg.do("POST", "/login", loginForm(rg.world.Users["guardian_bilal"].Email, testrig.Password))
		})
		if rec.Code != http.StatusServiceUnavailable || !strings.Contains(rec.Body.String(), unavailable) {
			t.Fatalf("a login while the database is frozen = %d, want 503 with %q\n%s", rec.Code, unavailable, rec.Body)
		}
	})
	t.Run("NotReady", func(t *testing.T) {
		rg.clock.Add(readyFor)
		rec := answer(t, func() *httptest.ResponseRecorder { return rg.do("GET", "/readyz", "") })
		if rec.Code != http.StatusServiceUnavailable {
			t.Fatalf("/readyz while the database is frozen = %d, want 503", rec.Code)
		}
	})
}
