package storetest

import (
	"path"
	"testing"
	"time"

	"github.com/pluttra/pluttra/internal/pluttra"
)

// tokenWorld is Anna, a guardian in an organisation of the case's own, and
// another organisation, in a store the cases share whose clock stands at
// now.
type tokenWorld struct {
	s    pluttra.Store
	a, b tenant
	anna pluttra.User
	now  time.Time
}

func newTokenWorld(t *testing.T, s pluttra.Store) *tokenWorld {
	t.Helper()
	w := &tokenWorld{s: s, now: morning.UTC()}
	w.a, w.b = ownTenants(t, s)
	w.anna = newUser(t, s, w.a.org.ID, pluttra.KindGuardian, "anna@example.se")
	return w
}

// caseSecret is the case's own secret of a link: links are found by their
// secret alone, across organisations.
func caseSecret(t *testing.T, name string) []byte {
	return []byte(path.Base(t.Name()) + "/" + name)
}

// issue gives Anna an invitation with the named secret, expiring then, and
// its mail, whose body is the name.
func (w *tokenWorld) issue(t *testing.T, name string, expires time.Time) *pluttra.Token {
	t.Helper()
	tok := &pluttra.Token{UserID: w.anna.ID, Purpose: pluttra.PurposeInvite, ExpiresAt: expires}
	must(t, w.s.IssueToken(ctx, w.a.org.ID, tok, caseSecret(t, name), &pluttra.OutboxMail{To: w.anna.Email, Subject: "Inbjudan", Body: name}))
	return tok
}

func testToken(t *testing.T, openAt ClockOpener) {
	s, _ := openAt.at(t, morning)

	t.Run("IssuedWithItsMail", func(t *testing.T) {
		w := newTokenWorld(t, s)
		w.issue(t, "first", w.now.Add(time.Hour))
		list, err := s.Outbox(ctx, w.a.org.ID, 10)
		must(t, err)
		if len(list) != 1 || list[0].Body != "first" {
			t.Fatalf("outbox = %+v", list)
		}
	})
	t.Run("ReissueRevokesTheOldOne", func(t *testing.T) {
		w := newTokenWorld(t, s)
		now := w.now
		w.issue(t, "first", now.Add(time.Hour))
		second := w.issue(t, "second", now.Add(time.Hour))
		_, err := s.RedeemToken(ctx, caseSecret(t, "first"), "hash", now)
		wantCode(t, err, pluttra.EINVALID)
		if pluttra.ErrorKey(err) != "token.revoked" {
			t.Fatalf("old token: %v", err)
		}
		latest, err := s.LatestToken(ctx, w.a.org.ID, w.anna.ID, pluttra.PurposeInvite)
		must(t, err)
		if latest.ID != second.ID {
			t.Fatal("latest is not the newest token")
		}
	})
	t.Run("RedeemOnceSetsPasswordEndsSessions", func(t *testing.T) {
		w := newTokenWorld(t, s)
		a, anna, now := w.a, w.anna, w.now
		w.issue(t, "second", now.Add(time.Hour))
		ses := pluttra.Session{TokenHash: caseSecret(t, "s1"), OrgID: a.org.ID, UserID: anna.ID, CreatedAt: now, LastSeenAt: now, ExpiresAt: now.Add(time.Hour)}
		must(t, s.CreateSession(ctx, &ses))
		u, err := s.RedeemToken(ctx, caseSecret(t, "second"), "$argon2id$new", now)
		must(t, err)
		if u.ID != anna.ID || u.PasswordHash != "$argon2id$new" {
			t.Fatalf("user = %+v", u)
		}
		_, err = s.SessionByTokenHash(ctx, ses.TokenHash)
		wantCode(t, err, pluttra.ENOTFOUND)
		_, err = s.RedeemToken(ctx, caseSecret(t, "second"), "$argon2id$again", now)
		if pluttra.ErrorKey(err) != "token.used" {
			t.Fatalf("second redeem: %v", err)
		}
	})
	t.Run("ErrExpired", func(t *testing.T) {
		w := newTokenWorld(t, s)
		a, anna, now := w.a, w.anna, w.now
		must(t, s.SetPasswordHash(ctx, a.org.ID, anna.ID, "$argon2id$new"))
		w.issue(t, "third", now.Add(time.Minute))
		_, err := s.RedeemToken(ctx, caseSecret(t, "third"), "x", now.Add(2*time.Minute))
		if pluttra.ErrorKey(err) != "token.expired" {
			t.Fatalf("expired: %v", err)
		}
		u, _ := s.User(ctx, a.org.ID, anna.ID)
		if u.PasswordHash != "$argon2id$new" {
			t.Fatal("an expired link changed the password")
		}
	})
	t.Run("ErrUnknownAndForeign", func(t *testing.T) {
		w := newTokenWorld(t, s)
		_, err := s.TokenByHash(ctx, []byte("nope"))
		wantCode(t, err, pluttra.ENOTFOUND)
		tok := &pluttra.Token{UserID: w.anna.ID, Purpose: pluttra.PurposeInvite, ExpiresAt: w.now.Add(time.Hour)}
		wantCode(t, s.IssueToken(ctx, w.b.org.ID, tok, caseSecret(t, "x"), &pluttra.OutboxMail{To: "x@example.se", Subject: "s"}), pluttra.ENOTFOUND)
		if list, _ := s.Outbox(ctx, w.b.org.ID, 10); len(list) != 0 {
			t.Fatal("a refused token left its mail")
		}
	})
}
