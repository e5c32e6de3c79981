package web

import (
	"errors"
	"fmt"
	"net/http"
	"time"

	"github.com/pluttra/pluttra/internal/access"
	"github.com/pluttra/pluttra/internal/live"
	"github.com/pluttra/pluttra/internal/pluttra"
)

// liveHeartbeat keeps proxies from closing a quiet stream.
const liveHeartbeat = 25 * time.Second

// liveEvents streams server-sent events to an open page: the id of each
// post published or changed, and of each calendar event changed, in the
// organisation that this user may see,
// decided afresh for every event, so a guardianship ended a minute ago
// already hears nothing. A stream ends after a while; the browser
// reconnects at once, with a fresh session check.
func (s *Server) liveEvents(req *request) error {
	if s.deps.Live == nil {
		return pluttra.NotFound("events")
	}
	rc := http.NewResponseController(req.W)
	// The server's write timeout is for ordinary pages, not for streams.
	if err := rc.SetWriteDeadline(time.Now().Add(s.opts.LiveMaxStream + time.Minute)); err != nil && !errors.Is(err, http.ErrNotSupported) {
		return err
	}
	events, stop := s.deps.Live.Subscribe(req.P.OrgID())
	defer stop()
	h := req.W.Header()
	h.Set("Content-Type", "text/event-stream")
	h.Set("Cache-Control", "no-store")
	h.Set("X-Accel-Buffering", "no")
	req.W.WriteHeader(http.StatusOK)
	fmt.Fprintf(req.W, "retry: 3000\n\n")
	rc.Flush()

	ctx := req.R.Context()
	end := time.After(s.opts.LiveMaxStream)
	beat := time.NewTicker(liveHeartbeat)
	defer beat.Stop()
	for {
		select {
		case <-ctx.Done():
			return nil
		case <-end:
			return nil
		case <-beat.C:
			fmt.Fprintf(req.W, ": beat\n\n")
		case e := <-events:
			if ok, err := s.mayHear(req, e); err != nil || !ok {
				if err != nil {
					return nil // the stream ends; the browser reconnects
				}
				continue
			}
			fmt.Fprintf(req.W, "event: %s\ndata: {\"id\":%d}\n\n", e.Kind, e.ID)
		}
		if err := rc.Flush(); err != nil {
			return nil
		}
	}
}

// mayHear decides an event for the stream's user as of now: the account
// may have been deactivated and the facts may have changed since the
// stream began.
func (s *Server) mayHear(req *request, e live.Event) (bool, error) {
	ctx := req.R.Context()
	u, err := s.deps.Store.User(ctx, req.P.OrgID(), req.P.User.ID)
	if err != nil {
		return false, err
	}
	p, err := s.deps.Policy.Principal(ctx, u)
	if err != nil || !p.LoggedIn() {
		return false, err
	}
	switch e.Kind {
	case "post":
		d, err := s.deps.Policy.Check(ctx, p, access.ViewPost, e.ID)
		return d == access.Allow, err
	case "calendar":
		d, err := s.deps.Policy.Check(ctx, p, access.ViewEvent, e.ID)
		return d == access.Allow, err
	}
	return false, nil
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
