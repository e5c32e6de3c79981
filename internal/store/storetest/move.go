package storetest

import (
	"testing"

	"github.com/pluttra/pluttra/internal/pluttra"
)

func testMoveAndLink(t *testing.T, open Opener) {
	s := open(t)
	a := newTenant(t, s, "a")
	b := newTenant(t, s, "b")
	other := pluttra.Department{UnitID: a.unit.ID, Name: "Lingon"}
	must(t, s.CreateDepartment(ctx, a.org.ID, &other))
	// placed is a child of the case's own, placed in Blåbär for a hundred
	// days.
	placed := func(t *testing.T) pluttra.Child {
		t.Helper()
		alva := newChild(t, s, a.org.ID, "Alva")
		must(t, s.AddPlacement(ctx, a.org.ID, &pluttra.Placement{ChildID: alva.ID, DepartmentID: a.dept.ID, Period: pluttra.Period{From: today.AddDays(-100)}}))
		return alva
	}
	// moved is a placed child that moved to Lingon today: two placements,
	// the later one open.
	moved := func(t *testing.T) pluttra.Child {
		t.Helper()
		alva := placed(t)
		_, err := s.MoveChild(ctx, a.org.ID, alva.ID, other.ID, today)
		must(t, err)
		return alva
	}

	t.Run("Move", func(t *testing.T) {
		alva := placed(t)
		p, err := s.MoveChild(ctx, a.org.ID, alva.ID, other.ID, today)
		must(t, err)
		ps, err := s.Placements(ctx, a.org.ID, alva.ID)
		must(t, err)
		if len(ps) != 2 || ps[0].To != today.AddDays(-1) || ps[1].ID != p.ID || ps[1].DepartmentID != other.ID || !ps[1].To.IsZero() {
			t.Fatalf("placements after move = %+v", ps)
		}
	})
	t.Run("ErrMoveBeforeLaterPlacement", func(t *testing.T) {
		alva := moved(t)
		wantCode(t, func() error { _, err := s.MoveChild(ctx, a.org.ID, alva.ID, a.dept.ID, today.AddDays(-5)); return err }(), pluttra.EINVALID)
		ps, _ := s.Placements(ctx, a.org.ID, alva.ID)
		if len(ps) != 2 {
			t.Fatalf("a refused move changed placements: %+v", ps)
		}
	})
	t.Run("ErrMoveAcrossOrganisations", func(t *testing.T) {
		alva := moved(t)
		_, err := s.MoveChild(ctx, a.org.ID, alva.ID, b.dept.ID, today.AddDays(10))
		wantCode(t, err, pluttra.ENOTFOUND)
		_, err = s.MoveChild(ctx, b.org.ID, alva.ID, b.dept.ID, today.AddDays(10))
		wantCode(t, err, pluttra.ENOTFOUND)
		ps, _ := s.Placements(ctx, a.org.ID, alva.ID)
		if len(ps) != 2 || !ps[1].To.IsZero() {
			t.Fatalf("a refused move ended a placement: %+v", ps)
		}
	})
	t.Run("Enrol", func(t *testing.T) {
		c := pluttra.Child{FirstName: "Cleo", LastName: "Ek", ProtectedIdentity: true}
		must(t, s.EnrolChild(ctx, a.org.ID, &c, other.ID, today))
		in, err := s.ChildrenInDepartment(ctx, a.org.ID, other.ID, today)
		must(t, err)
		found := false
		for _, x := range in {
			found = found || (x.ID == c.ID && x.ProtectedIdentity)
		}
		if !found {
			t.Fatal("enrolled child not in its department")
		}
		bad := pluttra.Child{FirstName: "Dora"}
		wantCode(t, s.EnrolChild(ctx, a.org.ID, &bad, b.dept.ID, today), pluttra.ENOTFOUND)
		all, _ := s.Children(ctx, a.org.ID, pluttra.Filter{})
		for _, x := range all {
			if x.FirstName == "Dora" {
				t.Fatal("a refused enrolment left a child behind")
			}
		}
	})
	t.Run("LinkNewAndExistingGuardian", func(t *testing.T) {
		alva := newChild(t, s, a.org.ID, "Alva")
		g, err := s.LinkGuardian(ctx, a.org.ID, alva.ID, &pluttra.User{Name: "Anna Berg", Email: "Anna@Example.se"}, today)
		must(t, err)
		us, _ := s.UsersByEmail(ctx, "anna@example.se")
		if len(us) != 1 || us[0].ID != g.GuardianID || us[0].Kind != pluttra.KindGuardian || us[0].PasswordHash != "" {
			t.Fatalf("created guardian = %+v", us)
		}
		bo := newChild(t, s, a.org.ID, "Bo")
		g2, err := s.LinkGuardian(ctx, a.org.ID, bo.ID, &pluttra.User{Email: "anna@example.se"}, today)
		must(t, err)
		if g2.GuardianID != g.GuardianID {
			t.Fatal("an existing guardian got a second account")
		}
	})
	t.Run("ErrLinkRefusedChangesNothing", func(t *testing.T) {
		// Alva's guardian Anna, found or made by her address.
		alva := newChild(t, s, a.org.ID, "Alva")
		_, err := s.LinkGuardian(ctx, a.org.ID, alva.ID, &pluttra.User{Name: "Anna Berg", Email: "anna@example.se"}, today)
		must(t, err)
		newUser(t, s, a.org.ID, pluttra.KindStaff, "staff@example.se")
		cases := []struct {
			u    pluttra.User
			code string
		}{
			{pluttra.User{Name: "X", Email: "not an address"}, pluttra.EINVALID},
			{pluttra.User{Email: "nameless@example.se"}, pluttra.EINVALID},
			{pluttra.User{Name: "S", Email: "staff@example.se"}, pluttra.EINVALID},
			{pluttra.User{Name: "Anna", Email: "anna@example.se"}, pluttra.EINVALID}, // already her guardian
		}
		for _, c := range cases {
			_, err := s.LinkGuardian(ctx, a.org.ID, alva.ID, &c.u, today)
			wantCode(t, err, c.code)
		}
		_, err = s.LinkGuardian(ctx, b.org.ID, alva.ID, &pluttra.User{Name: "Eve", Email: "eve@example.se"}, today)
		wantCode(t, err, pluttra.ENOTFOUND)
		if us, _ := s.UsersByEmail(ctx, "nameless@example.se"); len(us) != 0 {
			t.Fatal("a refused link left an account")
		}
		if us, _ := s.UsersByEmail(ctx, "eve@example.se"); len(us) != 0 {
			t.Fatal("a link into another organisation's child left an account")
		}
	})
}
