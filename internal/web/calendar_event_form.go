package web

import (
	"fmt"
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/pluttra/pluttra/internal/pluttra"
)

// eventFormData is the form that adds an event to a calendar or edits one.
type eventFormData struct {
	Owner    calendarOwner
	Action   string // where the form posts
	EventID  int64  // 0 for a new event
	Kinds    []pluttra.CalendarKind
	Weekdays []weekdayOption
	Form     map[string]string
	Errors   formErrors
	Limits   map[string]int
}

// weekdayOption is a weekday checkbox of the repeat choices, Monday first.
type weekdayOption struct {
	Value   int
	Checked bool
}

var eventFields = []string{"kind", "title", "description", "place", "all_day", "start_date", "start_time", "end_date", "end_time",
	"repeat", "interval", "until", "count"}

var eventLimits = map[string]int{"title": pluttra.MaxCalendarTitle, "description": pluttra.MaxCalendarDescription,
	"place": pluttra.MaxCalendarPlace, "count": pluttra.MaxCalendarOccurrences, "interval": pluttra.MaxCalendarInterval}

// eventNew shows an empty form for a department's or unit's calendar.
func (s *Server) eventNew(req *request) error {
	owner, err := s.ownerOfRoute(req)
	if err != nil {
		return err
	}
	today := s.deps.Policy.Today().String()
	form := map[string]string{"kind": string(pluttra.CalendarOuting), "start_date": today, "start_time": "09:00", "end_time": "10:00", "interval": "1"}
	return s.renderEventForm(req, http.StatusOK, owner, 0, form, nil, nil)
}

// eventCreate adds an event to the department's or unit's calendar.
func (s *Server) eventCreate(req *request) error {
	owner, err := s.ownerOfRoute(req)
	if err != nil {
		return err
	}
	e := &pluttra.CalendarEvent{CreatedBy: req.P.User.ID}
	if owner.Unit {
		e.UnitID = req.ID
	} else {
		e.DepartmentID = req.ID
	}
	form, weekdays, errs, err := readEventForm(req, e)
	if err != nil {
		return err
	}
	if len(errs) > 0 {
		return s.renderEventForm(req, http.StatusBadRequest, owner, 0, form, weekdays, errs)
	}
	if err := s.deps.Store.CreateCalendarEvent(req.R.Context(), req.P.OrgID(), e); err != nil {
		return err
	}
	s.calendarChanged(req, *e, changeEventCreated)
	http.Redirect(req.W, req.R, fmt.Sprintf("/calendar/events/%d?saved=created", e.ID), http.StatusSeeOther)
	return nil
}

// eventEdit shows the form filled with an event; a cancelled one cannot
// be edited.
func (s *Server) eventEdit(req *request) error {
	e, owner, err := s.managedEvent(req)
	if err != nil {
		return err
	}
	return s.renderEventForm(req, http.StatusOK, owner, e.ID, eventToForm(e), e.Recurrence.Weekdays, nil)
}

// eventUpdate changes the whole event (every occurrence of a series); its
// sequence rises so subscribed calendars take the new version.
func (s *Server) eventUpdate(req *request) error {
	e, owner, err := s.managedEvent(req)
	if err != nil {
		return err
	}
	form, weekdays, errs, err := readEventForm(req, e)
	if err != nil {
		return err
	}
	if len(errs) > 0 {
		return s.renderEventForm(req, http.StatusBadRequest, owner, e.ID, form, weekdays, errs)
	}
	if err := s.deps.Store.UpdateCalendarEvent(req.R.Context(), req.P.OrgID(), e); err != nil {
		return err
	}
	s.calendarChanged(req, *e, changeEventUpdated)
	http.Redirect(req.W, req.R, fmt.Sprintf("/calendar/events/%d?saved=updated", e.ID), http.StatusSeeOther)
	return nil
}

// managedEvent reads the route's event for a change, refusing a cancelled
// one, with whose calendar it is in.
func (s *Server) managedEvent(req *request) (*pluttra.CalendarEvent, calendarOwner, error) {
	e, err := s.deps.Store.CalendarEvent(req.R.Context(), req.P.OrgID(), req.ID)
	if err != nil {
		return nil, calendarOwner{}, err
	}
	if e.Cancelled() {
		return nil, calendarOwner{}, pluttra.Conflict("calendar.error.cancelled", nil)
	}
	return e, eventOwner(e), nil
}

func eventOwner(e *pluttra.CalendarEvent) calendarOwner {
	if e.DepartmentID != 0 {
		return calendarOwner{Name: e.DepartmentName, Path: fmt.Sprintf("/departments/%d/calendar", e.DepartmentID)}
	}
	return calendarOwner{Name: e.UnitName, Path: fmt.Sprintf("/units/%d/calendar", e.UnitID), Unit: true}
}

// ownerOfRoute is the calendar a /departments/{id}/calendar or
// /units/{id}/calendar route names.
func (s *Server) ownerOfRoute(req *request) (calendarOwner, error) {
	if strings.HasPrefix(req.R.URL.Path, "/units/") {
		return s.unitOwner(req)
	}
	return s.departmentOwner(req)
}

// readEventForm reads the posted form onto e and checks it: every field
// that is wrong gets its own message, and nothing is saved.
func readEventForm(req *request, e *pluttra.CalendarEvent) (map[string]string, []time.Weekday, formErrors, error) {
	form, err := parseForm(req, eventFields...)
	if err != nil {
		return nil, nil, nil, err
	}
	errs := formErrors{}
	var weekdays []time.Weekday
	for _, v := range req.R.PostForm["weekday"] {
		if n, err := strconv.Atoi(v); err == nil && n >= 0 && n < 7 {
			weekdays = append(weekdays, time.Weekday(n))
		} else {
			errs["weekdays"] = "error.invalid"
		}
	}
	e.Kind = pluttra.CalendarKind(form["kind"])
	e.Title, e.Description, e.Place = form["title"], form["description"], form["place"]
	e.AllDay = form["all_day"] == "1"
	startDay, startMin := readDay(errs, "start", form["start_date"], true), readClock(errs, "start", form["start_time"], !e.AllDay)
	endDay, endMin := readDay(errs, "end", form["end_date"], false), readClock(errs, "end", form["end_time"], false)
	if endDay.IsZero() {
		endDay = startDay
	}
	e.Start, e.End = pluttra.WallTime(startDay, startMin), time.Time{}
	if e.AllDay || form["end_time"] != "" {
		e.End = pluttra.WallTime(endDay, endMin)
	}
	if startDay.IsZero() {
		e.Start = time.Time{}
	}
	e.Recurrence = pluttra.Recurrence{Frequency: pluttra.Frequency(form["repeat"]), Weekdays: weekdays,
		Interval: readNumber(errs, "interval", form["interval"], "calendar.error.interval"),
		Count:    readNumber(errs, "count", form["count"], "calendar.error.count"),
		Until:    readDay(errs, "until", form["until"], false)}
	if len(errs) == 0 {
		if err := errs.add(pluttra.CheckCalendarEvent(e)); err != nil {
			return nil, nil, nil, err
		}
	}
	return form, weekdays, errs, nil
}

func readDay(errs formErrors, field, v string, required bool) pluttra.Date {
	if v == "" {
		if required {
			errs[field] = "error.required"
		}
		return pluttra.Date{}
	}
	d, err := pluttra.ParseDate(v)
	if err != nil {
		errs[field] = "calendar.error.date"
	}
	return d
}

// readClock reads HH:MM as minutes after midnight.
func readClock(errs formErrors, field, v string, required bool) int {
	if v == "" {
		if required {
			errs[field] = "calendar.error.time"
		}
		return 0
	}
	t, err := time.Parse("15:04", v)
	if err != nil {
		errs[field] = "calendar.error.time"
		return 0
	}
	return t.Hour()*60 + t.Minute()
}

func readNumber(errs formErrors, field, v, key string) int {
	if v == "" {
		return 0
	}
	n, err := strconv.Atoi(v)
	if err != nil {
		errs[field] = key
	}
	return n
}

// eventToForm fills the form with an event as it is.
func eventToForm(e *pluttra.CalendarEvent) map[string]string {
	f := map[string]string{"kind": string(e.Kind), "title": e.Title, "description": e.Description, "place": e.Place,
		"start_date": pluttra.DateOf(e.Start, pluttra.CalendarZone).String(), "end_date": pluttra.DateOf(e.End, pluttra.CalendarZone).String(),
		"repeat": string(e.Recurrence.Frequency), "interval": strconv.Itoa(max(e.Recurrence.Interval, 1)), "until": e.Recurrence.Until.String()}
	if e.AllDay {
		f["all_day"] = "1"
	} else {
		f["start_time"], f["end_time"] = e.Start.Format("15:04"), e.End.Format("15:04")
	}
	if e.Recurrence.Count > 0 {
		f["count"] = strconv.Itoa(e.Recurrence.Count)
	}
	return f
}

func (s *Server) renderEventForm(req *request, status int, owner calendarOwner, eventID int64, form map[string]string, weekdays []time.Weekday, errs formErrors) error {
	data := eventFormData{Owner: owner, EventID: eventID, Kinds: pluttra.CalendarKinds, Form: form, Errors: errs, Limits: eventLimits,
		Action: owner.Path}
	if eventID != 0 {
		data.Action = fmt.Sprintf("/calendar/events/%d/edit", eventID)
	}
	for _, d := range []time.Weekday{time.Monday, time.Tuesday, time.Wednesday, time.Thursday, time.Friday, time.Saturday, time.Sunday} {
		checked := false
		for _, w := range weekdays {
			checked = checked || w == d
		}
		data.Weekdays = append(data.Weekdays, weekdayOption{Value: int(d), Checked: checked})
	}
	title := "calendar.new.title"
	if eventID != 0 {
		title = "calendar.edit.title"
	}
	return s.render(req, status, "calendar_event_form", title, data)
}
