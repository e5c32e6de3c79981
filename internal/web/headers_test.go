package web

import (
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/pluttra/pluttra/internal/testrig"
)

func httpRequest(method, target string, headers map[string]string) *http.Request {
	req := httptest.NewRequest(method, target, nil)
	for k, v := range headers {
		req.Header.Set(k, v)
	}
	return req
}

func serve(rg *rig, req *http.Request) *httptest.ResponseRecorder {
	rec := httptest.NewRecorder()
	rg.srv.ServeHTTP(rec, req)
	return rec
}

func TestSecurityHeadersOnEveryResponse(t *testing.T) {
	t.Parallel()
	rg := newRig(t, testrig.SQLite, "http://localhost")
	for _, target := range []string{"/login", "/", "/no/such/page", "/static/app.css", "/healthz", "/children/999999"} {
		h := rg.do("GET", target, "").Header()
		csp := h.Get("Content-Security-Policy")
		if !strings.Contains(csp, "script-src 'self'") || strings.Contains(csp, "unsafe-inline") || !strings.Contains(csp, "frame-ancestors 'none'") {
			t.Errorf("%s: CSP %q", target, csp)
		}
		if h.Get("X-Content-Type-Options") != "nosniff" || h.Get("Referrer-Policy") == "" || h.Get("X-Request-Id") == "" {
			t.Errorf("%s: headers %v", target, h)
		}
	}
}

func TestNoInlineScriptOrStyle(t *testing.T) {
	t.Parallel()
	rg := newRig(t, testrig.SQLite, "http://localhost")
	pages := []string{rg.do("GET", "/login", "").Body.String(),
		rg.do("GET", "/", "", rg.sessionFor(t, "educator_blabar")).Body.String(),
		rg.do("GET", "/", "", rg.sessionFor(t, "admin")).Body.String()}
	for _, body := range pages {
		for _, bad := range []string{"<script>", " style=", "onclick=", "<style"} {
			if strings.Contains(body, bad) {
				t.Errorf("page contains %q, which the CSP would block", bad)
			}
		}
	}
}

func TestBodyLimit(t *testing.T) {
	t.Parallel()
	rg := newRig(t, testrig.SQLite, "http://localhost")
	big := "email=a@b.se&password=" + strings.Repeat("x", 2<<20)
	rec := rg.do("POST", "/login", big)
	if rec.Code != http.StatusBadRequest {
		t.Fatalf("2 MiB login body: status %d, want 400", rec.Code)
	}
}

func TestHealth(t *testing.T) {
	t.Parallel()
	rg := newRig(t, testrig.SQLite, "http://localhost")
	if rec := rg.do("GET", "/healthz", ""); rec.Code != 200 {
		t.Fatalf("healthz %d", rec.Code)
	}
	if rec := rg.do("GET", "/readyz", ""); rec.Code != 200 || !strings.Contains(rec.Body.String(), "ready") {
		t.Fatalf("readyz %d", rec.Code)
	}
	rg.store.Close()
	rg.clock.Add(readyFor) // past the kept answer
	if rec := rg.do("GET", "/readyz", ""); rec.Code != http.StatusServiceUnavailable {
		t.Fatalf("readyz with the database closed: %d", rec.Code)
	}
}
