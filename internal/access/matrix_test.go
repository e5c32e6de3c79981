package access_test

import (
	"bytes"
	"context"
	"encoding/csv"
	"flag"
	"maps"
	"os"
	"slices"
	"sort"
	"testing"

	"github.com/pluttra/pluttra/internal/access"
	"github.com/pluttra/pluttra/internal/pluttra"
	"github.com/pluttra/pluttra/internal/store"
	"github.com/pluttra/pluttra/internal/testrig"
)

var update = flag.Bool("update", false, "rewrite testdata/matrix.csv from the current rules")

const matrixFile = "testdata/matrix.csv"

// TestGoldenMatrix renders every principal x fixture x action of the
// fixture world and fails on any difference from testdata/matrix.csv, on
// both databases. Run with -update after a deliberate rule change and
// review the diff: it is the rule change, cell by cell.
func TestGoldenMatrix(t *testing.T) {
	for _, b := range testrig.Backends() {
		t.Run(b.Name, func(t *testing.T) {
			t.Parallel()
			s := b.Open(t, store.Options{})
			w := testrig.NewWorld(t, s, "")
			got := render(t, access.New(s, nil), w)
			if *update && b.Name == "sqlite" {
				if err := os.WriteFile(matrixFile, got, 0o644); err != nil {
					t.Fatal(err)
				}
			}
			want, err := os.ReadFile(matrixFile)
			if err != nil {
				t.Fatalf("%v (run go test ./internal/access -run TestGoldenMatrix -update)", err)
			}
			if !bytes.Equal(got, want) {
				diffCells(t, want, got)
			}
		})
	}
}

func render(t *testing.T, pol *access.Policy, w *testrig.World) []byte {
	ctx := context.Background()
	var rows [][]string
	// A principal's facts are the same for every cell of their row.
	principals := map[string]access.Principal{}
	for _, cell := range testrig.Cells(w) {
		pr, ok := principals[cell.Principal]
		if !ok {
			var err error
			if pr, err = pol.Principal(ctx, w.Users[cell.Principal]); err != nil {
				t.Fatal(err)
			}
			principals[cell.Principal] = pr
		}
		d, err := pol.Check(ctx, pr, cell.Action, cell.ID)
		if err != nil {
			t.Fatalf("%s %s %s: %v", cell.Principal, cell.Resource, cell.Action, err)
		}
		rows = append(rows, []string{cell.Principal, cell.Resource, string(cell.Action), string(d)})
	}
	var buf bytes.Buffer
	cw := csv.NewWriter(&buf)
	cw.Write([]string{"principal", "resource", "action", "decision"})
	cw.WriteAll(rows)
	return buf.Bytes()
}

func diffCells(t *testing.T, want, got []byte) {
	t.Helper()
	read := func(b []byte) map[string]string {
		recs, _ := csv.NewReader(bytes.NewReader(b)).ReadAll()
		m := map[string]string{}
		for _, r := range recs {
			if len(r) == 4 {
				m[r[0]+" "+r[1]+" "+r[2]] = r[3]
			}
		}
		return m
	}
	w, g := read(want), read(got)
	var keys []string
	for k := range w {
		keys = append(keys, k)
	}
	for k := range g {
		if _, ok := w[k]; !ok {
			keys = append(keys, k)
		}
	}
	sort.Strings(keys)
	for _, k := range keys {
		if w[k] != g[k] {
			t.Errorf("%s: golden %q, rules now %q", k, w[k], g[k])
		}
	}
	t.Error("access matrix differs from " + matrixFile + " (if intended, rerun with -update and review the diff)")
}

// TestChildrenFilterAgreesWithDecide checks that each principal's child
// list holds exactly the children they may view one by one.
func TestChildrenFilterAgreesWithDecide(t *testing.T) {
	listAgreesWithDecide(t, access.ViewChild, func(w *testrig.World) map[string]int64 { return w.Children },
		func(s *store.Store, pr access.Principal, day pluttra.Date) ([]int64, error) {
			listed, err := s.Children(context.Background(), pr.OrgID(), access.ChildrenFilter(pr, day))
			var ids []int64
			for _, c := range listed {
				ids = append(ids, c.ID)
			}
			return ids, err
		})
}

// TestPostsFilterAgreesWithDecide checks that each principal's feed holds
// exactly the published posts they may view one by one, consent included.
func TestPostsFilterAgreesWithDecide(t *testing.T) {
	published := func(w *testrig.World) map[string]int64 {
		out := maps.Clone(w.Posts)
		delete(out, "blabar_draft") // drafts are listed apart, for their author
		return out
	}
	listAgreesWithDecide(t, access.ViewPost, published,
		func(s *store.Store, pr access.Principal, day pluttra.Date) ([]int64, error) {
			listed, err := s.Posts(context.Background(), pr.OrgID(), access.PostsFilter(pr, day), pluttra.PostPage{Limit: 100})
			var ids []int64
			for _, p := range listed {
				ids = append(ids, p.ID)
			}
			return ids, err
		})
}

// TestPostsFilterPagesAgree reads each principal's feed one post a page,
// following the cursor: the store then gathers candidates a few at a time
// and must page past the ones the filter refuses, ending with exactly the
// posts allowed one by one.
func TestPostsFilterPagesAgree(t *testing.T) {
	published := func(w *testrig.World) map[string]int64 {
		out := maps.Clone(w.Posts)
		delete(out, "blabar_draft")
		return out
	}
	listAgreesWithDecide(t, access.ViewPost, published,
		func(s *store.Store, pr access.Principal, day pluttra.Date) ([]int64, error) {
			var ids []int64
			page := pluttra.PostPage{Limit: 1}
			for range 100 {
				listed, err := s.Posts(context.Background(), pr.OrgID(), access.PostsFilter(pr, day), page)
				if err != nil || len(listed) == 0 {
					return ids, err
				}
				last := listed[len(listed)-1]
				ids = append(ids, last.ID)
				page.Before = pluttra.PostCursor{At: last.PublishedAt, ID: last.ID}
			}
			return ids, nil
		})
}

// listAgreesWithDecide checks, on both databases and for every principal
// of the fixture world, that list returns exactly the resources of
// candidates that action allows one by one.
func listAgreesWithDecide(t *testing.T, action access.Action, candidates func(*testrig.World) map[string]int64,
	list func(*store.Store, access.Principal, pluttra.Date) ([]int64, error)) {
	for _, b := range testrig.Backends() {
		t.Run(b.Name, func(t *testing.T) {
			t.Parallel()
			ctx := context.Background()
			s := b.Open(t, store.Options{})
			w := testrig.NewWorld(t, s, "")
			pol := access.New(s, nil)
			for _, name := range w.Principal {
				pr, err := pol.Principal(ctx, w.Users[name])
				if err != nil {
					t.Fatal(err)
				}
				if !pr.LoggedIn() {
					continue
				}
				got, err := list(s, pr, pol.Today())
				if err != nil {
					t.Fatal(err)
				}
				var want []int64
				for _, id := range candidates(w) {
					if d, _ := pol.Check(ctx, pr, action, id); d == access.Allow {
						want = append(want, id)
					}
				}
				slices.Sort(got)
				slices.Sort(want)
				if !slices.Equal(got, want) {
					t.Errorf("%s: the list shows %v, one by one %s allows %v", name, got, action, want)
				}
			}
		})
	}
}

// TestDecideUnknownAction keeps a misspelt action from ever allowing.
func TestDecideUnknownAction(t *testing.T) {
	u := &pluttra.User{ID: 1, OrgID: 1, Kind: pluttra.KindOrgAdmin, Active: true}
	if d := access.Decide(access.Principal{User: u}, "child.eat", access.Target{OrgID: 1}); d != access.Hidden {
		t.Fatalf("unknown action decided %q", d)
	}
}
