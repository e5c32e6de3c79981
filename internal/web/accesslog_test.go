package web

import (
	"context"
	"encoding/csv"
	"fmt"
	"net/http"
	"strings"
	"testing"

	"github.com/pluttra/pluttra/internal/pluttra"
	"github.com/pluttra/pluttra/internal/testrig"
)

func TestAccessLog(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	rg := newRig(t, testrig.SQLite, "http://localhost")
	org := rg.world.OrgA.ID
	alva := rg.world.Children["Alva"]
	edu := rg.world.Users["educator_blabar"]
	logOf := func(q pluttra.AccessQuery) []pluttra.AccessEntry {
		t.Helper()
		es, err := rg.store.AccessLog(ctx, org, q)
		if err != nil {
			t.Fatal(err)
		}
		return es
	}

	t.Run("ReadRecordedWithRequestID", func(t *testing.T) {
		rec := rg.do("GET", fmt.Sprintf("/children/%d", alva), "", rg.sessionFor(t, "educator_blabar"))
		if rec.Code != http.StatusOK {
			t.Fatalf("status %d", rec.Code)
		}
		es := logOf(pluttra.AccessQuery{ChildID: alva, UserID: edu.ID})
		if len(es) != 1 || es[0].Action != "child.view" || es[0].RequestID != rec.Header().Get("X-Request-Id") {
			t.Fatalf("log = %+v", es)
		}
	})
	t.Run("ReloadWithinAMinuteRecordedOnce", func(t *testing.T) {
		guardian := rg.world.Users["guardian_alva_mother"]
		c := rg.sessionFor(t, "guardian_alva_mother")
		reads := func() int { return len(logOf(pluttra.AccessQuery{ChildID: alva, UserID: guardian.ID})) }
		path := fmt.Sprintf("/children/%d", alva)
		for range 3 {
			if rec := rg.do("GET", path, "", c); rec.Code != http.StatusOK {
				t.Fatalf("status %d", rec.Code)
			}
		}
		if n := reads(); n != 1 {
			t.Fatalf("three reads within a minute made %d entries, want 1", n)
		}
		rg.clock.Add(accessCoalesce)
		rg.do("GET", path, "", c)
		if n := reads(); n != 2 {
			t.Fatalf("a read a minute later made %d entries in all, want 2", n)
		}
	})
	t.Run("RefusedReadNotRecorded", func(t *testing.T) {
		before := len(logOf(pluttra.AccessQuery{}))
		rg.do("GET", fmt.Sprintf("/children/%d", rg.world.Children["Dino"]), "", rg.sessionFor(t, "educator_blabar"))
		rg.do("GET", fmt.Sprintf("/children/%d", alva), "", rg.sessionFor(t, "guardian_dino"))
		if after := len(logOf(pluttra.AccessQuery{})); after != before {
			t.Fatalf("refused reads added %d entries", after-before)
		}
	})
	t.Run("ListRecordsEveryChildShown", func(t *testing.T) {
		rg.do("GET", fmt.Sprintf("/departments/%d/children", rg.world.Depts["Blabar"]), "", rg.sessionFor(t, "principal_ekbacken"))
		es := logOf(pluttra.AccessQuery{UserID: rg.world.Users["principal_ekbacken"].ID})
		seen := map[int64]bool{}
		for _, e := range es {
			if e.Action == "department.children" {
				seen[e.ChildID] = true
			}
		}
		if len(seen) != 2 || !seen[alva] || !seen[rg.world.Children["Bilal"]] {
			t.Fatalf("list recorded %v", seen)
		}
	})
	t.Run("PrincipalReadsChildLog", func(t *testing.T) {
		body := rg.do("GET", fmt.Sprintf("/children/%d/access", alva), "", rg.sessionFor(t, "principal_ekbacken")).Body.String()
		if !strings.Contains(body, edu.Name) || !strings.Contains(body, "Barnets sida") {
			t.Fatal("the child's log does not show the educator's read")
		}
		if rg.do("GET", fmt.Sprintf("/children/%d/access", alva), "", rg.sessionFor(t, "educator_blabar")).Code != http.StatusForbidden {
			t.Fatal("an educator reads the access log")
		}
	})
	t.Run("AdminExportsCSV", func(t *testing.T) {
		rec := rg.do("GET", "/admin/access-log.csv", "", rg.sessionFor(t, "admin"))
		if rec.Code != http.StatusOK || !strings.HasPrefix(rec.Header().Get("Content-Type"), "text/csv") {
			t.Fatalf("export: %d %s", rec.Code, rec.Header().Get("Content-Type"))
		}
		rows, err := csv.NewReader(rec.Body).ReadAll()
		if err != nil {
			t.Fatal(err)
		}
		want := len(logOf(pluttra.AccessQuery{Limit: 10000})) + 1
		if len(rows) != want || rows[0][0] != "time" {
			t.Fatalf("export has %d rows, want %d", len(rows), want)
		}
		found := false
		for _, r := range rows[1:] {
			found = found || (r[2] == edu.Name && r[4] == "Alva Testsson" && r[5] == "child.view")
		}
		if !found {
			t.Fatal("export lacks the educator's read of Alva")
		}
	})
}
