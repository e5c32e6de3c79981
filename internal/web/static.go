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
	return http.StripPrefix("/static/", http.FileServerFS(filesOnly{sub}))
}()

// filesOnly serves files and nothing else: a directory reads as missing,
// so /static/ and its subdirectories answer 404 instead of a listing of
// what the server holds.
type filesOnly struct{ fs.FS }

func (f filesOnly) Open(name string) (fs.File, error) {
	file, err := f.FS.Open(name)
	if err != nil {
		return nil, err
	}
	if info, err := file.Stat(); err != nil || info.IsDir() {
		file.Close()
		return nil, &fs.PathError{Op: "open", Path: name, Err: fs.ErrNotExist}
	}
	return file, nil
}

func (s *Server) static(req *request) error {
	req.W.Header().Set("Cache-Control", "public, max-age=3600")
	staticFiles.ServeHTTP(req.W, req.R)
	return nil
}

func urlQueryEscape(s string) string { return url.QueryEscape(s) }
