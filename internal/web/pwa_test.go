package web

import (
	"encoding/json"
	"strings"
	"testing"

	"github.com/pluttra/pluttra/internal/testrig"
)

// TestInstallable: every page links the manifest and the home-screen
// icon; the manifest names the app, its start, scope and icons (which
// exist); the service worker is served from the root; the offline page
// names no one.
func TestInstallable(t *testing.T) {
	t.Parallel()
	rg := newRig(t, testrig.SQLite, "http://localhost")
	login := rg.do("GET", "/login", "").Body.String()
	for _, want := range []string{`<link rel="manifest" href="/manifest.webmanifest">`, `<link rel="apple-touch-icon" href="/static/apple-touch-icon.png">`,
		`<meta name="apple-mobile-web-app-capable" content="yes">`, `<script src="/static/pwa.js" defer></script>`} {
		if !strings.Contains(login, want) {
			t.Errorf("the page lacks %s", want)
		}
	}
	rec := rg.do("GET", "/manifest.webmanifest", "")
	var m struct {
		Name, ShortName, StartURL, Scope, Display string
		Icons                                     []struct{ Src, Sizes, Purpose string }
	}
	if rec.Header().Get("Content-Type") != "application/manifest+json" || json.Unmarshal(rec.Body.Bytes(), &m) != nil {
		t.Fatalf("manifest = %s %q", rec.Header().Get("Content-Type"), rec.Body)
	}
	var raw map[string]any
	json.Unmarshal(rec.Body.Bytes(), &raw)
	if raw["short_name"] != "Pluttra" || raw["start_url"] != "/" || raw["scope"] != "/" || raw["display"] != "standalone" || len(m.Icons) != 3 {
		t.Fatalf("manifest = %s", rec.Body)
	}
	sizes := map[string]bool{}
	for _, ic := range m.Icons {
		sizes[ic.Sizes+" "+ic.Purpose] = true
		if got := rg.do("GET", ic.Src, ""); got.Code != 200 || got.Header().Get("Content-Type") != "image/png" {
			t.Errorf("icon %s = %d %s", ic.Src, got.Code, got.Header().Get("Content-Type"))
		}
	}
	if !sizes["192x192 any"] || !sizes["512x512 any"] || !sizes["512x512 maskable"] {
		t.Errorf("icon sizes = %v", sizes)
	}
	sw := rg.do("GET", "/sw.js", "")
	if sw.Code != 200 || !strings.HasPrefix(sw.Header().Get("Content-Type"), "text/javascript") || !strings.Contains(sw.Body.String(), `addEventListener("push"`) {
		t.Fatalf("sw.js = %d %s", sw.Code, sw.Header().Get("Content-Type"))
	}
	off := rg.do("GET", "/offline", "", rg.sessionFor(t, "guardian_alva_mother"))
	if off.Code != 200 || !strings.Contains(off.Body.String(), "Du är offline") || strings.Contains(off.Body.String(), "guardian_alva_mother") {
		t.Fatalf("offline page = %d\n%s", off.Code, off.Body)
	}
}
