package web

import (
	"errors"
	"net/http"

	"github.com/pluttra/pluttra/internal/pluttra"
)

// liveEvents streams server-sent events to an open page: the id of each
// post published or changed in the organisation that this user may see,
// decided afresh for every event, so a guardianship ended a minute ago
// already hears nothing. A stream ends after a while; the browser
// reconnects at once, with a fresh session check.
//
// Over HTTP/1.1 the handler takes the connection over and hands it to a
// stream of its own (live_stream.go), which holds a few kilobytes while it
// waits; otherwise (HTTP/2, HTTP/1.0, HEAD) it streams through the
// ResponseWriter until the stream ends.
func (s *Server) liveEvents(req *request) error {
	if s.deps.Live == nil {
		return pluttra.NotFound("events")
	}
	st := s.newLiveStream(req)
	h := req.W.Header()
	h.Set("Content-Type", "text/event-stream")
	h.Set("Cache-Control", "no-store")
	h.Set("X-Accel-Buffering", "no")
	if req.R.Method == http.MethodGet && req.R.ProtoMajor == 1 && req.R.ProtoMinor >= 1 {
		conn, _, err := http.NewResponseController(req.W).Hijack()
		switch {
		case err == nil:
			st.takeOver(conn, h)
			return nil
		case !errors.Is(err, http.ErrNotSupported):
			return err
		}
	}
	return st.serveWriter(req)
}

// postCard is one post as the feed shows it, without the page around it,
// for a feed that inserts a post announced by a live event.
func (s *Server) postCard(req *request) error {
	p, err := s.deps.Store.Post(req.R.Context(), req.P.OrgID(), req.ID)
	if err != nil {
		return err
	}
	if p.Status != pluttra.PostPublished {
		return pluttra.NotFound("post")
	}
	views, err := s.postViews(req, []pluttra.Post{*p})
	if err != nil {
		return err
	}
	views[0].Unread = true
	return s.renderFragment(req, "post", map[string]any{"L": req.L, "P": views[0]})
}
