package storetest

import (
	"bytes"
	"testing"
	"time"

	"github.com/pluttra/pluttra/internal/pluttra"
)

func testSession(t *testing.T, open Opener) {
	s := open(t)
	a := newTenant(t, s, "a")
	eva := newUser(t, s, a.org.ID, pluttra.KindStaff, "eva@example.se")
	start := time.Date(2026, 3, 10, 8, 0, 0, 0, time.UTC)
	ses := pluttra.Session{TokenHash: []byte{1, 2, 3}, OrgID: a.org.ID, UserID: eva.ID,
		CreatedAt: start, LastSeenAt: start, ExpiresAt: start.Add(24 * time.Hour)}
	must(t, s.CreateSession(ctx, &ses))
	other := pluttra.Session{TokenHash: []byte{4, 5, 6}, OrgID: a.org.ID, UserID: eva.ID,
		CreatedAt: start, LastSeenAt: start, ExpiresAt: start.Add(24 * time.Hour)}
	must(t, s.CreateSession(ctx, &other))

	t.Run("OK", func(t *testing.T) {
		got, err := s.SessionByTokenHash(ctx, []byte{1, 2, 3})
		must(t, err)
		if !bytes.Equal(got.TokenHash, ses.TokenHash) || got.UserID != eva.ID || got.OrgID != a.org.ID ||
			!got.CreatedAt.Equal(start) || !got.ExpiresAt.Equal(start.Add(24*time.Hour)) {
			t.Fatalf("session = %+v", got)
		}
	})
	t.Run("Touch", func(t *testing.T) {
		later := start.Add(90*time.Minute + 1500*time.Microsecond)
		must(t, s.TouchSession(ctx, ses.TokenHash, later))
		got, err := s.SessionByTokenHash(ctx, ses.TokenHash)
		must(t, err)
		if !got.LastSeenAt.Equal(later) {
			t.Fatalf("last seen = %v, want %v", got.LastSeenAt, later)
		}
		wantCode(t, s.TouchSession(ctx, []byte("missing"), later), pluttra.ENOTFOUND)
	})
	t.Run("Delete", func(t *testing.T) {
		must(t, s.DeleteSession(ctx, ses.TokenHash))
		must(t, s.DeleteSession(ctx, ses.TokenHash))
		_, err := s.SessionByTokenHash(ctx, ses.TokenHash)
		wantCode(t, err, pluttra.ENOTFOUND)
		must(t, s.DeleteUserSessions(ctx, a.org.ID, eva.ID))
		_, err = s.SessionByTokenHash(ctx, other.TokenHash)
		wantCode(t, err, pluttra.ENOTFOUND)
	})
	t.Run("ErrDuplicateToken", func(t *testing.T) {
		dup := pluttra.Session{TokenHash: []byte{9}, OrgID: a.org.ID, UserID: eva.ID, CreatedAt: start, LastSeenAt: start, ExpiresAt: start}
		must(t, s.CreateSession(ctx, &dup))
		wantCode(t, s.CreateSession(ctx, &dup), pluttra.ECONFLICT)
	})
}
