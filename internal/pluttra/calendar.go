package pluttra

import (
	"slices"
	"strings"
	"time"
	"unicode/utf8"
)

// CalendarZoneName is the zone every calendar event's wall time is in: a
// preschool's day starts at 07:00 in Sweden, summer or winter.
const CalendarZoneName = "Europe/Stockholm"

// CalendarZone is CalendarZoneName loaded; a weekly event keeps its local
// hour across the changes to and from summer time.
var CalendarZone = mustZone(CalendarZoneName)

func mustZone(name string) *time.Location {
	loc, err := time.LoadLocation(name)
	if err != nil {
		panic(err)
	}
	return loc
}

// CalendarKind says what kind of day or happening an event is, so that
// families see at a glance that the preschool is closed or that the
// children need packed lunches.
type CalendarKind string

// The kinds of event.
const (
	CalendarClosure        CalendarKind = "closure"         // the preschool is closed
	CalendarPlanningDay    CalendarKind = "planning_day"    // planeringsdag: closed for the staff's planning
	CalendarOuting         CalendarKind = "outing"          // utflykt
	CalendarParentsMeeting CalendarKind = "parents_meeting" // föräldramöte
	CalendarOther          CalendarKind = "other"
)

// CalendarKinds lists every kind, in the order forms offer them.
var CalendarKinds = []CalendarKind{CalendarOuting, CalendarParentsMeeting, CalendarPlanningDay, CalendarClosure, CalendarOther}

// Frequency is how often an event repeats; "" for once.
type Frequency string

// The frequencies.
const (
	Once    Frequency = ""
	Weekly  Frequency = "weekly"
	Monthly Frequency = "monthly" // on the start's day of the month
)

// Recurrence says when an event repeats: every Interval weeks on Weekdays
// (the start's weekday when empty), or every Interval months on the
// start's day of the month, until a day or for Count occurrences.
type Recurrence struct {
	Frequency Frequency
	Interval  int
	Weekdays  []time.Weekday
	Until     Date // the last day an occurrence may start on, or zero
	Count     int  // the number of occurrences, or 0
}

// Repeats reports whether the event has more than one occurrence.
func (r Recurrence) Repeats() bool { return r.Frequency != Once }

// CalendarEvent is an entry of a department's or a whole unit's calendar.
// Start and End are wall times in CalendarZone; an all-day event starts at
// midnight of its first day and its End is midnight of its last day.
type CalendarEvent struct {
	ID    int64
	OrgID int64
	// DepartmentID is set for a department's event; UnitID for a unit's
	// (and, when read, the department's unit for a department's event).
	DepartmentID int64
	UnitID       int64
	// The department's and unit's names, when read.
	DepartmentName string
	UnitName       string

	Kind        CalendarKind
	Title       string
	Description string
	Place       string
	AllDay      bool
	Start, End  time.Time
	Recurrence  Recurrence

	// CancelledDays are the occurrences cancelled one by one, by the day
	// they start; CancelledAt is set when the whole event is cancelled.
	CancelledDays []Date
	CancelledAt   time.Time
	// Sequence counts the changes, so subscribed calendars take the
	// newest version (iCalendar SEQUENCE).
	Sequence  int
	LastDay   Date // the day the last occurrence ends, set by CheckCalendarEvent
	CreatedBy int64
	CreatedAt time.Time
	UpdatedAt time.Time
}

// Cancelled reports whether the whole event is cancelled.
func (e *CalendarEvent) Cancelled() bool { return !e.CancelledAt.IsZero() }

// Limits of an event.
const (
	MaxCalendarTitle       = 100  // characters
	MaxCalendarDescription = 1000 // characters
	MaxCalendarPlace       = 200  // characters
	MaxCalendarOccurrences = 200
	MaxCalendarInterval    = 12  // every twelfth week or month at most
	MaxCalendarSpanDays    = 62  // an all-day event: a summer closure fits
	MaxCalendarTimedDays   = 7   // a timed event: a camp week fits
	MaxCalendarSeriesDays  = 731 // a series ends within two years of its start
)

// CheckCalendarEvent refuses an event that is not one: an unknown kind, no
// title, texts too long, an end before the start, a recurrence without an
// end or with too many occurrences. Texts are trimmed, an all-day event's
// times set to midnight, and LastDay computed.
func CheckCalendarEvent(e *CalendarEvent) error {
	e.Title = strings.TrimSpace(e.Title)
	e.Description = strings.TrimSpace(e.Description)
	e.Place = strings.TrimSpace(e.Place)
	switch {
	case !validKind(e.Kind):
		return Invalid("kind", "calendar.error.kind")
	case e.Title == "":
		return Invalid("title", "error.required")
	case utf8.RuneCountInString(e.Title) > MaxCalendarTitle:
		return Invalid("title", "calendar.error.title_long")
	case utf8.RuneCountInString(e.Description) > MaxCalendarDescription:
		return Invalid("description", "calendar.error.description_long")
	case utf8.RuneCountInString(e.Place) > MaxCalendarPlace:
		return Invalid("place", "calendar.error.place_long")
	case e.Start.IsZero():
		return Invalid("start", "error.required")
	}
	e.Start = e.Start.In(CalendarZone)
	if e.End.IsZero() {
		e.End = e.Start
		if !e.AllDay {
			e.End = e.Start.Add(time.Hour)
		}
	}
	e.End = e.End.In(CalendarZone)
	if e.AllDay {
		e.Start, e.End = midnight(e.Start), midnight(e.End)
		if e.End.Before(e.Start) {
			return Invalid("end", "calendar.error.order")
		}
		if e.Start.AddDate(0, 0, MaxCalendarSpanDays-1).Before(e.End) {
			return Invalid("end", "calendar.error.span_long")
		}
	} else {
		if !e.End.After(e.Start) {
			return Invalid("end", "calendar.error.order")
		}
		if e.Start.AddDate(0, 0, MaxCalendarTimedDays).Before(e.End) {
			return Invalid("end", "calendar.error.timed_long")
		}
	}
	if err := checkRecurrence(e); err != nil {
		return err
	}
	last := e.Start
	if e.Recurrence.Repeats() {
		starts := e.starts()
		last = starts[len(starts)-1]
	}
	e.LastDay = DateOf(last.Add(e.End.Sub(e.Start)), CalendarZone)
	return nil
}

func validKind(k CalendarKind) bool { return slices.Contains(CalendarKinds, k) }

func checkRecurrence(e *CalendarEvent) error {
	r := &e.Recurrence
	switch r.Frequency {
	case Once:
		*r = Recurrence{}
		return nil
	case Weekly, Monthly:
	default:
		return Invalid("frequency", "calendar.error.frequency")
	}
	if r.Interval == 0 {
		r.Interval = 1
	}
	if r.Frequency == Monthly {
		r.Weekdays = nil
	}
	startDay := DateOf(e.Start, CalendarZone)
	switch {
	case r.Interval < 1 || r.Interval > MaxCalendarInterval:
		return Invalid("interval", "calendar.error.interval")
	case r.Until.IsZero() && r.Count == 0:
		return Invalid("until", "calendar.error.recur_end")
	case r.Count < 0 || r.Count > MaxCalendarOccurrences:
		return Invalid("count", "calendar.error.count")
	case !r.Until.IsZero() && r.Until.Before(startDay):
		return Invalid("until", "calendar.error.until_order")
	case !r.Until.IsZero() && startDay.AddDays(MaxCalendarSeriesDays).Before(r.Until):
		return Invalid("until", "calendar.error.series_long")
	}
	starts := e.starts()
	switch {
	case len(starts) == 0:
		return Invalid("weekdays", "calendar.error.no_occurrence")
	case len(starts) > MaxCalendarOccurrences:
		return Invalid("until", "calendar.error.count")
	case startDay.AddDays(MaxCalendarSeriesDays).Before(DateOf(starts[len(starts)-1], CalendarZone)):
		return Invalid("count", "calendar.error.series_long")
	}
	return nil
}

func midnight(t time.Time) time.Time {
	y, m, d := t.Date()
	return time.Date(y, m, d, 0, 0, 0, 0, CalendarZone)
}

// WallTime is t's date and clock time in CalendarZone at the given day:
// the day's own offset, so 09:00 stays 09:00 across summer time.
func WallTime(day Date, minute int) time.Time {
	return time.Date(day.t.Year(), day.t.Month(), day.t.Day(), minute/60, minute%60, 0, 0, CalendarZone)
}

// MinuteOfDay is t's wall clock in CalendarZone as minutes after midnight.
func MinuteOfDay(t time.Time) int {
	t = t.In(CalendarZone)
	return t.Hour()*60 + t.Minute()
}

// CalendarScope is whose calendars a user sees: these departments' events
// and these units' own events.
type CalendarScope struct {
	DepartmentIDs []int64
	UnitIDs       []int64
}

// Empty reports whether the scope holds no calendar at all.
func (s CalendarScope) Empty() bool { return len(s.DepartmentIDs) == 0 && len(s.UnitIDs) == 0 }

// CalendarEventFacts is whose calendar an event is in.
type CalendarEventFacts struct {
	EventID      int64
	DepartmentID int64 // 0 for a unit's own event
	UnitID       int64 // the unit's event, or the department's unit
}

// CalendarFeed is a user's calendar subscription. Its secret is shown once,
// when made; only its SHA-256 is kept.
type CalendarFeed struct {
	OrgID     int64
	UserID    int64
	CreatedAt time.Time
}

// CalendarFeedHit is one request for a feed, counted against its limit.
type CalendarFeedHit struct {
	OrgID  int64
	UserID int64
	// Count is the requests in the window so far, this one included;
	// WindowEnds is when the count starts again.
	Count      int
	WindowEnds time.Time
}
