package storetest

import (
	"testing"
	"time"

	"github.com/pluttra/pluttra/internal/pluttra"
)

func testConsent(t *testing.T, open Opener) {
	s := open(t)
	a := newTenant(t, s, "a")
	b := newTenant(t, s, "b")
	alva := newChild(t, s, a.org.ID, "Alva")
	anna := newUser(t, s, a.org.ID, pluttra.KindGuardian, "anna@example.se")
	bo := newUser(t, s, a.org.ID, pluttra.KindGuardian, "bo@example.se")
	stranger := newUser(t, s, a.org.ID, pluttra.KindGuardian, "stranger@example.se")
	since := pluttra.Period{From: today.AddDays(-30)}
	must(t, s.AddGuardianship(ctx, a.org.ID, &pluttra.Guardianship{ChildID: alva.ID, GuardianID: anna.ID, Period: since}))
	gb := pluttra.Guardianship{ChildID: alva.ID, GuardianID: bo.ID, Period: since}
	must(t, s.AddGuardianship(ctx, a.org.ID, &gb))
	t0 := time.Date(2026, 3, 1, 9, 0, 0, 0, time.UTC)
	effective := func(t *testing.T, want pluttra.ConsentLevel) {
		t.Helper()
		got, err := s.EffectiveConsent(ctx, a.org.ID, alva.ID, today)
		must(t, err)
		if got != want {
			t.Fatalf("effective consent = %s, want %s", got, want)
		}
	}

	t.Run("NoAnswerIsOwn", func(t *testing.T) { effective(t, pluttra.ConsentOwn) })
	t.Run("MostRestrictiveOfActiveGuardians", func(t *testing.T) {
		must(t, s.RecordConsent(ctx, a.org.ID, &pluttra.Consent{ChildID: alva.ID, GuardianID: anna.ID, Level: pluttra.ConsentShared, At: t0}))
		effective(t, pluttra.ConsentOwn) // Bo has not answered
		must(t, s.RecordConsent(ctx, a.org.ID, &pluttra.Consent{ChildID: alva.ID, GuardianID: bo.ID, Level: pluttra.ConsentShared, At: t0.Add(time.Hour)}))
		effective(t, pluttra.ConsentShared)
		must(t, s.RecordConsent(ctx, a.org.ID, &pluttra.Consent{ChildID: alva.ID, GuardianID: bo.ID, Level: pluttra.ConsentNone, At: t0.Add(2 * time.Hour)}))
		effective(t, pluttra.ConsentNone)
	})
	t.Run("HistoryKeepsEveryAnswer", func(t *testing.T) {
		h, err := s.ConsentHistory(ctx, a.org.ID, alva.ID)
		must(t, err)
		if len(h) != 3 || h[0].Level != pluttra.ConsentShared || h[2].Level != pluttra.ConsentNone || h[2].GuardianID != bo.ID || !h[2].At.Equal(t0.Add(2*time.Hour)) {
			t.Fatalf("history = %+v", h)
		}
	})
	t.Run("EndedGuardianNoLongerCounts", func(t *testing.T) {
		must(t, s.EndGuardianship(ctx, a.org.ID, gb.ID, today.AddDays(-1)))
		effective(t, pluttra.ConsentShared)
	})
	t.Run("ProtectedIdentityCapsAtOwn", func(t *testing.T) {
		must(t, s.SetProtectedIdentity(ctx, a.org.ID, alva.ID, true))
		effective(t, pluttra.ConsentOwn)
	})
	t.Run("ErrNotTheChildsGuardian", func(t *testing.T) {
		wantCode(t, s.RecordConsent(ctx, a.org.ID, &pluttra.Consent{ChildID: alva.ID, GuardianID: stranger.ID, Level: pluttra.ConsentShared}), pluttra.EINVALID)
		wantCode(t, s.RecordConsent(ctx, a.org.ID, &pluttra.Consent{ChildID: alva.ID, GuardianID: anna.ID, Level: "always"}), pluttra.EINVALID)
	})
	t.Run("ErrForeignOrganisation", func(t *testing.T) {
		wantCode(t, s.RecordConsent(ctx, b.org.ID, &pluttra.Consent{ChildID: alva.ID, GuardianID: anna.ID, Level: pluttra.ConsentShared}), pluttra.ENOTFOUND)
		_, err := s.EffectiveConsent(ctx, b.org.ID, alva.ID, today)
		wantCode(t, err, pluttra.ENOTFOUND)
		h, err := s.ConsentHistory(ctx, b.org.ID, alva.ID)
		must(t, err)
		if len(h) != 0 {
			t.Fatal("another organisation reads the consent history")
		}
	})
}
