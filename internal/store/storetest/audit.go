package storetest

import (
	"testing"

	"github.com/pluttra/pluttra/internal/pluttra"
)

func testAudit(t *testing.T, open Opener) {
	s := open(t)
	a := newTenant(t, s, "a")
	b := newTenant(t, s, "b")
	admin := newUser(t, s, a.org.ID, pluttra.KindOrgAdmin, "admin@example.se")
	as := pluttra.WithActor(ctx, pluttra.Actor{UserID: admin.ID, RequestID: "req-1"})
	audit := func(t *testing.T) []pluttra.AuditEntry {
		t.Helper()
		es, err := s.AuditLog(ctx, a.org.ID, 0, 100)
		must(t, err)
		return es
	}

	t.Run("ChangesWithAnActorAreAudited", func(t *testing.T) {
		c := pluttra.Child{FirstName: "Alva", LastName: "Berg"}
		must(t, s.CreateChild(as, a.org.ID, &c))
		c.LastName, c.ProtectedIdentity = "Lind", true
		must(t, s.UpdateChild(as, a.org.ID, &c))
		p := pluttra.Placement{ChildID: c.ID, DepartmentID: a.dept.ID, Period: pluttra.Period{From: today}}
		must(t, s.AddPlacement(as, a.org.ID, &p))
		must(t, s.EndPlacement(as, a.org.ID, p.ID, today.AddDays(3)))
		got, err := s.Child(ctx, a.org.ID, c.ID)
		must(t, err)
		if got.LastName != "Lind" || !got.ProtectedIdentity {
			t.Fatalf("child = %+v", got)
		}
		es := audit(t)
		var actions []string
		for _, e := range es {
			actions = append(actions, e.Action)
			if e.UserID != admin.ID || e.RequestID != "req-1" || e.At.IsZero() {
				t.Fatalf("entry = %+v", e)
			}
		}
		want := "placement.end placement.add child.update child.create"
		if got := join(actions); got != want {
			t.Fatalf("audit = %q, want %q", got, want)
		}
		if es[0].TargetKind != "placement" || es[0].TargetID != p.ID {
			t.Fatalf("target = %s %d", es[0].TargetKind, es[0].TargetID)
		}
		// Changes to the child's data are in its access log too.
		acc, err := s.AccessLog(ctx, a.org.ID, pluttra.AccessQuery{ChildID: c.ID})
		must(t, err)
		if len(acc) != 4 || acc[0].Action != "placement.end" {
			t.Fatalf("access log = %+v", acc)
		}
	})
	t.Run("PostSaveInTaggedChildrensLogAsWhatWasDone", func(t *testing.T) {
		edu := newUser(t, s, a.org.ID, pluttra.KindStaff, "poster@example.se")
		writer := pluttra.WithActor(ctx, pluttra.Actor{UserID: edu.ID, RequestID: "req-post"})
		c := newChild(t, s, a.org.ID, "Cilla")
		p := &pluttra.Post{DepartmentID: a.dept.ID, AuthorID: edu.ID, Audience: pluttra.AudienceChildren, Status: pluttra.PostPublished,
			PublishedOn: today, Body: "Vi målade.", Children: []int64{c.ID}, Areas: []pluttra.CurriculumArea{"care_learning"}}
		must(t, s.SavePost(writer, a.org.ID, p, nil))
		p.Body = "Vi målade med händerna."
		must(t, s.SavePost(writer, a.org.ID, p, nil))
		acc, err := s.AccessLog(ctx, a.org.ID, pluttra.AccessQuery{ChildID: c.ID})
		must(t, err)
		var actions []string
		for _, e := range acc {
			actions = append(actions, e.Action)
		}
		if got, want := join(actions), "post.update post.create"; got != want {
			t.Fatalf("Cilla's access log = %q, want %q", got, want)
		}
	})
	t.Run("UnitAndDepartment", func(t *testing.T) {
		u := a.unit
		u.Name, u.Address = "Nya namnet", "Gatan 2"
		must(t, s.UpdateUnit(as, a.org.ID, &u))
		must(t, s.RenameDepartment(as, a.org.ID, a.dept.ID, "Hallonet"))
		gu, err := s.Unit(ctx, a.org.ID, u.ID)
		must(t, err)
		gd, err := s.Department(ctx, a.org.ID, a.dept.ID)
		must(t, err)
		if gu.Name != "Nya namnet" || gu.Address != "Gatan 2" || gd.Name != "Hallonet" {
			t.Fatalf("unit %+v department %+v", gu, gd)
		}
		if es := audit(t); es[0].Action != "department.update" || es[1].Action != "unit.update" {
			t.Fatalf("audit = %s, %s", es[0].Action, es[1].Action)
		}
	})
	t.Run("ErrFailedChangeLeavesNoEntry", func(t *testing.T) {
		before := len(audit(t))
		wantCode(t, s.UpdateChild(as, a.org.ID, &pluttra.Child{ID: 999999, FirstName: "X"}), pluttra.ENOTFOUND)
		wantCode(t, s.RenameDepartment(as, a.org.ID, a.dept.ID, " "), pluttra.EINVALID)
		wantCode(t, s.UpdateUnit(as, b.org.ID, &pluttra.Unit{ID: a.unit.ID, Name: "Kapad"}), pluttra.ENOTFOUND)
		if after := len(audit(t)); after != before {
			t.Fatalf("failed changes added %d entries", after-before)
		}
	})
	t.Run("NoActorNoEntry", func(t *testing.T) {
		before := len(audit(t))
		newChild(t, s, a.org.ID, "Bo")
		if len(audit(t)) != before {
			t.Fatal("a change without an actor was audited")
		}
	})
	t.Run("OtherOrganisationApart", func(t *testing.T) {
		es, err := s.AuditLog(ctx, b.org.ID, 0, 100)
		must(t, err)
		if len(es) != 0 {
			t.Fatalf("organisation b sees %d entries", len(es))
		}
	})
}

func join(xs []string) string {
	out := ""
	for i, x := range xs {
		if i > 0 {
			out += " "
		}
		out += x
	}
	return out
}
