package storetest

import (
	"testing"
	"time"

	"github.com/pluttra/pluttra/internal/pluttra"
)

// stockholm is an event's wall time.
func stockholm(y int, m time.Month, d, hour, minute int) time.Time {
	return time.Date(y, m, d, hour, minute, 0, 0, pluttra.CalendarZone)
}

func newEvent(t testing.TB, s pluttra.Store, orgID int64, e pluttra.CalendarEvent) *pluttra.CalendarEvent {
	t.Helper()
	must(t, pluttra.CheckCalendarEvent(&e))
	must(t, s.CreateCalendarEvent(ctx, orgID, &e))
	return &e
}

// localStarts is where the occurrences start, as Stockholm wall time.
func localStarts(os []pluttra.Occurrence) []string {
	var out []string
	for _, o := range os {
		out = append(out, o.Start.In(pluttra.CalendarZone).Format("2006-01-02 15:04"))
	}
	return out
}

func testCalendar(t *testing.T, openAt ClockOpener) {
	s, clock := openAt.at(t, morning)
	a := newTenant(t, s, "a")
	b := newTenant(t, s, "b")
	lingon := pluttra.Department{UnitID: a.unit.ID, Name: "Lingon"}
	must(t, s.CreateDepartment(ctx, a.org.ID, &lingon))
	educator := newUser(t, s, a.org.ID, pluttra.KindStaff, "pedagog@example.se")

	// Forest day every Monday at 09:00 across the change to summer time
	// (Sunday 29 March 2026).
	forest := newEvent(t, s, a.org.ID, pluttra.CalendarEvent{DepartmentID: a.dept.ID, Kind: pluttra.CalendarOuting, Title: "Skogsdag",
		Place: "Skogen", Start: stockholm(2026, 3, 16, 9, 0), End: stockholm(2026, 3, 16, 11, 30), CreatedBy: educator.ID,
		Recurrence: pluttra.Recurrence{Frequency: pluttra.Weekly, Interval: 1, Weekdays: []time.Weekday{time.Monday}, Count: 4}})
	// A parents' meeting on the 20th of each month across the change back
	// (Sunday 25 October 2026).
	meeting := newEvent(t, s, a.org.ID, pluttra.CalendarEvent{DepartmentID: a.dept.ID, Kind: pluttra.CalendarParentsMeeting, Title: "Föräldramöte",
		Start: stockholm(2026, 9, 20, 9, 0), End: stockholm(2026, 9, 20, 10, 0), CreatedBy: educator.ID,
		Recurrence: pluttra.Recurrence{Frequency: pluttra.Monthly, Interval: 1, Until: pluttra.Day(2026, 11, 30)}})
	planning := newEvent(t, s, a.org.ID, pluttra.CalendarEvent{UnitID: a.unit.ID, Kind: pluttra.CalendarPlanningDay, Title: "Planeringsdag",
		AllDay: true, Start: stockholm(2026, 3, 20, 0, 0), End: stockholm(2026, 3, 20, 0, 0), CreatedBy: educator.ID})
	other := newEvent(t, s, a.org.ID, pluttra.CalendarEvent{DepartmentID: lingon.ID, Kind: pluttra.CalendarOther, Title: "Lingons fest",
		Start: stockholm(2026, 3, 18, 14, 0), End: stockholm(2026, 3, 18, 15, 0), CreatedBy: educator.ID})

	list := func(org int64, scope pluttra.CalendarScope, from, to pluttra.Date) []int64 {
		t.Helper()
		got, err := s.CalendarEvents(ctx, org, scope, from, to)
		must(t, err)
		return ids(got, func(e pluttra.CalendarEvent) int64 { return e.ID })
	}
	march := [2]pluttra.Date{pluttra.Day(2026, 3, 1), pluttra.Day(2026, 4, 30)}
	// ownForestDay is the forest day's series in a department of the
	// case's own, for a case that changes it.
	ownForestDay := func(t *testing.T, department string) *pluttra.CalendarEvent {
		t.Helper()
		d := pluttra.Department{UnitID: a.unit.ID, Name: department}
		must(t, s.CreateDepartment(ctx, a.org.ID, &d))
		e := *forest
		e.ID, e.DepartmentID = 0, d.ID
		return newEvent(t, s, a.org.ID, e)
	}

	t.Run("DepartmentSeesItsOwnOnly", func(t *testing.T) {
		sameIDs(t, list(a.org.ID, pluttra.CalendarScope{DepartmentIDs: []int64{a.dept.ID}}, march[0], march[1]), []int64{forest.ID})
		sameIDs(t, list(a.org.ID, pluttra.CalendarScope{DepartmentIDs: []int64{lingon.ID}}, march[0], march[1]), []int64{other.ID})
	})
	t.Run("UnitEventsWithTheUnit", func(t *testing.T) {
		sameIDs(t, list(a.org.ID, pluttra.CalendarScope{DepartmentIDs: []int64{a.dept.ID}, UnitIDs: []int64{a.unit.ID}}, march[0], march[1]),
			[]int64{forest.ID, planning.ID})
		got, err := s.CalendarEvent(ctx, a.org.ID, planning.ID)
		must(t, err)
		if got.UnitName != "Unit a" || got.DepartmentID != 0 || !got.AllDay || got.Title != "Planeringsdag" {
			t.Fatalf("the unit's event reads %+v", got)
		}
	})
	t.Run("OnlyTheDaysAsked", func(t *testing.T) {
		sameIDs(t, list(a.org.ID, pluttra.CalendarScope{DepartmentIDs: []int64{a.dept.ID}}, pluttra.Day(2026, 10, 1), pluttra.Day(2026, 10, 31)),
			[]int64{meeting.ID})
		sameIDs(t, list(a.org.ID, pluttra.CalendarScope{DepartmentIDs: []int64{a.dept.ID}}, pluttra.Day(2026, 4, 7), pluttra.Day(2026, 9, 19)), nil)
	})
	t.Run("WeeklyKeepsNineAcrossSpringChange", func(t *testing.T) {
		got, err := s.CalendarEvent(ctx, a.org.ID, forest.ID)
		must(t, err)
		occ := got.Occurrences(march[0], march[1])
		want := []string{"2026-03-16 09:00", "2026-03-23 09:00", "2026-03-30 09:00", "2026-04-06 09:00"}
		if l := localStarts(occ); len(l) != 4 || l[0] != want[0] || l[2] != want[2] || l[3] != want[3] {
			t.Fatalf("occurrences = %v, want %v", l, want)
		}
		if occ[0].Start.UTC().Hour() != 8 || occ[2].Start.UTC().Hour() != 7 || occ[2].End.In(pluttra.CalendarZone).Format("15:04") != "11:30" {
			t.Fatalf("UTC hours %d and %d: the local hour moved", occ[0].Start.UTC().Hour(), occ[2].Start.UTC().Hour())
		}
	})
	t.Run("MonthlyKeepsNineAcrossAutumnChange", func(t *testing.T) {
		got, err := s.CalendarEvent(ctx, a.org.ID, meeting.ID)
		must(t, err)
		l := localStarts(got.Occurrences(pluttra.Day(2026, 9, 1), pluttra.Day(2026, 12, 31)))
		if len(l) != 3 || l[0] != "2026-09-20 09:00" || l[1] != "2026-10-20 09:00" || l[2] != "2026-11-20 09:00" {
			t.Fatalf("occurrences = %v", l)
		}
	})
	t.Run("CancelOneOccurrence", func(t *testing.T) {
		forest := ownForestDay(t, "Hallon")
		must(t, s.CancelCalendarOccurrence(ctx, a.org.ID, forest.ID, pluttra.Day(2026, 3, 30)))
		got, err := s.CalendarEvent(ctx, a.org.ID, forest.ID)
		must(t, err)
		occ := got.Occurrences(march[0], march[1])
		if len(occ) != 4 || occ[1].Cancelled || !occ[2].Cancelled || occ[3].Cancelled || got.Sequence != 1 || got.Cancelled() {
			t.Fatalf("after cancelling 30 March: %+v, sequence %d", occ, got.Sequence)
		}
		wantCode(t, s.CancelCalendarOccurrence(ctx, a.org.ID, forest.ID, pluttra.Day(2026, 3, 31)), pluttra.EINVALID)
	})
	t.Run("SeriesEditRaisesSequence", func(t *testing.T) {
		forest := ownForestDay(t, "Vildhallon")
		must(t, s.CancelCalendarOccurrence(ctx, a.org.ID, forest.ID, pluttra.Day(2026, 3, 30)))
		e, err := s.CalendarEvent(ctx, a.org.ID, forest.ID)
		must(t, err)
		e.Title, e.Recurrence.Weekdays = "Skogsdag med matsäck", []time.Weekday{time.Monday, time.Thursday}
		must(t, pluttra.CheckCalendarEvent(e))
		must(t, s.UpdateCalendarEvent(ctx, a.org.ID, e))
		got, err := s.CalendarEvent(ctx, a.org.ID, forest.ID)
		must(t, err)
		if got.Sequence != 2 || got.Title != "Skogsdag med matsäck" || len(got.Recurrence.Weekdays) != 2 || len(got.CancelledDays) != 1 {
			t.Fatalf("after the edit: %+v", got)
		}
	})
	t.Run("CancelSeriesStaysListed", func(t *testing.T) {
		must(t, s.CancelCalendarEvent(ctx, a.org.ID, meeting.ID))
		got, err := s.CalendarEvent(ctx, a.org.ID, meeting.ID)
		must(t, err)
		if !got.Cancelled() || got.Sequence != 1 {
			t.Fatalf("cancelled series: %+v", got)
		}
		for _, o := range got.Occurrences(pluttra.Day(2026, 9, 1), pluttra.Day(2026, 12, 31)) {
			if !o.Cancelled {
				t.Fatalf("occurrence %s not cancelled", o.Day)
			}
		}
		sameIDs(t, list(a.org.ID, pluttra.CalendarScope{DepartmentIDs: []int64{a.dept.ID}}, pluttra.Day(2026, 10, 1), pluttra.Day(2026, 10, 31)),
			[]int64{meeting.ID})
		got.Title = "Nytt möte"
		wantCode(t, s.UpdateCalendarEvent(ctx, a.org.ID, got), pluttra.ECONFLICT)
	})
	t.Run("ForeignOrganisationNotFound", func(t *testing.T) {
		_, err := s.CalendarEvent(ctx, b.org.ID, forest.ID)
		wantCode(t, err, pluttra.ENOTFOUND)
		_, err = s.CalendarEventFacts(ctx, b.org.ID, forest.ID)
		wantCode(t, err, pluttra.ENOTFOUND)
		e := *planning
		wantCode(t, s.UpdateCalendarEvent(ctx, b.org.ID, &e), pluttra.ENOTFOUND)
		wantCode(t, s.CancelCalendarEvent(ctx, b.org.ID, planning.ID), pluttra.ENOTFOUND)
		wantCode(t, s.CancelCalendarOccurrence(ctx, b.org.ID, planning.ID, pluttra.Day(2026, 3, 20)), pluttra.ENOTFOUND)
		if got := list(b.org.ID, pluttra.CalendarScope{DepartmentIDs: []int64{a.dept.ID}, UnitIDs: []int64{a.unit.ID}}, march[0], march[1]); len(got) != 0 {
			t.Fatalf("another organisation lists %v", got)
		}
		intruder := pluttra.CalendarEvent{DepartmentID: a.dept.ID, Kind: pluttra.CalendarOther, Title: "x", Start: stockholm(2026, 3, 18, 9, 0), CreatedBy: educator.ID}
		must(t, pluttra.CheckCalendarEvent(&intruder))
		wantCode(t, s.CreateCalendarEvent(ctx, b.org.ID, &intruder), pluttra.ENOTFOUND)
		if got, _ := s.CalendarEvent(ctx, a.org.ID, planning.ID); got.Cancelled() || got.Sequence != 0 {
			t.Fatalf("a foreign cancel touched the event: %+v", got)
		}
	})
	t.Run("Facts", func(t *testing.T) {
		f, err := s.CalendarEventFacts(ctx, a.org.ID, forest.ID)
		must(t, err)
		if f.DepartmentID != a.dept.ID || f.UnitID != a.unit.ID {
			t.Fatalf("department event facts = %+v", f)
		}
		f, err = s.CalendarEventFacts(ctx, a.org.ID, planning.ID)
		must(t, err)
		if f.DepartmentID != 0 || f.UnitID != a.unit.ID {
			t.Fatalf("unit event facts = %+v", f)
		}
	})
	t.Run("Feed", func(t *testing.T) {
		// The store's own clock starts a new feed's window.
		t0 := clock.Now()
		first, second := []byte("first-secret-hash-32-bytes-long!"), []byte("second-secret-hash-32-bytes-lon!")
		_, err := s.CalendarFeed(ctx, a.org.ID, educator.ID)
		wantCode(t, err, pluttra.ENOTFOUND)
		must(t, s.SetCalendarFeed(ctx, a.org.ID, educator.ID, first))
		if _, err := s.CalendarFeed(ctx, a.org.ID, educator.ID); err != nil {
			t.Fatal(err)
		}
		for i := 1; i <= 3; i++ {
			h, err := s.HitCalendarFeed(ctx, first, t0.Add(time.Duration(i)*time.Minute), time.Hour)
			must(t, err)
			if h.Count != i || h.OrgID != a.org.ID || h.UserID != educator.ID {
				t.Fatalf("hit %d = %+v", i, h)
			}
		}
		h, err := s.HitCalendarFeed(ctx, first, t0.Add(2*time.Hour), time.Hour)
		must(t, err)
		if h.Count != 1 || h.WindowEnds.Sub(t0.Add(3*time.Hour)).Abs() > time.Millisecond {
			t.Fatalf("a new window = %+v", h)
		}
		must(t, s.SetCalendarFeed(ctx, a.org.ID, educator.ID, second))
		_, err = s.HitCalendarFeed(ctx, first, t0, time.Hour)
		wantCode(t, err, pluttra.ENOTFOUND)
		if h, err := s.HitCalendarFeed(ctx, second, t0, time.Hour); err != nil || h.Count != 1 {
			t.Fatalf("the rotated feed = %+v, %v", h, err)
		}
		wantCode(t, s.DeleteCalendarFeed(ctx, b.org.ID, educator.ID), pluttra.ENOTFOUND)
		wantCode(t, s.SetCalendarFeed(ctx, b.org.ID, educator.ID, []byte("foreign")), pluttra.ENOTFOUND)
		must(t, s.DeleteCalendarFeed(ctx, a.org.ID, educator.ID))
		_, err = s.HitCalendarFeed(ctx, second, t0, time.Hour)
		wantCode(t, err, pluttra.ENOTFOUND)
	})
}
