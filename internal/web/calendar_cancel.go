package web

import (
	"fmt"
	"net/http"

	"github.com/pluttra/pluttra/internal/pluttra"
)

// cancelData is the page that asks before cancelling an event, a whole
// series, or one occurrence (Day set).
type cancelData struct {
	Event   *pluttra.CalendarEvent
	Day     string
	Heading string
}

// eventCancelConfirm asks before cancelling: one occurrence when ?day=
// names one, otherwise the whole event.
func (s *Server) eventCancelConfirm(req *request) error {
	e, _, err := s.managedEvent(req)
	if err != nil {
		return err
	}
	data := cancelData{Event: e}
	if v := req.R.URL.Query().Get("day"); v != "" {
		day, err := occurrenceDay(e, v)
		if err != nil {
			return err
		}
		data.Day, data.Heading = day.String(), dayHeading(req.L, day)
	}
	return s.render(req, http.StatusOK, "calendar_cancel", "calendar.cancel.title", data)
}

// eventCancel cancels the occurrence the form names, or the whole event.
// Either stays in calendars as cancelled, its sequence raised.
func (s *Server) eventCancel(req *request) error {
	e, _, err := s.managedEvent(req)
	if err != nil {
		return err
	}
	form, err := parseForm(req, "day")
	if err != nil {
		return err
	}
	ctx, org := req.R.Context(), req.P.OrgID()
	change := changeEventCancelled
	if form["day"] != "" {
		day, err := occurrenceDay(e, form["day"])
		if err != nil {
			return err
		}
		if err := s.deps.Store.CancelCalendarOccurrence(ctx, org, e.ID, day); err != nil {
			return err
		}
		change = changeOccurrenceCancelled
	} else if err := s.deps.Store.CancelCalendarEvent(ctx, org, e.ID); err != nil {
		return err
	}
	if e, err = s.deps.Store.CalendarEvent(ctx, org, e.ID); err != nil {
		return err
	}
	s.calendarChanged(req, *e, change)
	http.Redirect(req.W, req.R, fmt.Sprintf("/calendar/events/%d?saved=%s", e.ID, change), http.StatusSeeOther)
	return nil
}

// occurrenceDay reads a day the event has an occurrence on.
func occurrenceDay(e *pluttra.CalendarEvent, v string) (pluttra.Date, error) {
	day, err := pluttra.ParseDate(v)
	if err != nil {
		return day, pluttra.Invalid("day", "calendar.error.date")
	}
	if !e.HasOccurrenceOn(day) {
		return day, pluttra.Invalid("day", "calendar.error.no_occurrence_on_day")
	}
	return day, nil
}
