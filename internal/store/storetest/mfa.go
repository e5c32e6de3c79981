package storetest

import (
	"bytes"
	"testing"

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
	t.Run("NoStepTwice", func(t *testing.T) {
		wantCode(t, s.UseTOTPStep(ctx, a.org.ID, eva.ID, 100), pluttra.ECONFLICT) // the step used to confirm
		must(t, s.UseTOTPStep(ctx, a.org.ID, eva.ID, 101))
		wantCode(t, s.UseTOTPStep(ctx, a.org.ID, eva.ID, 101), pluttra.ECONFLICT)
		wantCode(t, s.UseTOTPStep(ctx, a.org.ID, eva.ID, 99), pluttra.ECONFLICT)
	})
	t.Run("RecoveryCodeOnce", func(t *testing.T) {
		must(t, s.UseRecoveryCode(ctx, a.org.ID, eva.ID, []byte("r1")))
		wantCode(t, s.UseRecoveryCode(ctx, a.org.ID, eva.ID, []byte("r1")), pluttra.ENOTFOUND)
		wantCode(t, s.UseRecoveryCode(ctx, a.org.ID, eva.ID, []byte("nope")), pluttra.ENOTFOUND)
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
		must(t, s.SetRequireStaffMFA(ctx, a.org.ID, false))
		o, _ := s.Organisation(ctx, a.org.ID)
		if o.RequireStaffMFA {
			t.Fatal("setting not kept")
		}
	})
	t.Run("ErrForeignOrganisation", func(t *testing.T) {
		_, err := s.TOTP(ctx, b.org.ID, eva.ID)
		wantCode(t, err, pluttra.ENOTFOUND)
		wantCode(t, s.UseRecoveryCode(ctx, b.org.ID, eva.ID, []byte("r2")), pluttra.ENOTFOUND)
		wantCode(t, s.UseTOTPStep(ctx, b.org.ID, eva.ID, 200), pluttra.ECONFLICT)
		wantCode(t, s.StartTOTP(ctx, b.org.ID, eva.ID, []byte("x")), pluttra.ENOTFOUND)
	})
}
