package web

import (
	"context"
	"encoding/csv"
	"fmt"
	"net/http"
	"strings"
	"testing"

	"github.com/pluttra/pluttra/internal/testrig"
)

// TestExportedNamesNeverRunAsFormulas: a child whose name is a
// spreadsheet formula comes out of the access-log export with a leading
// apostrophe, so the admin's spreadsheet shows the name instead of
// running it.
func TestExportedNamesNeverRunAsFormulas(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	rg := newRig(t, testrig.SQLite, "http://localhost")
	org := rg.world.OrgA.ID
	alva := rg.world.Children["Alva"]
	c, err := rg.store.Child(ctx, org, alva)
	if err != nil {
		t.Fatal(err)
	}
	const formula = `=HYPERLINK("x")`
	c.FirstName, c.LastName = formula, ""
	if err := rg.store.UpdateChild(ctx, org, c); err != nil {
		t.Fatal(err)
	}
	if rec := rg.do("GET", fmt.Sprintf("/children/%d", alva), "", rg.sessionFor(t, "educator_blabar")); rec.Code != http.StatusOK {
		t.Fatalf("the educator reading the child: %d", rec.Code)
	}
	rec := rg.do("GET", "/admin/access-log.csv", "", rg.sessionFor(t, "admin"))
	if rec.Code != http.StatusOK {
		t.Fatalf("export: %d", rec.Code)
	}
	rows, err := csv.NewReader(rec.Body).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	var cells []string
	for _, r := range rows[1:] {
		if r[3] == fmt.Sprint(alva) {
			cells = append(cells, r[4])
		}
	}
	if len(cells) == 0 {
		t.Fatal("the export lacks the read of the child")
	}
	for _, cell := range cells {
		if strings.TrimSpace(cell) != "'"+formula {
			t.Fatalf("the child's cell = %q, want the name behind an apostrophe", cell)
		}
	}
}
