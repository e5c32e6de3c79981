package web

import (
	"net/http"
	"strings"
	"testing"

	"github.com/pluttra/pluttra/internal/testrig"
)

// The static files are served one by one; no directory is listed.
func TestStaticListsNoDirectory(t *testing.T) {
	t.Parallel()
	rg := newRig(t, testrig.SQLite, "http://localhost")
	for _, dir := range []string{"/static/", "/static/vendor/", "/static/vendor"} {
		rec := rg.do("GET", dir, "")
		if rec.Code != http.StatusNotFound || strings.Contains(rec.Body.String(), "tus-") || strings.Contains(rec.Body.String(), "app.css") {
			t.Errorf("%s: status %d, want 404 without a listing: %.200s", dir, rec.Code, rec.Body.String())
		}
	}
	for _, file := range []string{"/static/app.css", "/static/vendor/tus-4.3.1.min.js"} {
		if rec := rg.do("GET", file, ""); rec.Code != http.StatusOK || rec.Body.Len() == 0 {
			t.Errorf("%s: status %d", file, rec.Code)
		}
	}
}
