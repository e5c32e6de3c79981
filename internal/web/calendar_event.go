package web

import (
	"net/http"

	"github.com/pluttra/pluttra/internal/access"
	"github.com/pluttra/pluttra/internal/pluttra"
)

// eventPageData is one event: what, when, where, whose, how it repeats,
// its coming occurrences, and what the viewer may do with it.
type eventPageData struct {
	Event     *pluttra.CalendarEvent
	Owner     calendarOwner
	First     occurrenceView // the first occurrence
	Repeat    string
	Coming    []occurrenceView
	CanManage bool
	Saved     string
}

// eventOccurrencesShown is how many coming occurrences of a series the
// event page lists.
const eventOccurrencesShown = 12

// eventView shows an event to anyone whose calendar holds it; its keepers
// also get the links to edit it and to cancel it or one occurrence.
func (s *Server) eventView(req *request) error {
	e, err := s.deps.Store.CalendarEvent(req.R.Context(), req.P.OrgID(), req.ID)
	if err != nil {
		return err
	}
	data := eventPageData{Event: e, Owner: eventOwner(e), Repeat: describeRepeat(req.L, e.Recurrence, e.Start)}
	switch saved := req.R.URL.Query().Get("saved"); saved {
	case changeEventCreated, changeEventUpdated, changeEventCancelled, changeOccurrenceCancelled:
		data.Saved = saved
	}
	if data.CanManage, err = s.allowed(req, access.ManageEvent, e.ID); err != nil {
		return err
	}
	all := e.Occurrences(pluttra.DateOf(e.Start, pluttra.CalendarZone), e.LastDay)
	if len(all) > 0 {
		data.First = viewOccurrence(req.L, all[0])
		data.First.DayName = dayHeading(req.L, all[0].Day)
	}
	today := s.deps.Policy.Today()
	for _, o := range all {
		if len(data.Coming) == eventOccurrencesShown {
			break
		}
		if !pluttra.DateOf(o.End, pluttra.CalendarZone).Before(today) {
			v := viewOccurrence(req.L, o)
			v.DayName = dayHeading(req.L, o.Day)
			data.Coming = append(data.Coming, v)
		}
	}
	return s.render(req, http.StatusOK, "calendar_event", "calendar.event.title", data)
}
