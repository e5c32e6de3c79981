package storetest

import (
	"testing"

	"github.com/pluttra/pluttra/internal/pluttra"
)

func testChild(t *testing.T, open Opener) {
	s := open(t)
	a := newTenant(t, s, "a")
	b := newTenant(t, s, "b")
	alva := newChild(t, s, a.org.ID, "Alva")
	bo := newChild(t, s, a.org.ID, "Bo")
	foreign := newChild(t, s, b.org.ID, "Cleo")

	t.Run("OK", func(t *testing.T) {
		c, err := s.Child(ctx, a.org.ID, alva.ID)
		must(t, err)
		if c.FirstName != "Alva" || c.LastName != "Andersson" || c.BirthDate != pluttra.Day(2022, 5, 1) || c.ProtectedIdentity {
			t.Fatalf("child = %+v", c)
		}
	})
	t.Run("ProtectedIdentity", func(t *testing.T) {
		must(t, s.SetProtectedIdentity(ctx, a.org.ID, bo.ID, true))
		c, err := s.Child(ctx, a.org.ID, bo.ID)
		must(t, err)
		if !c.ProtectedIdentity {
			t.Fatal("protected identity not kept")
		}
	})
	t.Run("ChildrenFiltered", func(t *testing.T) {
		all, err := s.Children(ctx, a.org.ID, pluttra.Filter{})
		must(t, err)
		sameIDs(t, ids(all, func(c pluttra.Child) int64 { return c.ID }), []int64{alva.ID, bo.ID})
		some, err := s.Children(ctx, a.org.ID, pluttra.Filter{SQL: "c.id IN (?, ?)", Args: []any{bo.ID, foreign.ID}})
		must(t, err)
		sameIDs(t, ids(some, func(c pluttra.Child) int64 { return c.ID }), []int64{bo.ID})
	})
	t.Run("ErrFirstNameRequired", func(t *testing.T) {
		wantCode(t, s.CreateChild(ctx, a.org.ID, &pluttra.Child{LastName: "X"}), pluttra.EINVALID)
	})
	t.Run("ErrForeignOrganisation", func(t *testing.T) {
		_, err := s.Child(ctx, a.org.ID, foreign.ID)
		wantCode(t, err, pluttra.ENOTFOUND)
		wantCode(t, s.SetProtectedIdentity(ctx, a.org.ID, foreign.ID, true), pluttra.ENOTFOUND)
		c, err := s.Child(ctx, b.org.ID, foreign.ID)
		must(t, err)
		if c.ProtectedIdentity {
			t.Fatal("a foreign organisation's child was changed")
		}
	})
}
