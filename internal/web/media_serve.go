package web

import (
	"errors"
	"mime"
	"net/http"
	"strconv"
	"time"

	"github.com/pluttra/pluttra/internal/blob"
	"github.com/pluttra/pluttra/internal/pluttra"
)

// mediaServe sends one processed file of an item to a viewer the policy
// lets see it, through a URL signed for that viewer. Range requests are
// answered (video and audio seek), the browser may keep it privately
// until the URL expires, and it is never sniffed into another type.
func (s *Server) mediaServe(req *request) error {
	ctx := req.R.Context()
	m, err := s.deps.Store.Media(ctx, req.P.OrgID(), req.ID)
	if err != nil {
		return err
	}
	name := req.R.PathValue("file")
	f, ok := m.File(name)
	signer, err := s.mediaSigner(ctx)
	if err != nil {
		return err
	}
	q := req.R.URL.Query()
	exp, valid := signer.valid(req.P.User, m.ID, name, q.Get("exp"), q.Get("sig"), s.deps.Now())
	if !ok || !valid {
		return pluttra.NotFound("media")
	}
	obj, err := s.deps.Blob.Open(ctx, f.Key)
	if errors.Is(err, blob.ErrNotFound) {
		return pluttra.NotFound("media")
	}
	if err != nil {
		return err
	}
	defer obj.Close()
	h := req.W.Header()
	h.Set("Content-Type", f.ContentType)
	h.Set("X-Content-Type-Options", "nosniff")
	h.Set("Cache-Control", "private, max-age="+strconv.Itoa(max(0, int(time.Until(exp).Seconds()))))
	h.Set("Content-Disposition", mime.FormatMediaType("inline", map[string]string{"filename": mediaFileName(m, f)}))
	// The bytes are ours, made by the pipeline: nothing in them may run.
	h.Set("Content-Security-Policy", "default-src 'none'; sandbox")
	http.ServeContent(req.W, req.R, "", obj.Info().ModTime, obj)
	return nil
}

// mediaFileName is a safe name for saving: Pluttra's own, never the
// uploader's file name.
func mediaFileName(m *pluttra.Media, f pluttra.MediaFile) string {
	ext := ".bin"
	switch f.ContentType {
	case "image/jpeg":
		ext = ".jpg"
	case "video/mp4":
		ext = ".mp4"
	case "audio/mp4":
		ext = ".m4a"
	}
	return "pluttra-" + strconv.FormatInt(m.ID, 10) + "-" + f.Name + ext
}
