package storetest

import (
	"bytes"
	"slices"
	"testing"
	"time"

	"github.com/pluttra/pluttra/internal/pluttra"
)

func testMFA(t *testing.T, open Opener) {
	s := open(t)
	a := newTenant(t, s, "a")
	b := newTenant(t, s, "b")
	eva := newUser(t, s, a.org.ID, pluttra.KindStaff, "eva@example.se")

	t.Run("Lifecycle", func(t *testing.T) {
		_, err := s.TOTP(ctx, a.org.ID, eva.ID)
		wantCode(t, err, pluttra.ENOTFOUND)
		must(t, s.StartTOTP(ctx, a.org.ID, eva.ID, []byte("first")))
		must(t, s.StartTOTP(ctx, a.org.ID, eva.ID, []byte("second"))) // a new enrolment page
		got, err := s.TOTP(ctx, a.org.ID, eva.ID)
		must(t, err)
		if !bytes.Equal(got.Sealed, []byte("second")) || got.Confirmed {
			t.Fatalf("totp = %+v", got)
		}
		wantCode(t, s.UseTOTPStep(ctx, a.org.ID, eva.ID, 100), pluttra.ECONFLICT) // not confirmed yet
		must(t, s.ConfirmTOTP(ctx, a.org.ID, eva.ID, 100, [][]byte{[]byte("r1"), []byte("r2")}))
		wantCode(t, s.StartTOTP(ctx, a.org.ID, eva.ID, []byte("third")), pluttra.ECONFLICT)
		got, _ = s.TOTP(ctx, a.org.ID, eva.ID)
		if !got.Confirmed || got.LastStep != 100 || !bytes.Equal(got.Sealed, []byte("second")) {
			t.Fatalf("confirmed totp = %+v", got)
		}
	})
	// enrolled is a staff member of the subtest's own who confirmed a
	// second factor at step 100 and holds the recovery codes r1 and r2.
	enrolled := func(t *testing.T, email string) pluttra.User {
		t.Helper()
		u := newUser(t, s, a.org.ID, pluttra.KindStaff, email)
		must(t, s.StartTOTP(ctx, a.org.ID, u.ID, []byte("secret")))
		must(t, s.ConfirmTOTP(ctx, a.org.ID, u.ID, 100, [][]byte{[]byte("r1"), []byte("r2")}))
		return u
	}
	t.Run("NoStepTwice", func(t *testing.T) {
		ulf := enrolled(t, "ulf@example.se")
		wantCode(t, s.UseTOTPStep(ctx, a.org.ID, ulf.ID, 100), pluttra.ECONFLICT) // the step used to confirm
		must(t, s.UseTOTPStep(ctx, a.org.ID, ulf.ID, 101))
		wantCode(t, s.UseTOTPStep(ctx, a.org.ID, ulf.ID, 101), pluttra.ECONFLICT)
		wantCode(t, s.UseTOTPStep(ctx, a.org.ID, ulf.ID, 99), pluttra.ECONFLICT)
	})
	t.Run("RecoveryCodeOnce", func(t *testing.T) {
		vera := enrolled(t, "vera@example.se")
		must(t, s.UseRecoveryCode(ctx, a.org.ID, vera.ID, []byte("r1")))
		wantCode(t, s.UseRecoveryCode(ctx, a.org.ID, vera.ID, []byte("r1")), pluttra.ENOTFOUND)
		wantCode(t, s.UseRecoveryCode(ctx, a.org.ID, vera.ID, []byte("nope")), pluttra.ENOTFOUND)
		must(t, s.UseRecoveryCode(ctx, a.org.ID, vera.ID, []byte("r2")))
	})
	t.Run("KeyingLeavesKeyedCodesAlone", func(t *testing.T) {
		ida := newUser(t, s, a.org.ID, pluttra.KindStaff, "ida@example.se")
		must(t, s.StartTOTP(ctx, a.org.ID, ida.ID, []byte("x")))
		must(t, s.ConfirmTOTP(ctx, a.org.ID, ida.ID, 7, [][]byte{[]byte("k1"), []byte("k2")}))
		n, err := s.KeyRecoveryCodes(ctx, func(old []byte) []byte { return append([]byte("rekeyed:"), old...) })
		must(t, err)
		if n != 0 {
			t.Fatalf("keyed %d codes that were keyed already", n)
		}
		must(t, s.UseRecoveryCode(ctx, a.org.ID, ida.ID, []byte("k1")))
		wantCode(t, s.UseRecoveryCode(ctx, a.org.ID, ida.ID, []byte("rekeyed:k2")), pluttra.ENOTFOUND)
	})
	t.Run("Reset", func(t *testing.T) {
		per := newUser(t, s, a.org.ID, pluttra.KindStaff, "per@example.se")
		must(t, s.StartTOTP(ctx, a.org.ID, per.ID, []byte("x")))
		must(t, s.ConfirmTOTP(ctx, a.org.ID, per.ID, 5, [][]byte{[]byte("rp")}))
		wantCode(t, s.ResetMFA(ctx, b.org.ID, per.ID), pluttra.ENOTFOUND)
		must(t, s.ResetMFA(ctx, a.org.ID, per.ID))
		_, err := s.TOTP(ctx, a.org.ID, per.ID)
		wantCode(t, err, pluttra.ENOTFOUND)
		wantCode(t, s.UseRecoveryCode(ctx, a.org.ID, per.ID, []byte("rp")), pluttra.ENOTFOUND)
		must(t, s.StartTOTP(ctx, a.org.ID, per.ID, []byte("new"))) // enrols anew
	})
	t.Run("OrganisationSetting", func(t *testing.T) {
		ended, err := s.SetRequireStaffMFA(ctx, a.org.ID, false)
		must(t, err)
		o, _ := s.Organisation(ctx, a.org.ID)
		if o.RequireStaffMFA || len(ended) != 0 {
			t.Fatalf("setting not kept, or sessions ended turning it off: %v", ended)
		}
		_, err = s.SetRequireStaffMFA(ctx, 999999, true)
		wantCode(t, err, pluttra.ENOTFOUND)
	})
	t.Run("ErrForeignOrganisation", func(t *testing.T) {
		_, err := s.TOTP(ctx, b.org.ID, eva.ID)
		wantCode(t, err, pluttra.ENOTFOUND)
		wantCode(t, s.UseRecoveryCode(ctx, b.org.ID, eva.ID, []byte("r2")), pluttra.ENOTFOUND)
		wantCode(t, s.UseTOTPStep(ctx, b.org.ID, eva.ID, 200), pluttra.ECONFLICT)
		wantCode(t, s.StartTOTP(ctx, b.org.ID, eva.ID, []byte("x")), pluttra.ENOTFOUND)
	})
}

// testRequireMFAEndsSessions: when an organisation starts requiring a
// second factor, its staff and admins who logged in without one log in
// again; guardians, other organisations and sessions that passed one stay.
func testRequireMFAEndsSessions(t *testing.T, open Opener) {
	s := open(t)
	a, b := newTenant(t, s, "a"), newTenant(t, s, "b")
	_, err := s.SetRequireStaffMFA(ctx, a.org.ID, false)
	must(t, err)
	start := time.Date(2026, 3, 10, 8, 0, 0, 0, time.UTC)
	session := func(orgID, userID int64, token byte, secondFactor bool) []byte {
		ses := pluttra.Session{TokenHash: []byte{token}, OrgID: orgID, UserID: userID, CreatedAt: start, LastSeenAt: start,
			ExpiresAt: start.Add(24 * time.Hour), SecondFactor: secondFactor}
		must(t, s.CreateSession(ctx, &ses))
		return ses.TokenHash
	}
	eva := newUser(t, s, a.org.ID, pluttra.KindStaff, "eva@example.se")
	admin := newUser(t, s, a.org.ID, pluttra.KindOrgAdmin, "admin@example.se")
	guardian := newUser(t, s, a.org.ID, pluttra.KindGuardian, "vh@example.se")
	elsewhere := newUser(t, s, b.org.ID, pluttra.KindStaff, "eva@example.se")
	evaPassword, evaBoth := session(a.org.ID, eva.ID, 1, false), session(a.org.ID, eva.ID, 2, true)
	adminPassword := session(a.org.ID, admin.ID, 3, false)
	guardianPassword := session(a.org.ID, guardian.ID, 4, false)
	otherOrg := session(b.org.ID, elsewhere.ID, 5, false)

	ended, err := s.SetRequireStaffMFA(ctx, a.org.ID, true)
	must(t, err)
	if want := []int64{min(eva.ID, admin.ID), max(eva.ID, admin.ID)}; !slices.Equal(ended, want) {
		t.Fatalf("ended the sessions of %v, want %v", ended, want)
	}
	for name, hash := range map[string][]byte{"staff without a second factor": evaPassword, "admin without one": adminPassword} {
		_, err := s.SessionByTokenHash(ctx, hash)
		if pluttra.ErrorCode(err) != pluttra.ENOTFOUND {
			t.Errorf("the session of the %s survived: %v", name, err)
		}
	}
	for name, hash := range map[string][]byte{"staff with a second factor": evaBoth, "guardian": guardianPassword, "other organisation": otherOrg} {
		if ses, err := s.SessionByTokenHash(ctx, hash); err != nil {
			t.Errorf("the session of the %s ended: %v", name, err)
		} else if ses.SecondFactor != bytes.Equal(hash, evaBoth) {
			t.Errorf("the session of the %s reads second factor %v", name, ses.SecondFactor)
		}
	}
	// Saving the settings again, with the rule already on, ends nothing.
	session(a.org.ID, eva.ID, 6, false)
	if ended, err := s.SetRequireStaffMFA(ctx, a.org.ID, true); err != nil || len(ended) != 0 {
		t.Fatalf("ended %v again, err %v", ended, err)
	}
}
