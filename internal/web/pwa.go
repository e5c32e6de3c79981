package web

import (
	"encoding/json"
	"net/http"

	"github.com/pluttra/pluttra/internal/access"
)

// manifest is the web app manifest: with it (and the service worker) the
// browser offers to install Pluttra on the home screen or desktop.
var manifest = func() []byte {
	icon := func(src, size, purpose string) map[string]string {
		return map[string]string{"src": src, "sizes": size, "type": "image/png", "purpose": purpose}
	}
	b, err := json.MarshalIndent(map[string]any{
		"id":               "/",
		"name":             "Pluttra",
		"short_name":       "Pluttra",
		"start_url":        "/",
		"scope":            "/",
		"display":          "standalone",
		"theme_color":      "#2e6b4f",
		"background_color": "#f7f5f0",
		"icons": []map[string]string{
			icon("/static/icon-192.png", "192x192", "any"),
			icon("/static/icon-512.png", "512x512", "any"),
			icon("/static/icon-maskable-512.png", "512x512", "maskable"),
		},
	}, "", "  ")
	if err != nil {
		panic(err)
	}
	return b
}()

func (s *Server) manifest(req *request) error {
	h := req.W.Header()
	h.Set("Content-Type", "application/manifest+json")
	h.Set("Cache-Control", "public, max-age=3600")
	req.W.Write(manifest)
	return nil
}

// serviceWorker serves static/sw.js from the root, so that its scope is
// the whole site. Browsers check it for updates on every visit anyway;
// no-cache makes a new version reach them at once.
func (s *Server) serviceWorker(req *request) error {
	body, err := staticFS.ReadFile("static/sw.js")
	if err != nil {
		return err
	}
	h := req.W.Header()
	h.Set("Content-Type", "text/javascript; charset=utf-8")
	h.Set("Cache-Control", "no-cache")
	req.W.Write(body)
	return nil
}

// offline is the page the service worker shows when the network is gone
// and it has nothing better. It is kept by the worker, so it shows no one's
// name.
func (s *Server) offline(req *request) error {
	req.P = access.Anonymous
	return s.render(req, http.StatusOK, "offline", "offline.title", nil)
}
