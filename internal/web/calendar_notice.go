package web

import (
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
	if s.deps.Live == nil {
		return
	}
	s.deps.Live.Publish(req.R.Context(), live.Event{OrgID: req.P.OrgID(), Kind: "calendar", ID: ev.ID})
}
