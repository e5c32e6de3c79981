package storetest

import (
	"testing"
	"time"

	"github.com/pluttra/pluttra/internal/pluttra"
)

// testMediaClaims: a node's claim on an item is its own. It renews it
// while it works, gives it back uncounted when it shuts down, and frees
// what it held when it starts again after a crash, all without touching
// another node's claim or the organisation's epoch.
func testMediaClaims(t *testing.T, open Opener) {
	s := open(t)
	a := newTenant(t, s, "a")
	b := newTenant(t, s, "b")
	edu := newUser(t, s, a.org.ID, pluttra.KindStaff, "edu@example.se")
	upload := func(t *testing.T) *pluttra.Media {
		t.Helper()
		m := &pluttra.Media{DepartmentID: a.dept.ID, UploaderID: edu.ID, Size: 10}
		must(t, s.CreateMedia(ctx, a.org.ID, m))
		must(t, s.MediaUploaded(ctx, a.org.ID, m.ID, 10))
		return m
	}
	// Every subtest claims what it uploads and leaves nothing claimable,
	// so each claim below can only find the item it is about.
	claim := func(t *testing.T, node string, at time.Time, lease time.Duration) *pluttra.Media {
		t.Helper()
		c, err := s.ClaimMedia(ctx, node, at, lease)
		must(t, err)
		return c
	}
	nothingFor := func(t *testing.T, node string, at time.Time) {
		t.Helper()
		c, err := s.ClaimMedia(ctx, node, at, time.Minute)
		if pluttra.ErrorCode(err) != pluttra.ENOTFOUND {
			t.Fatalf("%s claimed %+v (%v) at %v, want nothing", node, c, err, at)
		}
	}
	attempts := func(t *testing.T, id int64) int {
		t.Helper()
		m, err := s.Media(ctx, a.org.ID, id)
		must(t, err)
		return m.Attempts
	}
	epoch := func(t *testing.T) int64 {
		t.Helper()
		e, err := s.Epoch(ctx, a.org.ID)
		must(t, err)
		return e
	}
	// The suite's clock starts once the items are uploaded (due then).
	start := func() time.Time { return time.Now().Add(time.Second) }

	t.Run("RenewedClaimHolds", func(t *testing.T) {
		m := upload(t)
		t0 := start()
		if c := claim(t, "node-a", t0, time.Minute); c.ID != m.ID || c.Attempts != 1 {
			t.Fatalf("claimed %+v", c)
		}
		before := epoch(t)
		must(t, s.RenewMediaClaim(ctx, a.org.ID, m.ID, "node-a", t0.Add(5*time.Minute)))
		if after := epoch(t); after != before {
			t.Fatalf("renewing a claim moved the epoch from %d to %d", before, after)
		}
		// Past the first lease, within the renewed one: still node-a's.
		nothingFor(t, "node-b", t0.Add(2*time.Minute))
		// Only the holder renews, in its own organisation.
		wantCode(t, s.RenewMediaClaim(ctx, a.org.ID, m.ID, "node-b", t0.Add(time.Hour)), pluttra.ENOTFOUND)
		wantCode(t, s.RenewMediaClaim(ctx, b.org.ID, m.ID, "node-a", t0.Add(time.Hour)), pluttra.ENOTFOUND)
		// A claim left to run out is anyone's; its old holder learns so.
		if c := claim(t, "node-b", t0.Add(6*time.Minute), time.Minute); c.ID != m.ID {
			t.Fatalf("node-b claimed %d, want %d", c.ID, m.ID)
		}
		wantCode(t, s.RenewMediaClaim(ctx, a.org.ID, m.ID, "node-a", t0.Add(7*time.Minute)), pluttra.ENOTFOUND)
		must(t, s.FailMedia(ctx, a.org.ID, m.ID, "corrupt", true, t0))
		wantCode(t, s.RenewMediaClaim(ctx, a.org.ID, m.ID, "node-b", t0.Add(7*time.Minute)), pluttra.ENOTFOUND)
	})
	t.Run("ShutdownGivesBackUncounted", func(t *testing.T) {
		m := upload(t)
		t0 := start()
		claim(t, "stopping", t0, time.Hour)
		wantCode(t, s.ReleaseMedia(ctx, a.org.ID, m.ID, "other"), pluttra.ENOTFOUND)
		wantCode(t, s.ReleaseMedia(ctx, b.org.ID, m.ID, "stopping"), pluttra.ENOTFOUND)
		must(t, s.ReleaseMedia(ctx, a.org.ID, m.ID, "stopping"))
		if n := attempts(t, m.ID); n != 0 {
			t.Fatalf("an attempt cut short by a shutdown counts: attempts = %d", n)
		}
		// Due at once, on the same instant, for the next node.
		if c := claim(t, "next", t0, time.Hour); c.ID != m.ID || c.Attempts != 1 {
			t.Fatalf("after the release: claimed %+v", c)
		}
		wantCode(t, s.ReleaseMedia(ctx, a.org.ID, m.ID, "stopping"), pluttra.ENOTFOUND)
		must(t, s.FailMedia(ctx, a.org.ID, m.ID, "corrupt", true, t0))
	})
	t.Run("RestartFreesOwnClaimsOnly", func(t *testing.T) {
		mine, theirs := upload(t), upload(t)
		t0 := start()
		if c := claim(t, "crashed", t0, time.Hour); c.ID != mine.ID {
			t.Fatalf("crashed claimed %d, want %d", c.ID, mine.ID)
		}
		if c := claim(t, "alive", t0, time.Hour); c.ID != theirs.ID {
			t.Fatalf("alive claimed %d, want %d", c.ID, theirs.ID)
		}
		nothingFor(t, "crashed", t0.Add(time.Second))
		before := epoch(t)
		n, err := s.ReleaseMediaClaims(ctx, "crashed")
		must(t, err)
		if n != 1 {
			t.Fatalf("released %d claims, want 1", n)
		}
		if after := epoch(t); after != before {
			t.Fatalf("releasing claims moved the epoch from %d to %d", before, after)
		}
		// Long before its lease would have run out, the restarted node
		// has its item again, and the crashed attempt counts.
		if c := claim(t, "crashed", t0.Add(time.Second), time.Hour); c.ID != mine.ID || c.Attempts != 2 {
			t.Fatalf("after the restart: claimed %+v", c)
		}
		// The live node's claim stands.
		nothingFor(t, "crashed", t0.Add(2*time.Second))
		must(t, s.RenewMediaClaim(ctx, a.org.ID, theirs.ID, "alive", t0.Add(2*time.Hour)))
		if n, err := s.ReleaseMediaClaims(ctx, "nobody"); err != nil || n != 0 {
			t.Fatalf("a node without claims released %d, %v", n, err)
		}
		// A finished item holds no claim to release.
		c, err := s.Media(ctx, a.org.ID, mine.ID)
		must(t, err)
		c.Kind = pluttra.MediaImage
		must(t, s.FinishMedia(ctx, c))
		if n, err := s.ReleaseMediaClaims(ctx, "crashed"); err != nil || n != 0 {
			t.Fatalf("released %d claims of finished items, %v", n, err)
		}
	})
}
