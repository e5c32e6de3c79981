package web

import (
	"encoding/json"
	"net/http"

	"github.com/pluttra/pluttra/internal/pluttra"
)

// mediaView is one item as a page shows it: signed URLs for the viewer,
// the size to reserve and the colour to show while it loads.
type mediaView struct {
	ID          int64
	Kind        pluttra.MediaKind
	Status      pluttra.MediaStatus
	Error       string // i18n key, for the uploader of a failed item
	Src         string // feed image, video or audio file
	Thumb       string
	Poster      string
	Width       int
	Height      int
	Placeholder string
}

// mediaViews prepares the items of a post for the viewer: the ready ones,
// and for their uploader (or, with all, for an editor of the post) also
// those still processing or failed.
func (s *Server) mediaViews(req *request, signer *mediaSigner, items []pluttra.Media, all bool) []mediaView {
	var out []mediaView
	now := s.deps.Now()
	for _, m := range items {
		if m.Status != pluttra.MediaReady && m.UploaderID != req.P.User.ID && !all {
			continue
		}
		v := mediaView{ID: m.ID, Kind: m.Kind, Status: m.Status, Width: m.Width, Height: m.Height, Placeholder: m.Placeholder}
		if m.Status == pluttra.MediaFailed {
			v.Error = "media.error." + m.ErrorCode
		}
		url := func(name string) string {
			if _, ok := m.File(name); ok {
				return signer.url(req.P.User, m.ID, name, now)
			}
			return ""
		}
		switch m.Kind {
		case pluttra.MediaVideo:
			v.Src, v.Poster, v.Thumb = url("video"), url("poster"), url("thumb")
		case pluttra.MediaAudio:
			v.Src = url("audio")
		default:
			v.Src, v.Thumb = url("feed"), url("thumb")
		}
		out = append(out, v)
	}
	return out
}

// mediaStatusJSON is what the composer polls while an upload is processed.
type mediaStatusJSON struct {
	ID     int64               `json:"id"`
	Status pluttra.MediaStatus `json:"status"`
	Kind   pluttra.MediaKind   `json:"kind,omitempty"`
	Error  string              `json:"error,omitempty"` // in the viewer's language
	Thumb  string              `json:"thumb,omitempty"`
}

// mediaStatus tells the composer how an uploaded item is doing.
func (s *Server) mediaStatus(req *request) error {
	ctx := req.R.Context()
	m, err := s.deps.Store.Media(ctx, req.P.OrgID(), req.ID)
	if err != nil {
		return err
	}
	signer, err := s.mediaSigner(ctx)
	if err != nil {
		return err
	}
	out := mediaStatusJSON{ID: m.ID, Status: m.Status, Kind: m.Kind}
	if views := s.mediaViews(req, signer, []pluttra.Media{*m}, false); len(views) == 1 {
		v := views[0]
		out.Thumb = v.Thumb
		if out.Thumb == "" {
			out.Thumb = v.Poster
		}
		if v.Error != "" {
			out.Error = req.L.T(v.Error)
		}
	}
	req.W.Header().Set("Content-Type", "application/json")
	req.W.Header().Set("Cache-Control", "no-store")
	req.W.WriteHeader(http.StatusOK)
	return json.NewEncoder(req.W).Encode(out)
}
