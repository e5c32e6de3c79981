package web

import (
	"fmt"
	"net/http"
	"strings"
	"time"

	"github.com/pluttra/pluttra/internal/i18n"
	"github.com/pluttra/pluttra/internal/pluttra"
)

// calendarManageData is a department's or a unit's calendar as its staff
// keep it: the events from today on, cancelled ones marked.
type calendarManageData struct {
	Owner  calendarOwner
	Events []managedEvent
}

// managedEvent is one event on the list: when it next happens (or last
// happened), how it repeats.
type managedEvent struct {
	ID        int64
	Title     string
	Kind      pluttra.CalendarKind
	Place     string
	Next      string
	Repeat    string
	Cancelled bool
}

// calendarSpanDays is how far ahead the keeping pages list events.
const calendarSpanDays = 2 * 366

func (s *Server) departmentCalendar(req *request) error {
	owner, err := s.departmentOwner(req)
	if err != nil {
		return err
	}
	return s.renderCalendarManage(req, owner, pluttra.CalendarScope{DepartmentIDs: []int64{req.ID}})
}

func (s *Server) unitCalendar(req *request) error {
	owner, err := s.unitOwner(req)
	if err != nil {
		return err
	}
	return s.renderCalendarManage(req, owner, pluttra.CalendarScope{UnitIDs: []int64{req.ID}})
}

func (s *Server) departmentOwner(req *request) (calendarOwner, error) {
	d, err := s.deps.Store.Department(req.R.Context(), req.P.OrgID(), req.ID)
	if err != nil {
		return calendarOwner{}, err
	}
	return calendarOwner{Name: d.Name, Path: fmt.Sprintf("/departments/%d/calendar", d.ID)}, nil
}

func (s *Server) unitOwner(req *request) (calendarOwner, error) {
	u, err := s.deps.Store.Unit(req.R.Context(), req.P.OrgID(), req.ID)
	if err != nil {
		return calendarOwner{}, err
	}
	return calendarOwner{Name: u.Name, Path: fmt.Sprintf("/units/%d/calendar", u.ID), Unit: true}, nil
}

func (s *Server) renderCalendarManage(req *request, owner calendarOwner, scope pluttra.CalendarScope) error {
	today := s.deps.Policy.Today()
	events, err := s.deps.Store.CalendarEvents(req.R.Context(), req.P.OrgID(), scope, today, today.AddDays(calendarSpanDays))
	if err != nil {
		return err
	}
	data := calendarManageData{Owner: owner}
	for i := range events {
		e := &events[i]
		v := managedEvent{ID: e.ID, Title: e.Title, Kind: e.Kind, Place: e.Place, Repeat: describeRepeat(req.L, e.Recurrence, e.Start),
			Cancelled: e.Cancelled()}
		if occ := e.Occurrences(today, today.AddDays(calendarSpanDays)); len(occ) > 0 {
			v.Next = shortDay(req.L, occ[0].Day) + " · " + occurrenceTime(req.L, occ[0])
		}
		data.Events = append(data.Events, v)
	}
	return s.render(req, http.StatusOK, "calendar_manage", "calendar.manage.title", data)
}

// describeRepeat says in words how an event repeats: "Every week on
// Monday, Thursday · until 30 June 2026"; "" for a single event.
func describeRepeat(l *i18n.Locale, r pluttra.Recurrence, start time.Time) string {
	var how string
	switch r.Frequency {
	case pluttra.Weekly:
		weekdays := r.Weekdays
		if len(weekdays) == 0 {
			weekdays = []time.Weekday{start.Weekday()}
		}
		days := make([]string, len(weekdays))
		for i, d := range weekdays {
			days[i] = l.T(fmt.Sprintf("calendar.weekday.%d", d))
		}
		key := "calendar.repeat.weekly"
		if r.Interval == 1 {
			key = "calendar.repeat.every_week"
		}
		how = l.T(key, "N", r.Interval, "Days", strings.Join(days, ", "))
	case pluttra.Monthly:
		key := "calendar.repeat.monthly"
		if r.Interval == 1 {
			key = "calendar.repeat.every_month"
		}
		how = l.T(key, "N", r.Interval, "Day", start.Day())
	default:
		return ""
	}
	if r.Count > 0 {
		return how + " · " + l.T("calendar.repeat.count", "N", r.Count)
	}
	return how + " · " + l.T("calendar.repeat.until", "Date", longDay(l, r.Until))
}
