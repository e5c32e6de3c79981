package pluttra

import (
	"time"

	"github.com/teambition/rrule-go"
)

// Occurrence is one time an event happens: a single event's only one, or
// one of a series'.
type Occurrence struct {
	Event      *CalendarEvent
	Day        Date // the day it starts on, which names it within its series
	Start, End time.Time
	// Cancelled: this occurrence, or the whole event, is cancelled.
	Cancelled bool
}

var rruleWeekdays = [7]rrule.Weekday{rrule.SU, rrule.MO, rrule.TU, rrule.WE, rrule.TH, rrule.FR, rrule.SA}

// rule is the event's recurrence for the RRULE library, computed in
// CalendarZone so every occurrence keeps the first one's wall time.
func (e *CalendarEvent) rule() (*rrule.RRule, error) {
	r := e.Recurrence
	opt := rrule.ROption{Dtstart: e.Start.In(CalendarZone), Interval: r.Interval, Count: r.Count}
	switch r.Frequency {
	case Weekly:
		opt.Freq = rrule.WEEKLY
		for _, d := range r.Weekdays {
			opt.Byweekday = append(opt.Byweekday, rruleWeekdays[d])
		}
	case Monthly:
		opt.Freq = rrule.MONTHLY
	}
	if !r.Until.IsZero() {
		opt.Until = WallTime(r.Until, 24*60-1)
	}
	return rrule.NewRRule(opt)
}

// starts lists the start of every occurrence, cancelled ones too. A
// checked series has at most MaxCalendarOccurrences; an unchecked one is
// cut there.
func (e *CalendarEvent) starts() []time.Time {
	if !e.Recurrence.Repeats() {
		return []time.Time{e.Start}
	}
	if e.Recurrence.Until.IsZero() && e.Recurrence.Count == 0 {
		return nil
	}
	rule, err := e.rule()
	if err != nil {
		return nil
	}
	var out []time.Time
	next := rule.Iterator()
	for t, ok := next(); ok && len(out) <= MaxCalendarOccurrences; t, ok = next() {
		out = append(out, t)
	}
	return out
}

// Occurrences lists the event's occurrences that touch the days from..to
// (inclusive), in order, each marked when cancelled.
func (e *CalendarEvent) Occurrences(from, to Date) []Occurrence {
	// An occurrence ends at the same wall time as the first, as many days
	// after its start: not as many hours, which the change to or from
	// summer time would move.
	span, endMinute := e.spanDays(), MinuteOfDay(e.End)
	if e.AllDay {
		endMinute = 0
	}
	var out []Occurrence
	for _, s := range e.starts() {
		s = s.In(CalendarZone)
		day := DateOf(s, CalendarZone)
		if to.Before(day) {
			break
		}
		end := WallTime(day.AddDays(span), endMinute)
		if DateOf(end, CalendarZone).Before(from) {
			continue
		}
		out = append(out, Occurrence{Event: e, Day: day, Start: s, End: end, Cancelled: e.Cancelled() || e.isCancelledOn(day)})
	}
	return out
}

// HasOccurrenceOn reports whether an occurrence starts on day.
func (e *CalendarEvent) HasOccurrenceOn(day Date) bool {
	for _, o := range e.Occurrences(day, day) {
		if o.Day == day {
			return true
		}
	}
	return false
}

// spanDays is how many days after its start day an occurrence ends.
func (e *CalendarEvent) spanDays() int {
	return int(DateOf(e.End, CalendarZone).t.Sub(DateOf(e.Start, CalendarZone).t).Hours() / 24)
}

func (e *CalendarEvent) isCancelledOn(day Date) bool {
	for _, d := range e.CancelledDays {
		if d == day {
			return true
		}
	}
	return false
}
