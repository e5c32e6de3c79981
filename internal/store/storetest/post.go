package storetest

import (
	"testing"
	"time"

	"github.com/pluttra/pluttra/internal/pluttra"
)

func testPost(t *testing.T, openAt ClockOpener) {
	s, clock := openAt.at(t, morning)
	a := newTenant(t, s, "a")
	b := newTenant(t, s, "b")
	edu := newUser(t, s, a.org.ID, pluttra.KindStaff, "edu@example.se")
	anna := newUser(t, s, a.org.ID, pluttra.KindGuardian, "anna@example.se")
	alva := newChild(t, s, a.org.ID, "Alva")
	bilal := newChild(t, s, a.org.ID, "Bilal")
	since := pluttra.Period{From: today.AddDays(-30)}
	for _, c := range []int64{alva.ID, bilal.ID} {
		must(t, s.AddPlacement(ctx, a.org.ID, &pluttra.Placement{ChildID: c, DepartmentID: a.dept.ID, Period: since}))
	}
	must(t, s.AddGuardianship(ctx, a.org.ID, &pluttra.Guardianship{ChildID: alva.ID, GuardianID: anna.ID, Period: since}))
	must(t, s.RecordConsent(ctx, a.org.ID, &pluttra.Consent{ChildID: alva.ID, GuardianID: anna.ID, Level: pluttra.ConsentShared}))
	newPost := func(t *testing.T, status pluttra.PostStatus, children ...int64) *pluttra.Post {
		t.Helper()
		p := &pluttra.Post{DepartmentID: a.dept.ID, AuthorID: edu.ID, Audience: pluttra.AudienceDepartment, Status: status,
			PublishedOn: today, Body: "Vi byggde en koja.", Children: children, Areas: []pluttra.CurriculumArea{"care_learning", "participation"}}
		must(t, s.SavePost(ctx, a.org.ID, p, nil))
		return p
	}

	t.Run("DraftThenPublished", func(t *testing.T) {
		p := newPost(t, pluttra.PostDraft, alva.ID)
		got, err := s.Post(ctx, a.org.ID, p.ID)
		must(t, err)
		if got.Status != pluttra.PostDraft || !got.PublishedAt.IsZero() || len(got.Children) != 1 || len(got.Areas) != 2 {
			t.Fatalf("draft = %+v", got)
		}
		got.Status, got.PublishedOn = pluttra.PostPublished, today
		must(t, s.SavePost(ctx, a.org.ID, got, nil))
		again, err := s.Post(ctx, a.org.ID, p.ID)
		must(t, err)
		if again.Status != pluttra.PostPublished || again.PublishedAt.IsZero() || again.PublishedOn != today || !again.EditedAt.IsZero() {
			t.Fatalf("published = %+v", again)
		}
	})
	t.Run("EditOfPublishedIsMarked", func(t *testing.T) {
		p := newPost(t, pluttra.PostPublished, alva.ID)
		p.Body, p.Children, p.Status = "Vi byggde två kojor.", []int64{bilal.ID}, pluttra.PostDraft // cannot unpublish
		must(t, s.SavePost(ctx, a.org.ID, p, nil))
		got, err := s.Post(ctx, a.org.ID, p.ID)
		must(t, err)
		if got.Body != "Vi byggde två kojor." || got.Status != pluttra.PostPublished || got.EditedAt.IsZero() ||
			len(got.Children) != 1 || got.Children[0] != bilal.ID {
			t.Fatalf("edited = %+v", got)
		}
	})
	t.Run("UnreadSince", func(t *testing.T) {
		seen, err := s.FeedSeen(ctx, a.org.ID, anna.ID)
		must(t, err)
		if !seen.IsZero() {
			t.Fatalf("a new user has seen the feed at %v", seen)
		}
		all := pluttra.Filter{SQL: "1 = 1"}
		before, err := s.CountPostsSince(ctx, a.org.ID, all, time.Time{}, 100)
		must(t, err)
		newPost(t, pluttra.PostPublished, alva.ID)
		newPost(t, pluttra.PostDraft, alva.ID)
		after, err := s.CountPostsSince(ctx, a.org.ID, all, time.Time{}, 100)
		must(t, err)
		if after != before+1 {
			t.Fatalf("unread went from %d to %d after one published post and a draft", before, after)
		}
		if n, err := s.CountPostsSince(ctx, a.org.ID, all, time.Time{}, 1); err != nil || n != 1 {
			t.Fatalf("unread counted up to one = %d, %v", n, err)
		}
		now := clock.Add(time.Minute) // the guardian reads the feed after the posts
		must(t, s.MarkFeedSeen(ctx, a.org.ID, anna.ID, now))
		seen, err = s.FeedSeen(ctx, a.org.ID, anna.ID)
		must(t, err)
		if n, err := s.CountPostsSince(ctx, a.org.ID, all, seen, 100); err != nil || n != 0 || seen.Sub(now).Abs() > time.Second {
			t.Fatalf("after marking seen at %v: %d unread, %v (seen %v)", now, n, err, seen)
		}
		wantCode(t, s.MarkFeedSeen(ctx, b.org.ID, anna.ID, now), pluttra.ENOTFOUND)
	})
	t.Run("ErrInvalid", func(t *testing.T) {
		wantCode(t, s.SavePost(ctx, a.org.ID, &pluttra.Post{DepartmentID: a.dept.ID, AuthorID: edu.ID, Audience: pluttra.AudienceDepartment, Status: pluttra.PostDraft, Body: "  "}, nil), pluttra.EINVALID)
		wantCode(t, s.SavePost(ctx, a.org.ID, &pluttra.Post{DepartmentID: a.dept.ID, AuthorID: edu.ID, Audience: pluttra.AudienceChildren, Status: pluttra.PostDraft, Body: "x"}, nil), pluttra.EINVALID)
	})
	t.Run("ForeignIDsNotFound", func(t *testing.T) {
		p := newPost(t, pluttra.PostPublished)
		_, err := s.Post(ctx, b.org.ID, p.ID)
		wantCode(t, err, pluttra.ENOTFOUND)
		wantCode(t, s.DeletePost(ctx, b.org.ID, p.ID), pluttra.ENOTFOUND)
		// A department or child of another organisation cannot be used.
		err = s.SavePost(ctx, b.org.ID, &pluttra.Post{DepartmentID: a.dept.ID, AuthorID: edu.ID, Audience: pluttra.AudienceDepartment, Status: pluttra.PostDraft, Body: "x"}, nil)
		wantCode(t, err, pluttra.ENOTFOUND)
	})
	t.Run("Deleted", func(t *testing.T) {
		p := newPost(t, pluttra.PostPublished, alva.ID)
		must(t, s.DeletePost(ctx, a.org.ID, p.ID))
		_, err := s.Post(ctx, a.org.ID, p.ID)
		wantCode(t, err, pluttra.ENOTFOUND)
	})
	t.Run("FactsFollowConsentAndPlacement", func(t *testing.T) {
		p := newPost(t, pluttra.PostPublished, alva.ID, bilal.ID)
		f, err := s.PostFacts(ctx, a.org.ID, p.ID, today)
		must(t, err)
		if f.UnitID != a.unit.ID || len(f.PlacedAtPublish) != 2 || len(f.Restricted) != 1 || f.Restricted[0] != bilal.ID {
			t.Fatalf("facts = %+v (Bilal has no guardian answer, so counts as own)", f)
		}
	})
	t.Run("PagesNewestFirst", func(t *testing.T) {
		s, clock := openAt.at(t, morning)
		a := newTenant(t, s, "p")
		edu := newUser(t, s, a.org.ID, pluttra.KindStaff, "edu@example.se")
		var ids []int64
		for i := range 5 {
			p := &pluttra.Post{DepartmentID: a.dept.ID, AuthorID: edu.ID, Audience: pluttra.AudienceDepartment, Status: pluttra.PostPublished, PublishedOn: today, Body: "post"}
			if i == 2 {
				p.Areas = []pluttra.CurriculumArea{"transition"}
			}
			must(t, s.SavePost(ctx, a.org.ID, p, nil))
			ids = append(ids, p.ID)
			clock.Add(time.Minute) // each post a minute after the one before
		}
		all := pluttra.Filter{SQL: "1 = 1"}
		first, err := s.Posts(ctx, a.org.ID, all, pluttra.PostPage{Limit: 2})
		must(t, err)
		sameIDs(t, ids2(first), []int64{ids[4], ids[3]})
		last := first[1]
		next, err := s.Posts(ctx, a.org.ID, all, pluttra.PostPage{Limit: 2, Before: pluttra.PostCursor{At: last.PublishedAt, ID: last.ID}})
		must(t, err)
		sameIDs(t, ids2(next), []int64{ids[2], ids[1]})
		area, err := s.Posts(ctx, a.org.ID, all, pluttra.PostPage{Area: "transition"})
		must(t, err)
		sameIDs(t, ids2(area), []int64{ids[2]})
		none, err := s.Posts(ctx, a.org.ID, pluttra.Filter{SQL: "1 = 0"}, pluttra.PostPage{})
		must(t, err)
		if len(none) != 0 {
			t.Fatal("the filter was not applied")
		}
	})
}

func ids2(posts []pluttra.Post) []int64 {
	return ids(posts, func(p pluttra.Post) int64 { return p.ID })
}
