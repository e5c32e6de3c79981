package web

import (
	"embed"
	"io/fs"
	"net/http"
	"net/url"
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
