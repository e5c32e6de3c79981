package storetest

import (
	"testing"
	"time"

	"github.com/pluttra/pluttra/internal/pluttra"
)

func testToken(t *testing.T, open Opener) {
	s := open(t)
	a := newTenant(t, s, "a")
	b := newTenant(t, s, "b")
	anna := newUser(t, s, a.org.ID, pluttra.KindGuardian, "anna@example.se")
	now := time.Now().UTC()
	issue := func(t *testing.T, secret string, expires time.Time) *pluttra.Token {
		t.Helper()
		tok := &pluttra.Token{UserID: anna.ID, Purpose: pluttra.PurposeInvite, ExpiresAt: expires}
		must(t, s.IssueToken(ctx, a.org.ID, tok, []byte(secret), &pluttra.OutboxMail{To: anna.Email, Subject: "Inbjudan", Body: secret}))
		return tok
	}

	t.Run("IssuedWithItsMail", func(t *testing.T) {
		issue(t, "first", now.Add(time.Hour))
		list, err := s.Outbox(ctx, a.org.ID, 10)
		must(t, err)
		if len(list) != 1 || list[0].Body != "first" {
			t.Fatalf("outbox = %+v", list)
		}
	})
	t.Run("ReissueRevokesTheOldOne", func(t *testing.T) {
		second := issue(t, "second", now.Add(time.Hour))
		_, err := s.RedeemToken(ctx, []byte("first"), "hash", now)
		wantCode(t, err, pluttra.EINVALID)
		if pluttra.ErrorKey(err) != "token.revoked" {
			t.Fatalf("old token: %v", err)
		}
		latest, err := s.LatestToken(ctx, a.org.ID, anna.ID, pluttra.PurposeInvite)
		must(t, err)
		if latest.ID != second.ID {
			t.Fatal("latest is not the newest token")
		}
	})
	t.Run("RedeemOnceSetsPasswordEndsSessions", func(t *testing.T) {
		ses := pluttra.Session{TokenHash: []byte("s1"), OrgID: a.org.ID, UserID: anna.ID, CreatedAt: now, LastSeenAt: now, ExpiresAt: now.Add(time.Hour)}
		must(t, s.CreateSession(ctx, &ses))
		u, err := s.RedeemToken(ctx, []byte("second"), "$argon2id$new", now)
		must(t, err)
		if u.ID != anna.ID || u.PasswordHash != "$argon2id$new" {
			t.Fatalf("user = %+v", u)
		}
		_, err = s.SessionByTokenHash(ctx, []byte("s1"))
		wantCode(t, err, pluttra.ENOTFOUND)
		_, err = s.RedeemToken(ctx, []byte("second"), "$argon2id$again", now)
		if pluttra.ErrorKey(err) != "token.used" {
			t.Fatalf("second redeem: %v", err)
		}
	})
	t.Run("ErrExpired", func(t *testing.T) {
		issue(t, "third", now.Add(time.Minute))
		_, err := s.RedeemToken(ctx, []byte("third"), "x", now.Add(2*time.Minute))
		if pluttra.ErrorKey(err) != "token.expired" {
			t.Fatalf("expired: %v", err)
		}
		u, _ := s.User(ctx, a.org.ID, anna.ID)
		if u.PasswordHash != "$argon2id$new" {
			t.Fatal("an expired link changed the password")
		}
	})
	t.Run("ErrUnknownAndForeign", func(t *testing.T) {
		_, err := s.TokenByHash(ctx, []byte("nope"))
		wantCode(t, err, pluttra.ENOTFOUND)
		tok := &pluttra.Token{UserID: anna.ID, Purpose: pluttra.PurposeInvite, ExpiresAt: now.Add(time.Hour)}
		wantCode(t, s.IssueToken(ctx, b.org.ID, tok, []byte("x"), &pluttra.OutboxMail{To: "x@example.se", Subject: "s"}), pluttra.ENOTFOUND)
		if list, _ := s.Outbox(ctx, b.org.ID, 10); len(list) != 0 {
			t.Fatal("a refused token left its mail")
		}
	})
}
