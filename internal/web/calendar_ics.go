package web

import (
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"time"

	"github.com/pluttra/pluttra/internal/i18n"
	"github.com/pluttra/pluttra/internal/ical"
	"github.com/pluttra/pluttra/internal/pluttra"
)

// icalEvent is an event as a calendar app gets it: its title with whose
// calendar it is in, kind, time, place and description, its recurrence
// and cancelled occurrences, status and sequence. Nothing about children.
func (s *Server) icalEvent(l *i18n.Locale, e *pluttra.CalendarEvent) ical.Event {
	v := ical.Event{
		UID:         fmt.Sprintf("event-%d-%d@%s", e.OrgID, e.ID, s.host()),
		Sequence:    e.Sequence,
		Stamp:       e.UpdatedAt,
		Modified:    e.UpdatedAt,
		Summary:     e.Title + " – " + ownerName(e),
		Description: e.Description,
		Location:    e.Place,
		Categories:  []string{l.T("calendar.kind." + string(e.Kind))},
		URL:         fmt.Sprintf("%s/calendar/events/%d", s.opts.BaseURL, e.ID),
		AllDay:      e.AllDay,
		Start:       e.Start,
		End:         e.End,
	}
	if e.Cancelled() {
		v.Status = ical.Cancelled
	}
	r := e.Recurrence
	if !r.Repeats() {
		return v
	}
	v.Repeat = &ical.Repeat{Frequency: strings.ToUpper(string(r.Frequency)), Interval: r.Interval, Weekdays: r.Weekdays, Count: r.Count}
	if !r.Until.IsZero() {
		v.Repeat.Until = pluttra.WallTime(r.Until, 0)
	}
	for _, day := range e.CancelledDays {
		v.Except = append(v.Except, pluttra.WallTime(day, pluttra.MinuteOfDay(e.Start)))
	}
	return v
}

// host is the public host name, which makes event UIDs unique worldwide.
func (s *Server) host() string {
	if u, err := url.Parse(s.opts.BaseURL); err == nil && u.Host != "" {
		return u.Hostname()
	}
	return "pluttra.invalid"
}

// writeCalendar sends events as an iCalendar file.
func (s *Server) writeCalendar(req *request, name, filename string, events []ical.Event) error {
	h := req.W.Header()
	h.Set("Content-Type", ical.ContentType)
	h.Set("Cache-Control", "private, no-cache")
	h.Set("Content-Disposition", fmt.Sprintf(`inline; filename="%s"`, filename))
	h.Set("Content-Language", req.L.Code)
	req.W.WriteHeader(http.StatusOK)
	return ical.Write(req.W, ical.Calendar{Name: name, Zone: pluttra.CalendarZone, RefreshEvery: time.Hour, Events: events})
}

// eventDownload is one event as a .ics file to add to a calendar.
func (s *Server) eventDownload(req *request) error {
	e, err := s.deps.Store.CalendarEvent(req.R.Context(), req.P.OrgID(), req.ID)
	if err != nil {
		return err
	}
	return s.writeCalendar(req, ownerName(e), fmt.Sprintf("event-%d.ics", e.ID), []ical.Event{s.icalEvent(req.L, e)})
}
