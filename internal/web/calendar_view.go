package web

import (
	"fmt"
	"net/http"
	"slices"

	"github.com/pluttra/pluttra/internal/access"
	"github.com/pluttra/pluttra/internal/i18n"
	"github.com/pluttra/pluttra/internal/pluttra"
)

// calendarWeeks is how far ahead the calendar page looks at a time.
const calendarWeeks = 8

// calendarData is the user's own calendar: the occurrences of the coming
// weeks grouped by day, with links to the calendars the user keeps.
type calendarData struct {
	Days           []calendarDay
	From, To       string
	Earlier, Later string
	Keeps          []calendarOwner // calendars the user may add events to
	Owners         []ownerLegend   // whose calendars are shown, for the legend
	Live           bool
}

// ownerLegend is a calendar shown and the colour that marks it.
type ownerLegend struct {
	Name string
	Mark int
}

// calendarDay is one day with its occurrences.
type calendarDay struct {
	Date    string
	Heading string
	Today   bool
	Items   []occurrenceView
}

// occurrenceView is one occurrence as a page shows it.
type occurrenceView struct {
	EventID   int64
	Day       string // the occurrence's first day, which names it in its series
	Title     string
	Kind      pluttra.CalendarKind
	Place     string
	Owner     string // the department's or unit's name
	OwnerMark int    // which colour marks the owner
	When      string // "09:00–11:30", or the days of an all-day event
	DayName   string // the day, where a page lists occurrences of several days
	AllDay    bool
	Repeats   bool
	Cancelled bool
}

// calendarOwner is a department's or a unit's calendar.
type calendarOwner struct {
	Name string
	Path string // where it is kept: /departments/ID/calendar or /units/ID/calendar
	Unit bool
}

// calendarView shows the events of the user's departments and units for
// the coming weeks (or from ?from=), each marked with whose it is, a
// cancelled one struck through.
func (s *Server) calendarView(req *request) error {
	ctx := req.R.Context()
	today := s.deps.Policy.Today()
	from := today
	if v := req.R.URL.Query().Get("from"); v != "" {
		var err error
		if from, err = pluttra.ParseDate(v); err != nil {
			return pluttra.Invalid("from", "calendar.error.date")
		}
	}
	to := from.AddDays(calendarWeeks*7 - 1)
	scope := access.CalendarScope(req.P)
	events, err := s.deps.Store.CalendarEvents(ctx, req.P.OrgID(), scope, from, to)
	if err != nil {
		return err
	}
	data := calendarData{From: from.String(), To: to.String(), Earlier: from.AddDays(-calendarWeeks * 7).String(),
		Later: to.AddDays(1).String(), Live: s.deps.Live != nil}
	var occ []pluttra.Occurrence
	for i := range events {
		occ = append(occ, events[i].Occurrences(from, to)...)
	}
	data.Days, data.Owners = groupByDay(req.L, occ, from, today)
	if data.Keeps, err = s.calendarsKept(req); err != nil {
		return err
	}
	return s.render(req, http.StatusOK, "calendar", "calendar.title", data)
}

// groupByDay sorts occurrences by start and puts each under its first day
// (or from, for one that began earlier), and names the owners in order.
func groupByDay(l *i18n.Locale, occ []pluttra.Occurrence, from, today pluttra.Date) ([]calendarDay, []ownerLegend) {
	slices.SortStableFunc(occ, func(a, b pluttra.Occurrence) int { return a.Start.Compare(b.Start) })
	var days []calendarDay
	var owners []ownerLegend
	for _, o := range occ {
		v := viewOccurrence(l, o)
		mark := slices.IndexFunc(owners, func(w ownerLegend) bool { return w.Name == v.Owner })
		if mark < 0 {
			mark = len(owners)
			owners = append(owners, ownerLegend{Name: v.Owner, Mark: mark % 6})
		}
		v.OwnerMark = mark % 6
		day := o.Day
		if day.Before(from) {
			day = from
		}
		if n := len(days); n == 0 || days[n-1].Date != day.String() {
			days = append(days, calendarDay{Date: day.String(), Heading: dayHeading(l, day), Today: day == today})
		}
		days[len(days)-1].Items = append(days[len(days)-1].Items, v)
	}
	return days, owners
}

func viewOccurrence(l *i18n.Locale, o pluttra.Occurrence) occurrenceView {
	e := o.Event
	v := occurrenceView{EventID: e.ID, Day: o.Day.String(), Title: e.Title, Kind: e.Kind, Place: e.Place, Owner: ownerName(e),
		AllDay: e.AllDay, Repeats: e.Recurrence.Repeats(), Cancelled: o.Cancelled}
	v.When = occurrenceTime(l, o)
	return v
}

// ownerName is whose calendar the event is in: the department, or the
// unit for a unit's own event.
func ownerName(e *pluttra.CalendarEvent) string {
	if e.DepartmentID != 0 {
		return e.DepartmentName
	}
	return e.UnitName
}

// occurrenceTime is an occurrence's clock times, or its days when it is
// all day or runs over several days.
func occurrenceTime(l *i18n.Locale, o pluttra.Occurrence) string {
	start, end := o.Start.In(pluttra.CalendarZone), o.End.In(pluttra.CalendarZone)
	first, last := pluttra.DateOf(start, pluttra.CalendarZone), pluttra.DateOf(end, pluttra.CalendarZone)
	switch {
	case o.Event.AllDay && first == last:
		return l.T("calendar.all_day")
	case o.Event.AllDay:
		return shortDay(l, first) + " – " + shortDay(l, last)
	case first == last:
		return start.Format("15:04") + "–" + end.Format("15:04")
	}
	return shortDay(l, first) + " " + start.Format("15:04") + " – " + shortDay(l, last) + " " + end.Format("15:04")
}

// dayHeading names a day in the user's language: "måndag 16 mars".
func dayHeading(l *i18n.Locale, d pluttra.Date) string {
	t := pluttra.WallTime(d, 12*60)
	return l.T("calendar.day_heading", "Weekday", l.T(fmt.Sprintf("calendar.weekday.%d", t.Weekday())),
		"Day", t.Day(), "Month", l.T(fmt.Sprintf("calendar.month.%d", t.Month())))
}

// shortDay names a day briefly: "16 mars".
func shortDay(l *i18n.Locale, d pluttra.Date) string {
	t := pluttra.WallTime(d, 12*60)
	return l.T("calendar.short_day", "Day", t.Day(), "Month", l.T(fmt.Sprintf("calendar.month.%d", t.Month())))
}

// longDay names a day with its year: "16 mars 2026".
func longDay(l *i18n.Locale, d pluttra.Date) string {
	t := pluttra.WallTime(d, 12*60)
	return l.T("calendar.long_day", "Day", t.Day(), "Month", l.T(fmt.Sprintf("calendar.month.%d", t.Month())), "Year", t.Year())
}

// calendarsKept lists the department and unit calendars the user may add
// events to.
func (s *Server) calendarsKept(req *request) ([]calendarOwner, error) {
	if !req.P.Is(pluttra.KindStaff) {
		return nil, nil
	}
	ctx := req.R.Context()
	var out []calendarOwner
	for _, id := range req.P.Facts.PrincipalUnits {
		u, err := s.deps.Store.Unit(ctx, req.P.OrgID(), id)
		if err != nil {
			return nil, err
		}
		out = append(out, calendarOwner{Name: u.Name, Path: fmt.Sprintf("/units/%d/calendar", id), Unit: true})
	}
	for _, id := range req.P.Facts.StaffDepartments {
		d, err := s.deps.Store.Department(ctx, req.P.OrgID(), id)
		if err != nil {
			return nil, err
		}
		out = append(out, calendarOwner{Name: d.Name, Path: fmt.Sprintf("/departments/%d/calendar", id)})
	}
	return out, nil
}
