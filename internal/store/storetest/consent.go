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
	anna := newUser(t, s, a.org.ID, pluttra.KindGuardian, "anna@example.se")
	bo := newUser(t, s, a.org.ID, pluttra.KindGuardian, "bo@example.se")
	stranger := newUser(t, s, a.org.ID, pluttra.KindGuardian, "stranger@example.se")
	since := pluttra.Period{From: today.AddDays(-30)}
	t0 := time.Date(2026, 3, 1, 9, 0, 0, 0, time.UTC)
	// family is a child of the case's own with Anna and Bo as guardians;
	// the guardianship returned is Bo's.
	family := func(t *testing.T) (pluttra.Child, pluttra.Guardianship) {
		t.Helper()
		alva := newChild(t, s, a.org.ID, "Alva")
		must(t, s.AddGuardianship(ctx, a.org.ID, &pluttra.Guardianship{ChildID: alva.ID, GuardianID: anna.ID, Period: since}))
		gb := pluttra.Guardianship{ChildID: alva.ID, GuardianID: bo.ID, Period: since}
		must(t, s.AddGuardianship(ctx, a.org.ID, &gb))
		return alva, gb
	}
	// answered is a family whose guardians have answered: Anna shared, Bo
	// shared and an hour later none.
	answered := func(t *testing.T) (pluttra.Child, pluttra.Guardianship) {
		t.Helper()
		alva, gb := family(t)
		must(t, s.RecordConsent(ctx, a.org.ID, &pluttra.Consent{ChildID: alva.ID, GuardianID: anna.ID, Level: pluttra.ConsentShared, At: t0}))
		must(t, s.RecordConsent(ctx, a.org.ID, &pluttra.Consent{ChildID: alva.ID, GuardianID: bo.ID, Level: pluttra.ConsentShared, At: t0.Add(time.Hour)}))
		must(t, s.RecordConsent(ctx, a.org.ID, &pluttra.Consent{ChildID: alva.ID, GuardianID: bo.ID, Level: pluttra.ConsentNone, At: t0.Add(2 * time.Hour)}))
		return alva, gb
	}
	effective := func(t *testing.T, child pluttra.Child, want pluttra.ConsentLevel) {
		t.Helper()
		got, err := s.EffectiveConsent(ctx, a.org.ID, child.ID, today)
		must(t, err)
		if got != want {
			t.Fatalf("effective consent = %s, want %s", got, want)
		}
	}

	t.Run("NoAnswerIsOwn", func(t *testing.T) {
		alva, _ := family(t)
		effective(t, alva, pluttra.ConsentOwn)
	})
	t.Run("MostRestrictiveOfActiveGuardians", func(t *testing.T) {
		alva, _ := family(t)
		must(t, s.RecordConsent(ctx, a.org.ID, &pluttra.Consent{ChildID: alva.ID, GuardianID: anna.ID, Level: pluttra.ConsentShared, At: t0}))
		effective(t, alva, pluttra.ConsentOwn) // Bo has not answered
		must(t, s.RecordConsent(ctx, a.org.ID, &pluttra.Consent{ChildID: alva.ID, GuardianID: bo.ID, Level: pluttra.ConsentShared, At: t0.Add(time.Hour)}))
		effective(t, alva, pluttra.ConsentShared)
		must(t, s.RecordConsent(ctx, a.org.ID, &pluttra.Consent{ChildID: alva.ID, GuardianID: bo.ID, Level: pluttra.ConsentNone, At: t0.Add(2 * time.Hour)}))
		effective(t, alva, pluttra.ConsentNone)
	})
	t.Run("HistoryKeepsEveryAnswer", func(t *testing.T) {
		alva, _ := answered(t)
		h, err := s.ConsentHistory(ctx, a.org.ID, alva.ID)
		must(t, err)
		if len(h) != 3 || h[0].Level != pluttra.ConsentShared || h[2].Level != pluttra.ConsentNone || h[2].GuardianID != bo.ID || !h[2].At.Equal(t0.Add(2*time.Hour)) {
			t.Fatalf("history = %+v", h)
		}
	})
	t.Run("EndedGuardianNoLongerCounts", func(t *testing.T) {
		alva, gb := answered(t)
		must(t, s.EndGuardianship(ctx, a.org.ID, gb.ID, today.AddDays(-1)))
		effective(t, alva, pluttra.ConsentShared)
	})
	t.Run("ProtectedIdentityCapsAtOwn", func(t *testing.T) {
		// Anna's shared is the only answer that counts once Bo's
		// guardianship has ended: shared, until the identity is protected.
		alva, gb := answered(t)
		must(t, s.EndGuardianship(ctx, a.org.ID, gb.ID, today.AddDays(-1)))
		effective(t, alva, pluttra.ConsentShared)
		must(t, s.SetProtectedIdentity(ctx, a.org.ID, alva.ID, true))
		effective(t, alva, pluttra.ConsentOwn)
	})
	t.Run("ErrNotTheChildsGuardian", func(t *testing.T) {
		alva, _ := family(t)
		wantCode(t, s.RecordConsent(ctx, a.org.ID, &pluttra.Consent{ChildID: alva.ID, GuardianID: stranger.ID, Level: pluttra.ConsentShared}), pluttra.EINVALID)
		wantCode(t, s.RecordConsent(ctx, a.org.ID, &pluttra.Consent{ChildID: alva.ID, GuardianID: anna.ID, Level: "always"}), pluttra.EINVALID)
	})
	t.Run("ErrForeignOrganisation", func(t *testing.T) {
		alva, _ := answered(t)
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
