package web

import (
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
)

// The static files are served one by one; no directory is listed.
func TestStaticListsNoDirectory(t *testing.T) {
	t.Parallel()
	get := func(target string) *httptest.ResponseRecorder {
		rec := httptest.NewRecorder()
		(&Server{}).static(&request{W: rec, R: httptest.NewRequest("GET", target, nil)})
		return rec
	}
	for _, dir := range []string{"/static/", "/static/vendor/", "/static/vendor"} {
		rec := get(dir)
		if rec.Code != http.StatusNotFound || strings.Contains(rec.Body.String(), "tus-") || strings.Contains(rec.Body.String(), "app.css") {
			t.Errorf("%s: status %d, want 404 without a listing: %.200s", dir, rec.Code, rec.Body.String())
		}
	}
	for _, file := range []string{"/static/app.css", "/static/vendor/tus-4.3.1.min.js"} {
		if rec := get(file); rec.Code != http.StatusOK || rec.Body.Len() == 0 {
			t.Errorf("%s: status %d", file, rec.Code)
		}
	}
}
