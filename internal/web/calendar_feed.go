package web

import (
	"math"
	"strconv"
	"strings"
	"time"

	"github.com/pluttra/pluttra/internal/access"
	"github.com/pluttra/pluttra/internal/ical"
	"github.com/pluttra/pluttra/internal/pluttra"
)

// The feed's rate limit: a calendar app polling every few minutes stays
// well under it.
const (
	feedWindow       = time.Hour
	defaultFeedLimit = 60
)

// How far back and ahead the feed reaches; a series that touches the span
// is sent whole.
const (
	feedDaysBack  = 90
	feedDaysAhead = 400
)

// calendarFeed serves a user's calendar to the calendar app that holds the
// secret address. What it holds is decided now, from the user's facts of
// today: an ended guardianship or membership takes its calendars away,
// and a deactivated account's address answers as unknown.
func (s *Server) calendarFeed(req *request) error {
	ctx := req.R.Context()
	secret := strings.TrimSuffix(req.R.PathValue("secret"), ".ics")
	hit, err := s.deps.Store.HitCalendarFeed(ctx, hashSecret(secret), s.deps.Now(), feedWindow)
	if err != nil {
		return err
	}
	if hit.Count > s.opts.CalendarFeedLimit {
		wait := max(int(math.Ceil(hit.WindowEnds.Sub(s.deps.Now()).Seconds())), 1)
		req.W.Header().Set("Retry-After", strconv.Itoa(wait))
		return &pluttra.Error{Code: pluttra.ETHROTTLED, Key: "calendar.error.feed_limit"}
	}
	u, err := s.deps.Store.User(ctx, hit.OrgID, hit.UserID)
	if err != nil {
		return err
	}
	p, err := s.deps.Policy.Principal(ctx, u)
	if err != nil {
		return err
	}
	if !p.LoggedIn() {
		return pluttra.NotFound("calendar feed")
	}
	req.L = s.deps.Catalog.Negotiate(u.Language, "")
	org, err := s.deps.Store.Organisation(ctx, u.OrgID)
	if err != nil {
		return err
	}
	today := s.deps.Policy.Today()
	events, err := s.deps.Store.CalendarEvents(ctx, u.OrgID, access.CalendarScope(p), today.AddDays(-feedDaysBack), today.AddDays(feedDaysAhead))
	if err != nil {
		return err
	}
	out := make([]ical.Event, len(events))
	for i := range events {
		out[i] = s.icalEvent(req.L, &events[i])
	}
	talks, err := s.familyTalks(req, p, today.AddDays(-feedDaysBack))
	if err != nil {
		return err
	}
	out = append(out, talks...)
	return s.writeCalendar(req, req.L.T("calendar.feed_name", "Name", org.Name), "pluttra.ics", out)
}

// familyTalks are a guardian's children's booked development talks since
// a day, as the feed carries them: when, where and with which department,
// never the child's name (a feed is read by calendar apps and whoever the
// address was shared with). A cancelled booking drops out.
func (s *Server) familyTalks(req *request, p access.Principal, since pluttra.Date) ([]ical.Event, error) {
	if !p.Is(pluttra.KindGuardian) {
		return nil, nil
	}
	ctx := req.R.Context()
	n := s.newNames(p.OrgID())
	var out []ical.Event
	for _, child := range p.Facts.GuardianChildren {
		slots, err := s.deps.Store.ChildTalks(ctx, p.OrgID(), child)
		if err != nil {
			return nil, err
		}
		for _, sl := range slots {
			if sl.End.Before(pluttra.WallTime(since, 0)) {
				continue
			}
			dept, err := n.department(ctx, sl.DepartmentID)
			if err != nil {
				return nil, err
			}
			ev := s.icalTalk(req, &sl)
			ev.Summary = req.L.T("talk.title") + " – " + dept
			out = append(out, ev)
		}
	}
	return out, nil
}
