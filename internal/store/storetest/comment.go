package storetest

import (
	"context"
	"fmt"
	"testing"

	"github.com/pluttra/pluttra/internal/pluttra"
)

func testComment(t *testing.T, open Opener) {
	s := open(t)
	a := newTenant(t, s, "a")
	b := newTenant(t, s, "b")
	edu := newUser(t, s, a.org.ID, pluttra.KindStaff, "edu@example.se")
	anna := newUser(t, s, a.org.ID, pluttra.KindGuardian, "anna@example.se")
	p := &pluttra.Post{DepartmentID: a.dept.ID, AuthorID: edu.ID, Audience: pluttra.AudienceDepartment, Status: pluttra.PostPublished,
		PublishedOn: today, Body: "Vi byggde en koja."}
	must(t, s.SavePost(ctx, a.org.ID, p, nil))

	t.Run("ThreadsHideDelete", func(t *testing.T) {
		mine := &pluttra.Comment{PostID: p.ID, AuthorID: anna.ID, ThreadID: anna.ID, Body: "  Så fint!  "}
		must(t, s.AddComment(ctx, a.org.ID, mine))
		reply := &pluttra.Comment{PostID: p.ID, AuthorID: edu.ID, ThreadID: anna.ID, Body: "Tack!"}
		must(t, s.AddComment(ctx, a.org.ID, reply))
		got, err := s.Comments(ctx, a.org.ID, p.ID)
		must(t, err)
		if len(got) != 2 || got[0].Body != "Så fint!" || got[1].ThreadID != anna.ID || !got[0].HiddenAt.IsZero() {
			t.Fatalf("comments = %+v", got)
		}
		must(t, s.HideComment(ctx, a.org.ID, mine.ID, edu.ID))
		wantCode(t, s.HideComment(ctx, a.org.ID, mine.ID, edu.ID), pluttra.ENOTFOUND)
		got, err = s.Comments(ctx, a.org.ID, p.ID)
		must(t, err)
		if got[0].HiddenAt.IsZero() || got[0].HiddenBy != edu.ID {
			t.Fatalf("hidden = %+v", got[0])
		}
		f, err := s.CommentFacts(ctx, a.org.ID, reply.ID, today)
		must(t, err)
		if f.AuthorID != edu.ID || f.ThreadID != anna.ID || f.Post.PostID != p.ID {
			t.Fatalf("facts = %+v", f)
		}
		must(t, s.DeleteComment(ctx, a.org.ID, reply.ID))
		got, err = s.Comments(ctx, a.org.ID, p.ID)
		must(t, err)
		if len(got) != 1 {
			t.Fatalf("after delete: %+v", got)
		}
	})
	t.Run("HeartsOncePerUser", func(t *testing.T) {
		must(t, s.SetHeart(ctx, a.org.ID, p.ID, anna.ID, true))
		must(t, s.SetHeart(ctx, a.org.ID, p.ID, anna.ID, true))
		must(t, s.SetHeart(ctx, a.org.ID, p.ID, edu.ID, true))
		got, err := s.Hearts(ctx, a.org.ID, p.ID)
		must(t, err)
		if len(got) != 2 {
			t.Fatalf("hearts = %v", got)
		}
		must(t, s.SetHeart(ctx, a.org.ID, p.ID, anna.ID, false))
		if got, _ := s.Hearts(ctx, a.org.ID, p.ID); len(got) != 1 || got[0] != edu.ID {
			t.Fatalf("after taking back: %v", got)
		}
	})
	t.Run("CommentActsInTaggedChildrensLog", func(t *testing.T) {
		alva := newChild(t, s, a.org.ID, "Alva")
		about := &pluttra.Post{DepartmentID: a.dept.ID, AuthorID: edu.ID, Audience: pluttra.AudienceChildren, Status: pluttra.PostPublished,
			PublishedOn: today, Body: "Alva målade.", Children: []int64{alva.ID}}
		must(t, s.SavePost(ctx, a.org.ID, about, nil))
		as := func(u pluttra.User) context.Context {
			return pluttra.WithActor(ctx, pluttra.Actor{UserID: u.ID, RequestID: "req-comment"})
		}
		mine := &pluttra.Comment{PostID: about.ID, AuthorID: anna.ID, Body: "Vilka färger!"}
		must(t, s.AddComment(as(anna), a.org.ID, mine))
		must(t, s.HideComment(as(edu), a.org.ID, mine.ID, edu.ID))
		must(t, s.DeleteComment(as(anna), a.org.ID, mine.ID))
		untagged := &pluttra.Comment{PostID: p.ID, AuthorID: anna.ID, Body: "Fint!"}
		must(t, s.AddComment(as(anna), a.org.ID, untagged))
		acc, err := s.AccessLog(ctx, a.org.ID, pluttra.AccessQuery{ChildID: alva.ID})
		must(t, err)
		var got []string
		for _, e := range acc {
			got = append(got, fmt.Sprintf("%d %s", e.UserID, e.Action))
		}
		want := fmt.Sprintf("%d comment.delete %d comment.hide %d post.comment", anna.ID, edu.ID, anna.ID)
		if join(got) != want {
			t.Fatalf("Alva's access log = %q, want %q", join(got), want)
		}
		audit, err := s.AuditLog(ctx, a.org.ID, 0, 10)
		must(t, err)
		if audit[0].Action != pluttra.ChangeCommentAdd || audit[0].TargetID != untagged.ID {
			t.Fatalf("the last audit entry = %+v", audit[0])
		}
	})
	t.Run("ErrInvalid", func(t *testing.T) {
		wantCode(t, s.AddComment(ctx, a.org.ID, &pluttra.Comment{PostID: p.ID, AuthorID: anna.ID, Body: " "}), pluttra.EINVALID)
	})
	t.Run("ErrForeign", func(t *testing.T) {
		c := &pluttra.Comment{PostID: p.ID, AuthorID: anna.ID, Body: "Hej"}
		must(t, s.AddComment(ctx, a.org.ID, c))
		wantCode(t, s.HideComment(ctx, b.org.ID, c.ID, edu.ID), pluttra.ENOTFOUND)
		wantCode(t, s.DeleteComment(ctx, b.org.ID, c.ID), pluttra.ENOTFOUND)
		wantCode(t, errOf(s.CommentFacts(ctx, b.org.ID, c.ID, today)), pluttra.ENOTFOUND)
		if got, err := s.Comments(ctx, b.org.ID, p.ID); err != nil || len(got) != 0 {
			t.Fatalf("foreign comments = %v, %v", got, err)
		}
		if err := s.AddComment(ctx, b.org.ID, &pluttra.Comment{PostID: p.ID, AuthorID: anna.ID, Body: "Hej"}); err == nil {
			t.Fatal("a comment on another organisation's post was saved")
		}
	})
}
