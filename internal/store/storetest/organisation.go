package storetest

import (
	"testing"

	"github.com/pluttra/pluttra/internal/pluttra"
)

func testOrganisation(t *testing.T, open Opener) {
	s := open(t)
	a := newTenant(t, s, "a")
	b := newTenant(t, s, "b")

	t.Run("OK", func(t *testing.T) {
		o, err := s.Organisation(ctx, a.org.ID)
		must(t, err)
		if o.Name != "Org a" || o.Slug != "a" || !o.RequireStaffMFA || o.CreatedAt.IsZero() {
			t.Fatalf("organisation = %+v", o)
		}
		o, err = s.OrganisationBySlug(ctx, "b")
		must(t, err)
		if o.ID != b.org.ID {
			t.Fatalf("by slug = %d, want %d", o.ID, b.org.ID)
		}
		u, err := s.Unit(ctx, a.org.ID, a.unit.ID)
		must(t, err)
		if u.Name != "Unit a" || u.Address != "Vägen 1" || u.OrgID != a.org.ID {
			t.Fatalf("unit = %+v", u)
		}
		d, err := s.Department(ctx, a.org.ID, a.dept.ID)
		must(t, err)
		if d.Name != "Blåbär" || d.UnitID != a.unit.ID {
			t.Fatalf("department = %+v", d)
		}
	})
	t.Run("Lists", func(t *testing.T) {
		second := pluttra.Department{UnitID: a.unit.ID, Name: "Apelsin"}
		must(t, s.CreateDepartment(ctx, a.org.ID, &second))
		ds, err := s.Departments(ctx, a.org.ID)
		must(t, err)
		sameIDs(t, ids(ds, func(d pluttra.Department) int64 { return d.ID }), []int64{second.ID, a.dept.ID})
		us, err := s.Units(ctx, a.org.ID)
		must(t, err)
		sameIDs(t, ids(us, func(u pluttra.Unit) int64 { return u.ID }), []int64{a.unit.ID})
	})
	t.Run("ErrSlugTaken", func(t *testing.T) {
		wantCode(t, s.CreateOrganisation(ctx, &pluttra.Organisation{Slug: "a", Name: "Again"}), pluttra.ECONFLICT)
	})
	t.Run("ErrNameRequired", func(t *testing.T) {
		wantCode(t, s.CreateOrganisation(ctx, &pluttra.Organisation{Slug: "x"}), pluttra.EINVALID)
		wantCode(t, s.CreateUnit(ctx, a.org.ID, &pluttra.Unit{}), pluttra.EINVALID)
		wantCode(t, s.CreateDepartment(ctx, a.org.ID, &pluttra.Department{UnitID: a.unit.ID}), pluttra.EINVALID)
	})
	t.Run("ErrForeignOrganisation", func(t *testing.T) {
		_, err := s.Unit(ctx, a.org.ID, b.unit.ID)
		wantCode(t, err, pluttra.ENOTFOUND)
		_, err = s.Department(ctx, a.org.ID, b.dept.ID)
		wantCode(t, err, pluttra.ENOTFOUND)
		// A department cannot be hung under another organisation's unit.
		wantCode(t, s.CreateDepartment(ctx, a.org.ID, &pluttra.Department{UnitID: b.unit.ID, Name: "X"}), pluttra.ENOTFOUND)
		_, err = s.Organisation(ctx, 999999)
		wantCode(t, err, pluttra.ENOTFOUND)
		_, err = s.OrganisationBySlug(ctx, "nope")
		wantCode(t, err, pluttra.ENOTFOUND)
	})
}
