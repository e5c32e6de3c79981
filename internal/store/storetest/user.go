package storetest

import (
	"testing"
	"time"

	"github.com/pluttra/pluttra/internal/pluttra"
)

func testUser(t *testing.T, open Opener) {
	s := open(t)
	a := newTenant(t, s, "a")
	b := newTenant(t, s, "b")
	anna := newUser(t, s, a.org.ID, pluttra.KindGuardian, " Anna@Example.SE ")
	// The same person may be guardian in two organisations.
	annaB := newUser(t, s, b.org.ID, pluttra.KindGuardian, "anna@example.se")

	t.Run("OK", func(t *testing.T) {
		u, err := s.User(ctx, a.org.ID, anna.ID)
		must(t, err)
		if u.Email != "anna@example.se" || u.Kind != pluttra.KindGuardian || !u.Active || u.PasswordHash != "" || u.CreatedAt.IsZero() {
			t.Fatalf("user = %+v", u)
		}
	})
	t.Run("List", func(t *testing.T) {
		us, err := s.Users(ctx, a.org.ID)
		must(t, err)
		sameIDs(t, ids(us, func(u pluttra.User) int64 { return u.ID }), []int64{anna.ID})
	})
	t.Run("ByEmailAcrossOrganisations", func(t *testing.T) {
		us, err := s.UsersByEmail(ctx, "ANNA@example.se")
		must(t, err)
		sameIDs(t, ids(us, func(u pluttra.User) int64 { return u.ID }), []int64{anna.ID, annaB.ID})
		us, err = s.UsersByEmail(ctx, "nobody@example.se")
		must(t, err)
		if len(us) != 0 {
			t.Fatal("unknown address found accounts")
		}
	})
	t.Run("PasswordAndLanguage", func(t *testing.T) {
		must(t, s.SetPasswordHash(ctx, a.org.ID, anna.ID, "$argon2id$x"))
		must(t, s.SetLanguage(ctx, a.org.ID, anna.ID, "ar"))
		u, err := s.User(ctx, a.org.ID, anna.ID)
		must(t, err)
		if u.PasswordHash != "$argon2id$x" || u.Language != "ar" {
			t.Fatalf("user = %+v", u)
		}
	})
	t.Run("DeactivateEndsSessions", func(t *testing.T) {
		now := morning
		ses := pluttra.Session{TokenHash: []byte("deactivate-me"), OrgID: a.org.ID, UserID: anna.ID,
			CreatedAt: now, LastSeenAt: now, ExpiresAt: now.Add(time.Hour)}
		must(t, s.CreateSession(ctx, &ses))
		must(t, s.DeactivateUser(ctx, a.org.ID, anna.ID))
		u, err := s.User(ctx, a.org.ID, anna.ID)
		must(t, err)
		if u.Active {
			t.Fatal("still active")
		}
		_, err = s.SessionByTokenHash(ctx, ses.TokenHash)
		wantCode(t, err, pluttra.ENOTFOUND)
	})
	t.Run("ErrEmailTaken", func(t *testing.T) {
		u := pluttra.User{Kind: pluttra.KindStaff, Email: "ANNA@example.se", Name: "Other"}
		wantCode(t, s.CreateUser(ctx, a.org.ID, &u), pluttra.ECONFLICT)
	})
	t.Run("ErrInvalid", func(t *testing.T) {
		for _, u := range []pluttra.User{
			{Kind: pluttra.KindStaff, Email: "not-an-address", Name: "X"},
			{Kind: pluttra.KindStaff, Email: "Name <x@example.se>", Name: "X"},
			{Kind: pluttra.KindStaff, Email: "x@example.se"},
			{Kind: "king", Email: "y@example.se", Name: "Y"},
		} {
			wantCode(t, s.CreateUser(ctx, a.org.ID, &u), pluttra.EINVALID)
		}
	})
	t.Run("ErrForeignOrganisation", func(t *testing.T) {
		_, err := s.User(ctx, b.org.ID, anna.ID)
		wantCode(t, err, pluttra.ENOTFOUND)
		wantCode(t, s.SetPasswordHash(ctx, b.org.ID, anna.ID, "x"), pluttra.ENOTFOUND)
		wantCode(t, s.SetLanguage(ctx, b.org.ID, anna.ID, "en"), pluttra.ENOTFOUND)
		wantCode(t, s.DeactivateUser(ctx, a.org.ID, annaB.ID), pluttra.ENOTFOUND)
		u, err := s.User(ctx, b.org.ID, annaB.ID)
		must(t, err)
		if !u.Active {
			t.Fatal("another organisation's user was deactivated")
		}
	})
}
