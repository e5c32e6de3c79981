package pluttra

import (
	"testing"
	"time"
)

func at(y int, m time.Month, d, hour, minute int) time.Time {
	return time.Date(y, m, d, hour, minute, 0, 0, CalendarZone)
}

func TestCheckCalendarEvent(t *testing.T) {
	t.Parallel()
	base := func(r Recurrence) *CalendarEvent {
		return &CalendarEvent{Kind: CalendarOuting, Title: "Skogsdag", Start: at(2026, 3, 16, 9, 0), End: at(2026, 3, 16, 11, 0), Recurrence: r}
	}
	for name, tc := range map[string]struct {
		e          *CalendarEvent
		field, key string
	}{
		"ErrIntervalTooLarge": {base(Recurrence{Frequency: Weekly, Interval: 13, Count: 2}), "interval", "calendar.error.interval"},
		"ErrUntilBeforeStart": {base(Recurrence{Frequency: Weekly, Until: Day(2026, 3, 1)}), "until", "calendar.error.until_order"},
		"ErrNoOccurrence": {base(Recurrence{Frequency: Weekly, Weekdays: []time.Weekday{time.Tuesday}, Until: Day(2026, 3, 16)}),
			"weekdays", "calendar.error.no_occurrence"},
		"ErrUntilPastTwoYears": {base(Recurrence{Frequency: Monthly, Until: Day(2028, 6, 1)}), "until", "calendar.error.series_long"},
		"ErrUnknownFrequency":  {base(Recurrence{Frequency: "daily", Count: 3}), "frequency", "calendar.error.frequency"},
	} {
		t.Run(name, func(t *testing.T) {
			err := CheckCalendarEvent(tc.e)
			if ErrorField(err) != tc.field || ErrorKey(err) != tc.key {
				t.Fatalf("err = %v, want %s %s", err, tc.field, tc.key)
			}
		})
	}
	t.Run("OKLastDayOfSeries", func(t *testing.T) {
		e := base(Recurrence{Frequency: Weekly, Weekdays: []time.Weekday{time.Monday, time.Thursday}, Count: 5})
		if err := CheckCalendarEvent(e); err != nil || e.LastDay != Day(2026, 3, 30) || e.Recurrence.Interval != 1 {
			t.Fatalf("err %v, last day %s", err, e.LastDay)
		}
	})
}

// TestOccurrencesKeepWallTime: the change to summer time moves neither
// an overnight event's end nor an all-day closure's last day.
func TestOccurrencesKeepWallTime(t *testing.T) {
	t.Parallel()
	overnight := &CalendarEvent{Kind: CalendarOuting, Title: "Övernattning", Start: at(2026, 3, 21, 18, 0), End: at(2026, 3, 22, 8, 0),
		Recurrence: Recurrence{Frequency: Weekly, Count: 2}}
	closure := &CalendarEvent{Kind: CalendarClosure, Title: "Påsklov", AllDay: true, Start: at(2026, 3, 27, 0, 0), End: at(2026, 3, 31, 0, 0)}
	for _, e := range []*CalendarEvent{overnight, closure} {
		if err := CheckCalendarEvent(e); err != nil {
			t.Fatal(err)
		}
	}
	occ := overnight.Occurrences(Day(2026, 3, 1), Day(2026, 4, 30))
	if len(occ) != 2 || occ[1].End.Format("2006-01-02 15:04") != "2026-03-29 08:00" || occ[1].End.Sub(occ[1].Start) != 13*time.Hour {
		t.Fatalf("the night of the change: %v – %v", occ[1].Start, occ[1].End)
	}
	c := closure.Occurrences(Day(2026, 3, 30), Day(2026, 3, 30))
	if len(c) != 1 || c[0].End.Format("2006-01-02 15:04") != "2026-03-31 00:00" || !closure.HasOccurrenceOn(Day(2026, 3, 27)) {
		t.Fatalf("the closure: %+v", c)
	}
}
