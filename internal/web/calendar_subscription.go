package web

import (
	"net/http"
	"strings"

	"github.com/pluttra/pluttra/internal/access"
	"github.com/pluttra/pluttra/internal/pluttra"
)

// subscriptionData is the user's calendar subscription: whether there is
// one and since when; the address only on the page that made it, because
// only its hash is kept.
type subscriptionData struct {
	Has        bool
	Since      string
	HTTPSURL   string
	WebcalURL  string
	Stopped    bool
	FeedLimit  int
	ShownNames []string // whose calendars the feed holds today
}

// subscriptionPage shows whether the user has a feed address.
func (s *Server) subscriptionPage(req *request) error {
	return s.renderSubscription(req, "", req.R.URL.Query().Get("saved") == "stopped")
}

// subscriptionCreate makes a new feed address and shows it once. An
// earlier address stops working in the same step.
func (s *Server) subscriptionCreate(req *request) error {
	secret, hash := newSecret()
	if err := s.deps.Store.SetCalendarFeed(req.R.Context(), req.P.OrgID(), req.P.User.ID, hash); err != nil {
		return err
	}
	return s.renderSubscription(req, secret, false)
}

// subscriptionDelete ends the user's feed: its address answers as unknown.
func (s *Server) subscriptionDelete(req *request) error {
	err := s.deps.Store.DeleteCalendarFeed(req.R.Context(), req.P.OrgID(), req.P.User.ID)
	if err != nil && pluttra.ErrorCode(err) != pluttra.ENOTFOUND {
		return err
	}
	http.Redirect(req.W, req.R, "/calendar/subscription?saved=stopped", http.StatusSeeOther)
	return nil
}

func (s *Server) renderSubscription(req *request, secret string, stopped bool) error {
	ctx := req.R.Context()
	data := subscriptionData{Stopped: stopped, FeedLimit: s.opts.CalendarFeedLimit}
	f, err := s.deps.Store.CalendarFeed(ctx, req.P.OrgID(), req.P.User.ID)
	switch {
	case err == nil:
		data.Has, data.Since = true, formatStockholm(f.CreatedAt)
	case pluttra.ErrorCode(err) != pluttra.ENOTFOUND:
		return err
	}
	if secret != "" {
		data.HTTPSURL = s.opts.BaseURL + "/calendar/feed/" + secret + ".ics"
		_, rest, _ := strings.Cut(data.HTTPSURL, "://")
		data.WebcalURL = "webcal://" + rest
	}
	names, err := s.calendarNames(req)
	if err != nil {
		return err
	}
	data.ShownNames = names
	return s.render(req, http.StatusOK, "calendar_subscription", "calendar.subscription.title", data)
}

// calendarNames lists whose calendars the user sees today.
func (s *Server) calendarNames(req *request) ([]string, error) {
	ctx := req.R.Context()
	scope := access.CalendarScope(req.P)
	var out []string
	for _, id := range scope.DepartmentIDs {
		d, err := s.deps.Store.Department(ctx, req.P.OrgID(), id)
		if err != nil {
			return nil, err
		}
		out = append(out, d.Name)
	}
	for _, id := range scope.UnitIDs {
		u, err := s.deps.Store.Unit(ctx, req.P.OrgID(), id)
		if err != nil {
			return nil, err
		}
		out = append(out, u.Name)
	}
	return out, nil
}
