package web

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"os"
	"strconv"
	"strings"

	"github.com/dustin/go-humanize"
	"github.com/tus/tusd/v2/pkg/filelocker"
	"github.com/tus/tusd/v2/pkg/filestore"
	tusd "github.com/tus/tusd/v2/pkg/handler"
	xslog "golang.org/x/exp/slog"

	"github.com/pluttra/pluttra/internal/blob"
	"github.com/pluttra/pluttra/internal/media"
	"github.com/pluttra/pluttra/internal/pluttra"
)

// Uploads are resumable (the tus protocol): a phone that loses its network
// continues where it stopped. The bytes gather in the upload directory of
// the node; once complete, they are checked to be a photo, video or
// recording, moved to blob storage and handed to the media pipeline. The
// media row exists from the first request, so an upload that is never
// finished is found and removed by the sweeper.

// uploadTarget is who uploads for which department, passed from the
// access-checked route into tus's hooks through the request context.
type uploadTarget struct {
	orgID, departmentID, userID int64
	locale                      func(key string, args ...any) string
	created                     *int64 // the media item uploadStarts recorded, if it did
}

type uploadTargetKey struct{}

// newUploads builds the tus handler over a directory on this node.
func (s *Server) newUploads() (*tusd.UnroutedHandler, error) {
	if err := os.MkdirAll(s.deps.UploadDir, 0o700); err != nil {
		return nil, fmt.Errorf("upload directory: %w", err)
	}
	composer := tusd.NewStoreComposer()
	filestore.New(s.deps.UploadDir).UseIn(composer)
	filelocker.New(s.deps.UploadDir).UseIn(composer)
	return tusd.NewUnroutedHandler(tusd.Config{
		StoreComposer:        composer,
		BasePath:             s.opts.BaseURL + "/uploads/",
		MaxSize:              s.deps.MaxUpload,
		DisableDownload:      true,
		DisableConcatenation: true,
		Cors:                 &tusd.CorsConfig{Disable: true},
		// tus logs each request at info; Pluttra's request log has those.
		Logger:                    xslog.New(xslog.NewJSONHandler(os.Stderr, &xslog.HandlerOptions{Level: xslog.LevelError})).With("component", "uploads"),
		PreUploadCreateCallback:   s.uploadStarts,
		PreFinishResponseCallback: s.uploadEnds,
		PreUploadTerminateCallback: func(hook tusd.HookEvent) (tusd.HTTPResponse, error) {
			s.forgetUpload(hook.Context, hook.Upload.ID)
			return tusd.HTTPResponse{}, nil
		},
	})
}

// uploadCreate starts an upload for a department (POST, with the file's
// length; a file over the limit is refused here, before a byte is sent).
func (s *Server) uploadCreate(req *request) error {
	t := uploadTarget{orgID: req.P.OrgID(), departmentID: req.ID, userID: req.P.User.ID, locale: req.L.T, created: new(int64)}
	ctx := context.WithValue(req.R.Context(), uploadTargetKey{}, t)
	// An upload refused after its item was recorded (no room to begin it)
	// takes the item with it.
	if status := s.tusServe(req, req.R.WithContext(ctx), s.uploads.PostFile); status >= 400 && *t.created != 0 {
		s.forgetUpload(ctx, strconv.FormatInt(*t.created, 10))
	}
	return nil
}

// uploadResume answers HEAD (how much has arrived), PATCH (more bytes) and
// DELETE (cancel) for the uploader's own upload.
func (s *Server) uploadResume(req *request) error {
	t := uploadTarget{orgID: req.P.OrgID(), userID: req.P.User.ID, locale: req.L.T}
	r := req.R.WithContext(context.WithValue(req.R.Context(), uploadTargetKey{}, t))
	// tus finds the upload by the whole path; ours carries a prefix.
	u := *r.URL
	u.Path = "/" + strconv.FormatInt(req.ID, 10)
	r.URL = &u
	switch r.Method {
	case http.MethodPatch:
		s.tusServe(req, r, s.uploads.PatchFile)
	case http.MethodDelete:
		s.tusServe(req, r, s.uploads.DelFile)
	default:
		s.tusServe(req, r, s.uploads.HeadFile)
	}
	return nil
}

// tusServe runs a tus handler, turning its English error texts into the
// user's language, and returns the status it answered.
func (s *Server) tusServe(req *request, r *http.Request, h http.HandlerFunc) int {
	w := &uploadErrorWriter{ResponseWriter: req.W, s: s, req: req}
	s.uploads.Middleware(h).ServeHTTP(w, r)
	w.flush()
	return w.status
}

// uploadStarts records the media item and names the upload after it.
func (s *Server) uploadStarts(hook tusd.HookEvent) (tusd.HTTPResponse, tusd.FileInfoChanges, error) {
	t, ok := hook.Context.Value(uploadTargetKey{}).(uploadTarget)
	if !ok || t.departmentID == 0 {
		return tusd.HTTPResponse{}, tusd.FileInfoChanges{}, uploadError(http.StatusForbidden, "error.forbidden", t)
	}
	m := &pluttra.Media{DepartmentID: t.departmentID, UploaderID: t.userID, Size: hook.Upload.Size}
	if err := s.deps.Store.CreateMedia(hook.Context, t.orgID, m); err != nil {
		return tusd.HTTPResponse{}, tusd.FileInfoChanges{}, uploadStoreError(err, t)
	}
	if t.created != nil {
		*t.created = m.ID
	}
	return tusd.HTTPResponse{}, tusd.FileInfoChanges{ID: strconv.FormatInt(m.ID, 10), MetaData: tusd.MetaData{}}, nil
}

// uploadEnds runs when the last byte has arrived: the bytes must be a type
// Pluttra takes, then they go to blob storage and the item waits for
// processing. On any failure nothing is kept.
func (s *Server) uploadEnds(hook tusd.HookEvent) (tusd.HTTPResponse, error) {
	t, _ := hook.Context.Value(uploadTargetKey{}).(uploadTarget)
	id, err := strconv.ParseInt(hook.Upload.ID, 10, 64)
	if err != nil {
		return tusd.HTTPResponse{}, err
	}
	path := hook.Upload.Storage[filestore.StorageKeyPath]
	keep := false
	defer func() {
		if !keep {
			s.forgetUpload(hook.Context, hook.Upload.ID)
		}
		removeUploadFiles(path)
	}()
	f, err := os.Open(path)
	if err != nil {
		return tusd.HTTPResponse{}, err
	}
	defer f.Close()
	head := make([]byte, 4096)
	n, err := io.ReadFull(f, head)
	if err != nil && !errors.Is(err, io.ErrUnexpectedEOF) && !errors.Is(err, io.EOF) {
		return tusd.HTTPResponse{}, err
	}
	typ, err := media.Sniff(head[:n])
	if err != nil {
		return tusd.HTTPResponse{}, uploadError(http.StatusUnsupportedMediaType, "media.error."+mediaErrorCode(err), t)
	}
	if typ.Kind != media.KindImage && s.deps.FFmpegMissing {
		return tusd.HTTPResponse{}, uploadError(http.StatusUnsupportedMediaType, "media.error."+media.CodeNoFFmpeg, t)
	}
	if _, err := f.Seek(0, io.SeekStart); err != nil {
		return tusd.HTTPResponse{}, err
	}
	if err := s.deps.Blob.Put(hook.Context, pluttra.MediaOriginalKey(t.orgID, id), f, hook.Upload.Size); err != nil {
		if errors.Is(err, blob.ErrNoSpace) {
			return tusd.HTTPResponse{}, uploadError(http.StatusInsufficientStorage, "media.error.disk_full", t)
		}
		return tusd.HTTPResponse{}, err
	}
	if err := s.deps.Store.MediaUploaded(hook.Context, t.orgID, id, hook.Upload.Size); err != nil {
		s.deleteBlob(hook.Context, pluttra.MediaOriginalKey(t.orgID, id))
		return tusd.HTTPResponse{}, uploadStoreError(err, t)
	}
	keep = true
	if s.deps.WakeMedia != nil {
		s.deps.WakeMedia()
	}
	return tusd.HTTPResponse{Header: tusd.HTTPHeader{"Pluttra-Media": hook.Upload.ID}}, nil
}

// forgetUpload removes the media row of an upload that ends without a
// file (refused, failed or cancelled).
func (s *Server) forgetUpload(ctx context.Context, uploadID string) {
	id, err := strconv.ParseInt(uploadID, 10, 64)
	t, ok := ctx.Value(uploadTargetKey{}).(uploadTarget)
	if err != nil || !ok {
		return
	}
	if err := s.deps.Store.DeleteMedia(context.WithoutCancel(ctx), t.orgID, id); err != nil && pluttra.ErrorCode(err) != pluttra.ENOTFOUND {
		s.deps.Logger.Error("forget upload", "media", id, "err", err)
	}
}

func removeUploadFiles(path string) {
	if path == "" {
		return
	}
	os.Remove(path)
	os.Remove(path + ".info")
}

func (s *Server) deleteBlob(ctx context.Context, key string) {
	if err := s.deps.Blob.Delete(context.WithoutCancel(ctx), key); err != nil {
		s.deps.Logger.Error("delete media bytes", "key", key, "err", err)
	}
}

// mediaErrorCode is the code of a refusal from the media package.
func mediaErrorCode(err error) string {
	var me *media.Error
	if errors.As(err, &me) {
		return me.Code
	}
	return media.CodeCorrupt
}

// uploadError is a refusal tus sends as it is, in the user's language.
func uploadError(status int, key string, t uploadTarget) tusd.Error {
	msg := key
	if t.locale != nil {
		msg = t.locale(key)
	}
	return tusd.Error{ErrorCode: key, Message: msg, HTTPResponse: tusd.HTTPResponse{StatusCode: status, Body: msg,
		Header: tusd.HTTPHeader{"Content-Type": "text/plain; charset=utf-8"}}}
}

// uploadStoreError answers a store's full disk (507) or silence (503) as
// every page does, in the user's language; other errors go to tus as
// they are.
func uploadStoreError(err error, t uploadTarget) error {
	switch code := pluttra.ErrorCode(err); code {
	case pluttra.EFULL, pluttra.EUNAVAILABLE:
		return uploadError(errorStatus[code], pluttra.ErrorKey(err), t)
	}
	return err
}

// uploadErrorWriter replaces tus's own error texts ("ERR_...: ...") with
// translated ones; the browser shows the body as it is.
type uploadErrorWriter struct {
	http.ResponseWriter
	s       *Server
	req     *request
	status  int
	tusText []byte
}

func (w *uploadErrorWriter) WriteHeader(status int) {
	w.status = status
	if status < 400 {
		w.ResponseWriter.WriteHeader(status)
	}
}

func (w *uploadErrorWriter) Write(b []byte) (int, error) {
	if w.status >= 400 {
		w.tusText = append(w.tusText, b...)
		return len(b), nil
	}
	return w.ResponseWriter.Write(b)
}

// Unwrap lets tus reach the connection's deadlines.
func (w *uploadErrorWriter) Unwrap() http.ResponseWriter { return w.ResponseWriter }

func (w *uploadErrorWriter) flush() {
	if w.status < 400 {
		return
	}
	body, status := string(w.tusText), w.status
	switch {
	case status == http.StatusRequestEntityTooLarge:
		body = w.req.L.T("media.error.too_big", "Limit", humanize.IBytes(uint64(w.s.deps.MaxUpload)))
	case status == http.StatusNotFound || status == http.StatusGone:
		body = w.req.L.T("media.error.upload_gone")
	case status >= 500 && strings.Contains(body, "no space left"):
		status, body = http.StatusInsufficientStorage, w.req.L.T("media.error.disk_full")
	case len(body) >= 4 && body[:4] == "ERR_":
		w.s.deps.Logger.Warn("upload refused", "status", status, "reason", body, "request_id", requestID(w.req.R.Context()))
		if status >= 500 {
			body = w.req.L.T("media.error.storage")
		} else {
			body = w.req.L.T("media.error.upload")
		}
	}
	w.ResponseWriter.Header().Set("Content-Type", "text/plain; charset=utf-8")
	w.ResponseWriter.Header().Del("Content-Length")
	w.ResponseWriter.WriteHeader(status)
	io.WriteString(w.ResponseWriter, body)
}
