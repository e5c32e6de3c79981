package storetest

import (
	"strings"
	"testing"

	"github.com/pluttra/pluttra/internal/pluttra"
)

func testAbsence(t *testing.T, open Opener) {
	s := open(t)
	a := newTenant(t, s, "a")
	b := newTenant(t, s, "b")
	anna := newUser(t, s, a.org.ID, pluttra.KindGuardian, "anna@example.se")
	alva := newChild(t, s, a.org.ID, "Alva")
	bilal := newChild(t, s, a.org.ID, "Bilal")
	moved := newChild(t, s, a.org.ID, "Cleo")
	since := pluttra.Period{From: today.AddDays(-30)}
	for _, c := range []int64{alva.ID, bilal.ID} {
		must(t, s.AddPlacement(ctx, a.org.ID, &pluttra.Placement{ChildID: c, DepartmentID: a.dept.ID, Period: since}))
	}
	// Cleo left the department yesterday: her absence is not its business.
	must(t, s.AddPlacement(ctx, a.org.ID, &pluttra.Placement{ChildID: moved.ID, DepartmentID: a.dept.ID,
		Period: pluttra.Period{From: today.AddDays(-30), To: today.AddDays(-1)}}))
	report := func(child int64, kind pluttra.AbsenceKind, from, to int, late bool) *pluttra.Absence {
		t.Helper()
		r := &pluttra.Absence{ChildID: child, ReportedBy: anna.ID, Kind: kind, From: today.AddDays(from), To: today.AddDays(to),
			Note: "Feber", ReportedAt: morning, Late: late}
		must(t, s.ReportAbsence(ctx, a.org.ID, r))
		return r
	}
	sick := report(alva.ID, pluttra.AbsenceSick, 0, 1, true)
	report(alva.ID, pluttra.AbsenceAway, 5, 7, false)
	report(bilal.ID, pluttra.AbsenceAway, 1, 1, false)
	report(moved.ID, pluttra.AbsenceSick, 0, 0, false)

	t.Run("ChildsComingAbsencesSoonestFirst", func(t *testing.T) {
		got, err := s.AbsencesOfChild(ctx, a.org.ID, alva.ID, today)
		must(t, err)
		if len(got) != 2 || got[0].ID != sick.ID || !got[0].Late || got[0].Note != "Feber" || got[1].Kind != pluttra.AbsenceAway {
			t.Fatalf("Alva's absences = %+v", got)
		}
		if got, _ := s.AbsencesOfChild(ctx, a.org.ID, alva.ID, today.AddDays(2)); len(got) != 1 {
			t.Fatalf("from the day after tomorrow: %+v", got)
		}
	})
	t.Run("DepartmentDayListsItsChildrenOnly", func(t *testing.T) {
		got, err := s.DepartmentAbsences(ctx, a.org.ID, a.dept.ID, today)
		must(t, err)
		if len(got) != 1 || got[0].ChildID != alva.ID || got[0].ChildName != "Alva Andersson" || got[0].ReporterName == "" {
			t.Fatalf("today's list = %+v", got)
		}
		tomorrow, err := s.DepartmentAbsences(ctx, a.org.ID, a.dept.ID, today.AddDays(1))
		must(t, err)
		if len(tomorrow) != 2 || tomorrow[0].ChildID != alva.ID || tomorrow[1].ChildID != bilal.ID {
			t.Fatalf("tomorrow's list = %+v", tomorrow)
		}
		if got, _ := s.DepartmentAbsences(ctx, b.org.ID, a.dept.ID, today); len(got) != 0 {
			t.Fatal("another organisation reads the list")
		}
	})
	t.Run("WithdrawFromTodayOn", func(t *testing.T) {
		ongoing := report(bilal.ID, pluttra.AbsenceSick, -2, 3, false)
		coming := report(bilal.ID, pluttra.AbsenceAway, 10, 12, false)
		past := report(bilal.ID, pluttra.AbsenceSick, -9, -8, false)
		must(t, s.WithdrawAbsence(ctx, a.org.ID, bilal.ID, ongoing.ID, today))
		must(t, s.WithdrawAbsence(ctx, a.org.ID, bilal.ID, coming.ID, today))
		wantCode(t, s.WithdrawAbsence(ctx, a.org.ID, bilal.ID, past.ID, today), pluttra.EINVALID)
		wantCode(t, s.WithdrawAbsence(ctx, a.org.ID, alva.ID, past.ID, today), pluttra.ENOTFOUND)
		wantCode(t, s.WithdrawAbsence(ctx, b.org.ID, bilal.ID, past.ID, today), pluttra.ENOTFOUND)
		got, err := s.AbsencesOfChild(ctx, a.org.ID, bilal.ID, today.AddDays(-9))
		must(t, err)
		var kept []string
		for _, r := range got {
			kept = append(kept, r.From.String()+".."+r.To.String())
		}
		want := []string{today.AddDays(-9).String() + ".." + today.AddDays(-8).String(),
			today.AddDays(-2).String() + ".." + today.AddDays(-1).String(),
			today.AddDays(1).String() + ".." + today.AddDays(1).String()}
		if strings.Join(kept, " ") != strings.Join(want, " ") {
			t.Fatalf("left: %v, want %v", kept, want)
		}
	})
	t.Run("ForeignChildRefused", func(t *testing.T) {
		err := s.ReportAbsence(ctx, b.org.ID, &pluttra.Absence{ChildID: alva.ID, ReportedBy: anna.ID, Kind: pluttra.AbsenceSick, From: today, To: today})
		wantCode(t, err, pluttra.ENOTFOUND)
	})
	t.Run("LateHourSetting", func(t *testing.T) {
		lateAfter := func(org int64) int {
			t.Helper()
			o, err := s.Organisation(ctx, org)
			must(t, err)
			return o.AbsenceLateAfter
		}
		if m := lateAfter(a.org.ID); m != pluttra.DefaultAbsenceLateAfter {
			t.Fatalf("default = %d", m)
		}
		must(t, s.SetAbsenceLateAfter(ctx, a.org.ID, 7*60+30))
		if m := lateAfter(a.org.ID); m != 450 {
			t.Fatalf("after setting 07:30: %d", m)
		}
		wantCode(t, s.SetAbsenceLateAfter(ctx, a.org.ID, 24*60), pluttra.EINVALID)
		if m := lateAfter(b.org.ID); m != pluttra.DefaultAbsenceLateAfter {
			t.Fatal("another organisation's hour moved")
		}
	})
}
