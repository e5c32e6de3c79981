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
// post published or changed in the organisation that this user may see,
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
	// The stream's user as the request found them; read again only when
	// the organisation changes.
	l := listener{p: req.P, epoch: req.P.Epoch, day: s.deps.Policy.Today()}
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
			if ok, err := s.mayHear(req, &l, e); err != nil || !ok {
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

// listener is one stream's user, as decided at the organisation's epoch:
// while the epoch and the day stay, so does the principal.
type listener struct {
	p     access.Principal
	epoch int64
	day   pluttra.Date
}

// mayHear decides an event for the stream's user as of now: the account
// may have been deactivated and the facts may have changed since the
// stream began, which the organisation's epoch tells. The event's facts
// are read once per node and shared by every stream (live_audience.go).
func (s *Server) mayHear(req *request, l *listener, e live.Event) (bool, error) {
	if _, known := liveActions[e.Kind]; !known {
		return false, nil
	}
	ctx := req.R.Context()
	la := s.liveAudienceOf(ctx, e)
	if pluttra.ErrorCode(la.err) == pluttra.ENOTFOUND {
		return false, nil // gone already, or never this organisation's
	}
	if la.err != nil {
		return false, la.err
	}
	today := s.deps.Policy.Today()
	if l.p.User == nil || l.epoch != la.epoch || l.day.String() != today.String() {
		u, err := s.deps.Store.User(ctx, req.P.OrgID(), req.P.User.ID)
		if err != nil {
			return false, err
		}
		if l.p, err = s.deps.Policy.PrincipalAt(ctx, u, la.epoch); err != nil {
			return false, err
		}
		l.epoch, l.day = la.epoch, today
	}
	return l.p.LoggedIn() && la.audience.Decide(l.p) == access.Allow, nil
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
