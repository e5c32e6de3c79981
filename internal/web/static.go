package web

import (
	"embed"
	"io/fs"
	"net/http"
	"net/url"
	"strings"
)

//go:embed static
var staticFS embed.FS

var staticFiles = func() http.Handler {
	sub, err := fs.Sub(staticFS, "static")
	if err != nil {
		panic(err)
	}
	return http.StripPrefix("/static/", http.FileServerFS(sub))
}()

func (s *Server) static(req *request) error {
	req.W.Header().Set("Cache-Control", "public, max-age=3600")
	staticFiles.ServeHTTP(req.W, req.R)
	return nil
}

func urlQueryEscape(s string) string { return url.QueryEscape(s) }

// localPath accepts only a path on this site, so redirects after login or a
// language change can never send the user elsewhere.
func localPath(p string) string {
	if !strings.HasPrefix(p, "/") || strings.HasPrefix(p, "//") || strings.HasPrefix(p, "/\\") || strings.ContainsAny(p, "\r\n") {
		return "/"
	}
	return p
}
