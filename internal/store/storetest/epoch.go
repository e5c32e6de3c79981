package storetest

import (
	"testing"
	"time"

	"github.com/pluttra/pluttra/internal/pluttra"
)

// testEpoch: the organisation's epoch rises with every change to what its
// pages show, in that organisation only, and not with what pages never
// show (activity, the access log).
func testEpoch(t *testing.T, open Opener) {
	s := open(t)
	a := newTenant(t, s, "a")
	b := newTenant(t, s, "b")
	epoch := func(org int64) int64 {
		t.Helper()
		e, err := s.Epoch(ctx, org)
		must(t, err)
		return e
	}
	rises := func(t *testing.T, what string, change func()) {
		t.Helper()
		before, other := epoch(a.org.ID), epoch(b.org.ID)
		change()
		if after := epoch(a.org.ID); after <= before {
			t.Fatalf("%s left the epoch at %d", what, after)
		}
		if epoch(b.org.ID) != other {
			t.Fatalf("%s in one organisation moved another's epoch", what)
		}
	}
	stays := func(t *testing.T, what string, change func()) {
		t.Helper()
		before := epoch(a.org.ID)
		change()
		if after := epoch(a.org.ID); after != before {
			t.Fatalf("%s moved the epoch from %d to %d", what, before, after)
		}
	}
	edu := newUser(t, s, a.org.ID, pluttra.KindStaff, "edu@example.se")
	anna := newUser(t, s, a.org.ID, pluttra.KindGuardian, "anna@example.se")
	alva := newChild(t, s, a.org.ID, "Alva")
	since := pluttra.Period{From: today.AddDays(-30)}
	now := morning
	ses := pluttra.Session{TokenHash: []byte("epoch-session"), OrgID: a.org.ID, UserID: anna.ID,
		CreatedAt: now, LastSeenAt: now, ExpiresAt: now.Add(time.Hour)}

	rises(t, "a placement", func() {
		must(t, s.AddPlacement(ctx, a.org.ID, &pluttra.Placement{ChildID: alva.ID, DepartmentID: a.dept.ID, Period: since}))
	})
	rises(t, "a guardianship", func() {
		must(t, s.AddGuardianship(ctx, a.org.ID, &pluttra.Guardianship{ChildID: alva.ID, GuardianID: anna.ID, Period: since}))
	})
	rises(t, "a consent answer", func() {
		must(t, s.RecordConsent(ctx, a.org.ID, &pluttra.Consent{ChildID: alva.ID, GuardianID: anna.ID, Level: pluttra.ConsentShared}))
	})
	rises(t, "a post", func() {
		must(t, s.SavePost(ctx, a.org.ID, &pluttra.Post{DepartmentID: a.dept.ID, AuthorID: edu.ID, Audience: pluttra.AudienceDepartment,
			Status: pluttra.PostPublished, PublishedOn: today, Body: "Vi byggde en koja.", Children: []int64{alva.ID}}, nil))
	})
	stays(t, "logging in", func() { must(t, s.CreateSession(ctx, &ses)) })
	stays(t, "activity", func() { must(t, s.TouchSession(ctx, ses.TokenHash, now.Add(time.Minute))) })
	stays(t, "an access log entry", func() {
		must(t, s.AppendAccess(ctx, a.org.ID, []pluttra.AccessEntry{{UserID: edu.ID, ChildID: alva.ID, Action: "child.view"}}))
	})
	rises(t, "a session ended", func() { must(t, s.DeleteSession(ctx, ses.TokenHash)) })
	got, err := s.SessionByTokenHash(ctx, ses.TokenHash)
	if pluttra.ErrorCode(err) != pluttra.ENOTFOUND {
		t.Fatalf("the ended session is still read: %+v, %v", got, err)
	}
	must(t, s.CreateSession(ctx, &ses))
	got, err = s.SessionByTokenHash(ctx, ses.TokenHash)
	must(t, err)
	if got.Epoch != epoch(a.org.ID) {
		t.Fatalf("the session was read with epoch %d, the organisation's is %d", got.Epoch, epoch(a.org.ID))
	}
}
