package storetest

import (
	"testing"

	"github.com/pluttra/pluttra/internal/pluttra"
)

func testGuardianship(t *testing.T, open Opener) {
	s := open(t)
	a := newTenant(t, s, "a")
	b := newTenant(t, s, "b")
	alva := newChild(t, s, a.org.ID, "Alva")
	anna := newUser(t, s, a.org.ID, pluttra.KindGuardian, "anna@example.se")
	bo := newUser(t, s, a.org.ID, pluttra.KindGuardian, "bo@example.se")
	staff := newUser(t, s, a.org.ID, pluttra.KindStaff, "staff@example.se")
	foreignGuardian := newUser(t, s, b.org.ID, pluttra.KindGuardian, "other@example.se")

	ga := pluttra.Guardianship{ChildID: alva.ID, GuardianID: anna.ID, Period: pluttra.Period{From: today.AddDays(-100)}}
	must(t, s.AddGuardianship(ctx, a.org.ID, &ga))
	gb := pluttra.Guardianship{ChildID: alva.ID, GuardianID: bo.ID, Period: pluttra.Period{From: today.AddDays(-100)}}
	must(t, s.AddGuardianship(ctx, a.org.ID, &gb))

	t.Run("TwoGuardians", func(t *testing.T) {
		gs, err := s.Guardianships(ctx, a.org.ID, alva.ID)
		must(t, err)
		sameIDs(t, ids(gs, func(g pluttra.Guardianship) int64 { return g.GuardianID }), []int64{anna.ID, bo.ID})
		for _, guardian := range []int64{anna.ID, bo.ID} {
			cs, err := s.ChildrenOfGuardian(ctx, a.org.ID, guardian, today)
			must(t, err)
			sameIDs(t, ids(cs, func(c pluttra.Child) int64 { return c.ID }), []int64{alva.ID})
		}
	})
	t.Run("Ended", func(t *testing.T) {
		must(t, s.EndGuardianship(ctx, a.org.ID, gb.ID, today.AddDays(-1)))
		cs, err := s.ChildrenOfGuardian(ctx, a.org.ID, bo.ID, today)
		must(t, err)
		if len(cs) != 0 {
			t.Fatalf("ended guardian still has %d children today", len(cs))
		}
		cs, err = s.ChildrenOfGuardian(ctx, a.org.ID, bo.ID, today.AddDays(-1))
		must(t, err)
		sameIDs(t, ids(cs, func(c pluttra.Child) int64 { return c.ID }), []int64{alva.ID})
		gs, err := s.Guardianships(ctx, a.org.ID, alva.ID)
		must(t, err)
		if gs[1].To != today.AddDays(-1) {
			t.Fatalf("end date = %v", gs[1].To)
		}
	})
	t.Run("ErrPeriodOrder", func(t *testing.T) {
		wantCode(t, s.EndGuardianship(ctx, a.org.ID, ga.ID, today.AddDays(-200)), pluttra.EINVALID)
		g := pluttra.Guardianship{ChildID: alva.ID, GuardianID: anna.ID, Period: pluttra.Period{From: today, To: today.AddDays(-1)}}
		wantCode(t, s.AddGuardianship(ctx, a.org.ID, &g), pluttra.EINVALID)
	})
	t.Run("ErrNotAGuardian", func(t *testing.T) {
		g := pluttra.Guardianship{ChildID: alva.ID, GuardianID: staff.ID, Period: pluttra.Period{From: today}}
		wantCode(t, s.AddGuardianship(ctx, a.org.ID, &g), pluttra.EINVALID)
	})
	t.Run("ErrForeignOrganisation", func(t *testing.T) {
		g := pluttra.Guardianship{ChildID: alva.ID, GuardianID: foreignGuardian.ID, Period: pluttra.Period{From: today}}
		wantCode(t, s.AddGuardianship(ctx, a.org.ID, &g), pluttra.ENOTFOUND)
		wantCode(t, s.EndGuardianship(ctx, b.org.ID, ga.ID, today), pluttra.ENOTFOUND)
		gs, err := s.Guardianships(ctx, b.org.ID, alva.ID)
		must(t, err)
		if len(gs) != 0 {
			t.Fatalf("another organisation sees %d guardianships", len(gs))
		}
	})
}
