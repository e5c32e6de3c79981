// Package ical writes iCalendar (RFC 5545) files: a subscription feed
// that calendar apps poll, or a single event to download as .ics. It has
// small types of its own, so any feature can describe its events without
// knowing the format; the encoding is done by github.com/arran4/golang-ical.
package ical

import (
	"fmt"
	"io"
	"strings"
	"time"

	ics "github.com/arran4/golang-ical"
)

// ContentType is what a calendar is served as.
const ContentType = "text/calendar; charset=utf-8"

// productID names the program that wrote the calendar (PRODID).
const productID = "-//Pluttra//Pluttra calendar//SV"

// Calendar is one iCalendar file.
type Calendar struct {
	// Name is the calendar's display name (X-WR-CALNAME); a subscribing
	// app offers it as the calendar's name.
	Name string
	// Zone is the zone of the events' wall times. A zone whose rules the
	// package can describe (a fixed offset or the European Union's summer
	// time) is written as a VTIMEZONE with local times, so a repeating
	// event keeps its hour; any other zone, or nil, as UTC.
	Zone *time.Location
	// RefreshEvery suggests how often an app polls the feed (0: say nothing).
	RefreshEvery time.Duration
	Events       []Event
}

// Status is an event's STATUS.
type Status string

// The statuses. A cancelled event stays in a feed with this status, so
// the apps subscribed to it remove or strike it.
const (
	Confirmed Status = "CONFIRMED"
	Cancelled Status = "CANCELLED"
)

// Event is one VEVENT. For an all-day event Start and End are the first
// and the last day (inclusive; only their dates count).
type Event struct {
	UID         string // stable across changes, unique across the world: "event-12@example.org"
	Sequence    int    // raised with every change, so apps take the newest version
	Status      Status // Confirmed when empty
	Stamp       time.Time
	Modified    time.Time // LAST-MODIFIED, when known
	Summary     string
	Description string
	Location    string
	Categories  []string
	URL         string
	AllDay      bool
	Start, End  time.Time
	Repeat      *Repeat
	// Except are the starts of occurrences of a repeating event that do
	// not happen (EXDATE).
	Except []time.Time
}

// Repeat is an event's recurrence rule (RRULE).
type Repeat struct {
	Frequency string // "WEEKLY" or "MONTHLY"
	Interval  int    // every Interval weeks or months; 0 means 1
	Weekdays  []time.Weekday
	// Until is the last day an occurrence may start on, or zero; Count
	// is the number of occurrences, or 0.
	Until time.Time
	Count int
}

// Write encodes cal to w.
func Write(w io.Writer, cal Calendar) error {
	c := ics.NewCalendarFor("Pluttra")
	c.SetProductId(productID)
	c.SetMethod(ics.MethodPublish)
	if cal.Name != "" {
		c.SetXWRCalName(cal.Name)
		c.SetName(cal.Name)
	}
	if cal.RefreshEvery > 0 {
		c.SetRefreshInterval(duration(cal.RefreshEvery))
		c.SetXPublishedTTL(duration(cal.RefreshEvery))
	}
	zone := describeZone(cal.Zone)
	if zone != nil {
		c.SetXWRTimezone(zone.id)
		c.AddVTimezone(zone.vtimezone())
	}
	for _, e := range cal.Events {
		c.AddVEvent(vevent(e, zone))
	}
	// RFC 5545 lines end in CRLF, whatever the system.
	return c.SerializeTo(w, ics.WithNewLineWindows)
}

func vevent(e Event, zone *zoneRules) *ics.VEvent {
	v := ics.NewEvent(e.UID)
	v.SetSequence(e.Sequence)
	v.SetDtStampTime(e.Stamp)
	if !e.Modified.IsZero() {
		v.SetModifiedAt(e.Modified)
	}
	status := ics.ObjectStatusConfirmed
	if e.Status == Cancelled {
		status = ics.ObjectStatusCancelled
	}
	v.SetStatus(status)
	v.SetSummary(text(e.Summary))
	if e.Description != "" {
		v.SetDescription(text(e.Description))
	}
	if e.Location != "" {
		v.SetLocation(text(e.Location))
	}
	for _, c := range e.Categories {
		v.AddCategory(text(c))
	}
	if e.URL != "" {
		v.SetURL(e.URL)
	}
	if e.AllDay {
		v.SetAllDayStartAt(e.Start)
		// DTEND of a day is exclusive: the day after the last.
		y, m, d := e.End.Date()
		v.SetAllDayEndAt(time.Date(y, m, d+1, 0, 0, 0, 0, time.UTC))
		v.SetTimeTransparency(ics.TransparencyTransparent)
	} else {
		setTime(v, ics.ComponentPropertyDtStart, e.Start, zone)
		setTime(v, ics.ComponentPropertyDtEnd, e.End, zone)
	}
	if e.Repeat != nil {
		v.AddRrule(e.Repeat.rule(e.AllDay, zone))
	}
	for _, x := range e.Except {
		if e.AllDay {
			v.AddExdate(x.Format("20060102"), ics.WithValue(string(ics.ValueDataTypeDate)))
		} else if zone != nil {
			v.AddExdate(x.In(zone.loc).Format(localLayout), ics.WithTZID(zone.id))
		} else {
			v.AddExdate(x.UTC().Format(utcLayout))
		}
	}
	return v
}

const (
	localLayout = "20060102T150405"
	utcLayout   = "20060102T150405Z"
)

// setTime writes a time as local time in the zone, or as UTC.
func setTime(v *ics.VEvent, p ics.ComponentProperty, t time.Time, zone *zoneRules) {
	if zone != nil {
		v.SetProperty(p, t.In(zone.loc).Format(localLayout), ics.WithTZID(zone.id))
		return
	}
	v.SetProperty(p, t.UTC().Format(utcLayout))
}

var weekdayCodes = [7]string{"SU", "MO", "TU", "WE", "TH", "FR", "SA"}

// rule writes the RRULE value. UNTIL is a date for an all-day event, and
// otherwise the end of the day in UTC, as RFC 5545 asks when DTSTART has
// a zone.
func (r *Repeat) rule(allDay bool, zone *zoneRules) string {
	parts := []string{"FREQ=" + r.Frequency}
	if r.Interval > 1 {
		parts = append(parts, fmt.Sprintf("INTERVAL=%d", r.Interval))
	}
	if len(r.Weekdays) > 0 {
		days := make([]string, len(r.Weekdays))
		for i, d := range r.Weekdays {
			days[i] = weekdayCodes[d]
		}
		parts = append(parts, "BYDAY="+strings.Join(days, ","))
	}
	switch {
	case r.Count > 0:
		parts = append(parts, fmt.Sprintf("COUNT=%d", r.Count))
	case !r.Until.IsZero() && allDay:
		parts = append(parts, "UNTIL="+r.Until.Format("20060102"))
	case !r.Until.IsZero():
		loc := time.UTC
		if zone != nil {
			loc = zone.loc
		}
		y, m, d := r.Until.Date()
		end := time.Date(y, m, d, 23, 59, 59, 0, loc)
		parts = append(parts, "UNTIL="+end.UTC().Format(utcLayout))
	}
	return strings.Join(parts, ";")
}

// text keeps line breaks as the format escapes them: a bare carriage
// return would break the line structure.
func text(s string) string {
	return strings.ReplaceAll(strings.ReplaceAll(s, "\r\n", "\n"), "\r", "\n")
}

// duration writes d as an RFC 5545 duration (PT1H, P1D).
func duration(d time.Duration) string {
	if d%(24*time.Hour) == 0 {
		return fmt.Sprintf("P%dD", d/(24*time.Hour))
	}
	if d%time.Hour == 0 {
		return fmt.Sprintf("PT%dH", d/time.Hour)
	}
	return fmt.Sprintf("PT%dM", d/time.Minute)
}
