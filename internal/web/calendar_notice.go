package web

import (
	"strconv"

	"github.com/pluttra/pluttra/internal/live"
	"github.com/pluttra/pluttra/internal/pluttra"
)

// Calendar changes, as calendarChanged is told of them.
const (
	changeEventCreated        = "created"
	changeEventUpdated        = "updated"
	changeEventCancelled      = "cancelled"
	changeOccurrenceCancelled = "occurrence_cancelled"
)

// calendarChanged is called after every calendar change has committed:
// ev is the event as it now is, change one of the change names above. It
// announces the event's id to open pages of the organisation, which see
// it only when the access policy lets them see the event (mayHear), so an
// open calendar can refresh. Telling families of a change or a
// cancellation belongs here too.
func (s *Server) calendarChanged(req *request, ev pluttra.CalendarEvent, change string) {
	if s.deps.Live != nil {
		s.deps.Live.Publish(req.R.Context(), live.Event{OrgID: req.P.OrgID(), Kind: "calendar", ID: ev.ID})
	}
	if err := s.tellCalendarChange(req, ev, change); err != nil {
		s.deps.Logger.Error("calendar notice", "err", err)
	}
}

// tellCalendarChange writes the notice of a change to the guardians of
// the children placed where the event is (its department, or every
// department of its unit); the worker sends it as each has chosen.
func (s *Server) tellCalendarChange(req *request, ev pluttra.CalendarEvent, change string) error {
	ctx := req.R.Context()
	read, err := s.deps.Store.CalendarEvent(ctx, req.P.OrgID(), ev.ID) // with its department's and unit's names
	if err != nil {
		return err
	}
	ev = *read
	recipients, err := s.deps.Store.PlacedGuardians(ctx, req.P.OrgID(), ev.DepartmentID, ev.UnitID, s.deps.Policy.Today())
	if err != nil || len(recipients) == 0 {
		return err
	}
	where := ev.UnitName
	if ev.DepartmentID != 0 {
		where = ev.DepartmentName
	}
	n := &pluttra.Notice{Category: pluttra.NoticeCalendar, Key: "notice.calendar_" + change, Recipients: recipients,
		Link: "/calendar/events/" + strconv.FormatInt(ev.ID, 10), Args: map[string]string{"Title": ev.Title, "Where": where}}
	return s.notify(ctx, req.P.OrgID(), n)
}
