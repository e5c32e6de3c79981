package storetest

import (
	"testing"
	"time"

	"github.com/pluttra/pluttra/internal/pluttra"
)

func testAccessLog(t *testing.T, open Opener) {
	s := open(t)
	a := newTenant(t, s, "a")
	b := newTenant(t, s, "b")
	t0 := time.Date(2026, 3, 10, 8, 0, 0, 0, time.UTC)
	var entries []pluttra.AccessEntry
	for i := range 5 {
		entries = append(entries, pluttra.AccessEntry{At: t0.Add(time.Duration(i) * time.Minute), UserID: int64(10 + i%2),
			ChildID: int64(100 + i%3), Action: "child.view", RequestID: "req"})
	}
	must(t, s.AppendAccess(ctx, a.org.ID, entries))
	must(t, s.AppendAccess(ctx, b.org.ID, []pluttra.AccessEntry{{UserID: 1, ChildID: 100, Action: "child.view", RequestID: "other"}}))

	t.Run("NewestFirst", func(t *testing.T) {
		got, err := s.AccessLog(ctx, a.org.ID, pluttra.AccessQuery{})
		must(t, err)
		if len(got) != 5 || !got[0].At.Equal(t0.Add(4*time.Minute)) || got[0].RequestID != "req" || got[0].Action != "child.view" {
			t.Fatalf("log = %+v", got)
		}
	})
	t.Run("ByChildAndUser", func(t *testing.T) {
		got, err := s.AccessLog(ctx, a.org.ID, pluttra.AccessQuery{ChildID: 100})
		must(t, err)
		if len(got) != 2 { // entries 0 and 3
			t.Fatalf("child 100: %d entries", len(got))
		}
		got, err = s.AccessLog(ctx, a.org.ID, pluttra.AccessQuery{UserID: 11, Since: t0.Add(2 * time.Minute)})
		must(t, err)
		if len(got) != 1 { // entry 3
			t.Fatalf("user 11 since: %d entries", len(got))
		}
	})
	t.Run("Paging", func(t *testing.T) {
		first, err := s.AccessLog(ctx, a.org.ID, pluttra.AccessQuery{Limit: 3})
		must(t, err)
		rest, err := s.AccessLog(ctx, a.org.ID, pluttra.AccessQuery{Limit: 3, BeforeID: first[2].ID})
		must(t, err)
		if len(first) != 3 || len(rest) != 2 || rest[0].ID >= first[2].ID {
			t.Fatalf("pages %d + %d", len(first), len(rest))
		}
	})
	t.Run("ErrIncompleteEntryAddsNothing", func(t *testing.T) {
		bad := []pluttra.AccessEntry{{UserID: 1, ChildID: 1, Action: "child.view"}, {UserID: 1, Action: "child.view"}}
		wantCode(t, s.AppendAccess(ctx, a.org.ID, bad), pluttra.EINVALID)
		got, err := s.AccessLog(ctx, a.org.ID, pluttra.AccessQuery{})
		must(t, err)
		if len(got) != 5 {
			t.Fatalf("a failed append left %d entries", len(got)-5)
		}
	})
	t.Run("OtherOrganisationApart", func(t *testing.T) {
		got, err := s.AccessLog(ctx, b.org.ID, pluttra.AccessQuery{})
		must(t, err)
		if len(got) != 1 || got[0].RequestID != "other" {
			t.Fatalf("org b log = %+v", got)
		}
	})
}
