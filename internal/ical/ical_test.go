package ical_test

import (
	"bytes"
	"strings"
	"testing"
	"time"

	goical "github.com/emersion/go-ical"

	"github.com/pluttra/pluttra/internal/ical"
)

var stockholm = func() *time.Location {
	loc, err := time.LoadLocation("Europe/Stockholm")
	if err != nil {
		panic(err)
	}
	return loc
}()

// parse reads what Write wrote with another library, as a calendar app
// would.
func parse(t *testing.T, cal ical.Calendar) (*goical.Calendar, string) {
	t.Helper()
	var buf bytes.Buffer
	if err := ical.Write(&buf, cal); err != nil {
		t.Fatal(err)
	}
	raw := buf.String()
	for _, line := range strings.Split(strings.TrimSuffix(raw, "\r\n"), "\r\n") {
		if len(line) > 75 || strings.ContainsAny(line, "\r\n") {
			t.Fatalf("line not folded or not ended by CRLF: %q", line)
		}
	}
	got, err := goical.NewDecoder(strings.NewReader(raw)).Decode()
	if err != nil {
		t.Fatalf("%v\n%s", err, raw)
	}
	return got, raw
}

func TestWrite(t *testing.T) {
	t.Parallel()
	stamp := time.Date(2026, 3, 1, 12, 0, 0, 0, time.UTC)
	forest := ical.Event{UID: "event-1@pluttra.example", Sequence: 3, Stamp: stamp, Summary: "Skogsdag; matsäck, stövlar",
		Description: "Vi går till skogen.\r\nTa med regnkläder.", Location: "Skogen", Categories: []string{"Utflykt"},
		Start: time.Date(2026, 3, 16, 9, 0, 0, 0, stockholm), End: time.Date(2026, 3, 16, 11, 30, 0, 0, stockholm),
		Repeat: &ical.Repeat{Frequency: "WEEKLY", Weekdays: []time.Weekday{time.Monday}, Until: time.Date(2026, 4, 13, 0, 0, 0, 0, time.UTC)},
		Except: []time.Time{time.Date(2026, 3, 30, 9, 0, 0, 0, stockholm)}}
	planning := ical.Event{UID: "event-2@pluttra.example", Status: ical.Cancelled, Stamp: stamp, Summary: "Planeringsdag", AllDay: true,
		Start: time.Date(2026, 3, 20, 0, 0, 0, 0, stockholm), End: time.Date(2026, 3, 21, 0, 0, 0, 0, stockholm)}

	t.Run("RepeatingEventKeepsLocalHourAcrossSummerTime", func(t *testing.T) {
		cal, _ := parse(t, ical.Calendar{Name: "Blåbär", Zone: stockholm, Events: []ical.Event{forest}})
		events := cal.Events()
		if len(events) != 1 {
			t.Fatalf("%d events", len(events))
		}
		set, err := events[0].RecurrenceSet(nil)
		if err != nil || set == nil {
			t.Fatalf("recurrence: %v", err)
		}
		var got []string
		for _, o := range set.All() {
			got = append(got, o.In(stockholm).Format("01-02 15:04"))
		}
		want := "03-16 09:00 03-23 09:00 04-06 09:00 04-13 09:00"
		if strings.Join(got, " ") != want {
			t.Fatalf("occurrences = %v, want %s (30 March excepted)", got, want)
		}
		if tz := cal.Children; len(tz) == 0 || tz[0].Name != "VTIMEZONE" || tz[0].Props.Get("TZID").Value != "Europe/Stockholm" {
			t.Fatalf("no VTIMEZONE for Europe/Stockholm first")
		}
	})
	t.Run("TextsAndSequenceSurvive", func(t *testing.T) {
		cal, _ := parse(t, ical.Calendar{Zone: stockholm, Events: []ical.Event{forest}})
		e := cal.Events()[0]
		summary, _ := e.Props.Text("SUMMARY")
		desc, _ := e.Props.Text("DESCRIPTION")
		seq, _ := e.Props.Get("SEQUENCE").Int()
		if summary != forest.Summary || desc != "Vi går till skogen.\nTa med regnkläder." || seq != 3 || e.Props.Get("UID").Value != forest.UID {
			t.Fatalf("summary %q, description %q, sequence %d", summary, desc, seq)
		}
	})
	t.Run("CancelledAllDayEvent", func(t *testing.T) {
		cal, _ := parse(t, ical.Calendar{Zone: stockholm, Events: []ical.Event{planning}})
		e := cal.Events()[0]
		status, _ := e.Status()
		start, _ := e.DateTimeStart(stockholm)
		end, _ := e.DateTimeEnd(stockholm)
		if status != goical.EventCancelled || start.Format(time.DateOnly) != "2026-03-20" || end.Format(time.DateOnly) != "2026-03-22" ||
			e.Props.Get("DTSTART").ValueType() != goical.ValueDate {
			t.Fatalf("status %s, %s – %s (the end is the day after the last)", status, start, end)
		}
	})
	t.Run("NoZoneWritesUTC", func(t *testing.T) {
		cal, raw := parse(t, ical.Calendar{Events: []ical.Event{forest}})
		start, _ := cal.Events()[0].DateTimeStart(nil)
		if strings.Contains(raw, "VTIMEZONE") || !start.Equal(forest.Start) || !strings.Contains(raw, "DTSTART:20260316T080000Z") {
			t.Fatalf("without a zone: start %s\n%s", start, raw)
		}
	})
}
