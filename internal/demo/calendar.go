package demo

import (
	"time"

	"github.com/pluttra/pluttra/internal/pluttra"
)

// calendar gives the first unit a planning day and its first two
// departments an outing, a weekly forest day and a parents' meeting, so
// the guardian of two sees two departments' calendars and the unit's.
func (sd *seeder) calendar(orgID int64, unit *pluttra.Unit, depts []*pluttra.Department, principal *pluttra.User, educators map[int64]*pluttra.User) {
	if sd.err != nil || len(depts) < 2 {
		return
	}
	// weekday is the first day on or after from that falls on wd.
	weekday := func(from pluttra.Date, wd time.Weekday) pluttra.Date {
		for pluttra.WallTime(from, 0).Weekday() != wd {
			from = from.AddDays(1)
		}
		return from
	}
	at := func(d pluttra.Date, hour, minute int) time.Time { return pluttra.WallTime(d, hour*60+minute) }
	first, second := depts[0], depts[1]
	forestDay := weekday(sd.today.AddDays(1), time.Wednesday)
	outing := weekday(sd.today.AddDays(3), time.Thursday)
	meeting := weekday(sd.today.AddDays(10), time.Tuesday)
	planning := weekday(sd.today.AddDays(14), time.Friday)
	events := []pluttra.CalendarEvent{
		{UnitID: unit.ID, Kind: pluttra.CalendarPlanningDay, Title: "Planeringsdag – förskolan är stängd", AllDay: true,
			Start: at(planning, 0, 0), End: at(planning, 0, 0), CreatedBy: principal.ID,
			Description: "Personalen planerar terminen. Ordna annan omsorg för dagen."},
		{DepartmentID: first.ID, Kind: pluttra.CalendarOuting, Title: "Utflykt till Naturhistoriska riksmuseet", Place: "Naturhistoriska riksmuseet",
			Start: at(outing, 9, 0), End: at(outing, 14, 30), CreatedBy: educators[first.ID].ID,
			Description: "Vi åker buss klockan 09.15. Packa matsäck, vattenflaska och kläder efter väder."},
		{DepartmentID: first.ID, Kind: pluttra.CalendarOuting, Title: "Skogsdag", Place: "Skogen bakom förskolan",
			Start: at(forestDay, 9, 0), End: at(forestDay, 11, 30), CreatedBy: educators[first.ID].ID,
			Description: "Stövlar och regnkläder varje onsdag.",
			Recurrence:  pluttra.Recurrence{Frequency: pluttra.Weekly, Interval: 1, Weekdays: []time.Weekday{time.Wednesday}, Count: 12}},
		{DepartmentID: second.ID, Kind: pluttra.CalendarParentsMeeting, Title: "Föräldramöte", Place: "Avdelningens rum",
			Start: at(meeting, 18, 0), End: at(meeting, 19, 30), CreatedBy: educators[second.ID].ID,
			Description: "Vi berättar om höstens arbete med läroplanen. Barnpassning finns."},
	}
	for i := range events {
		e := &events[i]
		sd.do(func() error { return pluttra.CheckCalendarEvent(e) })
		sd.do(func() error { return sd.s.CreateCalendarEvent(sd.ctx, orgID, e) })
	}
}
