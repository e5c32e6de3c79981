package ical

import (
	"fmt"
	"time"

	ics "github.com/arran4/golang-ical"
)

// zoneRules is a zone the package can describe in a VTIMEZONE: a fixed
// offset, or standard time with the European Union's summer time (from
// 01:00 UTC on the last Sunday of March to 01:00 UTC on the last Sunday
// of October), as Europe/Stockholm has.
type zoneRules struct {
	id               string
	loc              *time.Location
	std, dst         int // offsets in seconds east of UTC
	stdName, dstName string
	hasSummer        bool
}

// describeZone returns the rules of loc, or nil when they are not ones the
// package can describe (the caller then writes UTC).
func describeZone(loc *time.Location) *zoneRules {
	if loc == nil || loc == time.UTC || loc.String() == "Local" {
		return nil
	}
	year := time.Now().Year()
	z := &zoneRules{id: loc.String(), loc: loc}
	z.stdName, z.std = time.Date(year, time.January, 15, 12, 0, 0, 0, loc).Zone()
	z.dstName, z.dst = time.Date(year, time.July, 15, 12, 0, 0, 0, loc).Zone()
	if z.std == z.dst {
		return z
	}
	z.hasSummer = true
	summer := lastSunday(year, time.March, 1, time.UTC)
	winter := lastSunday(year, time.October, 1, time.UTC)
	offsetAt := func(t time.Time) int { _, o := t.In(loc).Zone(); return o }
	// The zone follows the EU rule when its offsets change exactly then.
	if offsetAt(summer.Add(-time.Second)) != z.std || offsetAt(summer) != z.dst ||
		offsetAt(winter.Add(-time.Second)) != z.dst || offsetAt(winter) != z.std {
		return nil
	}
	return z
}

// lastSunday is the last Sunday of the month at hour in loc.
func lastSunday(year int, month time.Month, hour int, loc *time.Location) time.Time {
	t := time.Date(year, month+1, 0, hour, 0, 0, 0, loc) // the month's last day
	return t.AddDate(0, 0, -int(t.Weekday()))
}

// vtimezone writes the rules. The changes' DTSTART are local wall times of
// 1970, the conventional first year, on days the RRULE itself yields.
func (z *zoneRules) vtimezone() *ics.VTimezone {
	tz := ics.NewTimezone(z.id)
	if !z.hasSummer {
		std := &ics.Standard{}
		observance(&std.ComponentBase, time.Date(1970, 1, 1, 0, 0, 0, 0, time.UTC), z.std, z.std, z.stdName, "")
		tz.Components = append(tz.Components, std)
		return tz
	}
	summer, winter := &ics.Daylight{}, &ics.Standard{}
	observance(&summer.ComponentBase, lastSunday(1970, time.March, 1, time.UTC).Add(time.Duration(z.std)*time.Second),
		z.std, z.dst, z.dstName, "FREQ=YEARLY;BYMONTH=3;BYDAY=-1SU")
	observance(&winter.ComponentBase, lastSunday(1970, time.October, 1, time.UTC).Add(time.Duration(z.dst)*time.Second),
		z.dst, z.std, z.stdName, "FREQ=YEARLY;BYMONTH=10;BYDAY=-1SU")
	tz.Components = append(tz.Components, summer, winter)
	return tz
}

// observance fills a STANDARD or DAYLIGHT part; local is the wall time
// the change happens at, kept in a UTC value.
func observance(c *ics.ComponentBase, local time.Time, from, to int, name, rule string) {
	c.SetProperty(ics.ComponentPropertyDtStart, local.Format(localLayout))
	c.SetProperty(ics.ComponentProperty("TZOFFSETFROM"), offset(from))
	c.SetProperty(ics.ComponentProperty("TZOFFSETTO"), offset(to))
	if name != "" {
		c.SetProperty(ics.ComponentProperty("TZNAME"), name)
	}
	if rule != "" {
		c.SetProperty(ics.ComponentPropertyRrule, rule)
	}
}

// offset writes seconds east of UTC as +HHMM.
func offset(seconds int) string {
	sign := '+'
	if seconds < 0 {
		sign, seconds = '-', -seconds
	}
	return fmt.Sprintf("%c%02d%02d", sign, seconds/3600, seconds/60%60)
}
