package storetest

import (
	"testing"

	"github.com/pluttra/pluttra/internal/pluttra"
)

func testPlacement(t *testing.T, open Opener) {
	s := open(t)
	a := newTenant(t, s, "a")
	b := newTenant(t, s, "b")
	other := pluttra.Department{UnitID: a.unit.ID, Name: "Lingon"}
	must(t, s.CreateDepartment(ctx, a.org.ID, &other))
	alva := newChild(t, s, a.org.ID, "Alva")
	bo := newChild(t, s, a.org.ID, "Bo")

	first := pluttra.Placement{ChildID: alva.ID, DepartmentID: a.dept.ID, Period: pluttra.Period{From: today.AddDays(-300)}}
	must(t, s.AddPlacement(ctx, a.org.ID, &first))
	must(t, s.AddPlacement(ctx, a.org.ID, &pluttra.Placement{ChildID: bo.ID, DepartmentID: a.dept.ID, Period: pluttra.Period{From: today.AddDays(5)}}))

	t.Run("InDepartment", func(t *testing.T) {
		cs, err := s.ChildrenInDepartment(ctx, a.org.ID, a.dept.ID, today)
		must(t, err)
		sameIDs(t, ids(cs, func(c pluttra.Child) int64 { return c.ID }), []int64{alva.ID})
		cs, err = s.ChildrenInDepartment(ctx, a.org.ID, a.dept.ID, today.AddDays(5))
		must(t, err)
		sameIDs(t, ids(cs, func(c pluttra.Child) int64 { return c.ID }), []int64{alva.ID, bo.ID})
	})
	t.Run("Move", func(t *testing.T) {
		must(t, s.EndPlacement(ctx, a.org.ID, first.ID, today.AddDays(-1)))
		must(t, s.AddPlacement(ctx, a.org.ID, &pluttra.Placement{ChildID: alva.ID, DepartmentID: other.ID, Period: pluttra.Period{From: today}}))
		ps, err := s.Placements(ctx, a.org.ID, alva.ID)
		must(t, err)
		sameIDs(t, ids(ps, func(p pluttra.Placement) int64 { return p.DepartmentID }), []int64{a.dept.ID, other.ID})
		cs, err := s.ChildrenInDepartment(ctx, a.org.ID, other.ID, today)
		must(t, err)
		sameIDs(t, ids(cs, func(c pluttra.Child) int64 { return c.ID }), []int64{alva.ID})
		cs, err = s.ChildrenInDepartment(ctx, a.org.ID, a.dept.ID, today)
		must(t, err)
		if len(cs) != 0 {
			t.Fatalf("moved child still in old department")
		}
	})
	t.Run("ErrRequired", func(t *testing.T) {
		wantCode(t, s.AddPlacement(ctx, a.org.ID, &pluttra.Placement{ChildID: alva.ID, DepartmentID: a.dept.ID}), pluttra.EINVALID)
		wantCode(t, s.EndPlacement(ctx, a.org.ID, first.ID, pluttra.Date{}), pluttra.EINVALID)
	})
	t.Run("ErrForeignOrganisation", func(t *testing.T) {
		p := pluttra.Placement{ChildID: alva.ID, DepartmentID: b.dept.ID, Period: pluttra.Period{From: today}}
		wantCode(t, s.AddPlacement(ctx, a.org.ID, &p), pluttra.ENOTFOUND)
		wantCode(t, s.EndPlacement(ctx, b.org.ID, first.ID, today), pluttra.ENOTFOUND)
		ps, err := s.Placements(ctx, b.org.ID, alva.ID)
		must(t, err)
		if len(ps) != 0 {
			t.Fatal("another organisation sees placements")
		}
	})
}
