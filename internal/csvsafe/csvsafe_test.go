package csvsafe_test

import (
	"bytes"
	"encoding/csv"
	"testing"

	"github.com/pluttra/pluttra/internal/csvsafe"
)

// TestFormulaCellsWrittenAsText: a cell that starts like a formula gets a
// leading apostrophe; every other cell is written as it is.
func TestFormulaCellsWrittenAsText(t *testing.T) {
	for in, want := range map[string]string{
		`=HYPERLINK("x")`:      `'=HYPERLINK("x")`,
		"+46 70 123 45 67":     "'+46 70 123 45 67",
		"-2+3":                 "'-2+3",
		"@SUM(A1:A2)":          "'@SUM(A1:A2)",
		"\t=1+1":               "'\t=1+1",
		"\r=1+1":               "'\r=1+1",
		"Alva Lind":            "Alva Lind",
		"a=b":                  "a=b",
		" =1+1":                " =1+1",
		"":                     "",
		"2026-03-10T08:00:00Z": "2026-03-10T08:00:00Z",
		"'already quoted":      "'already quoted",
	} {
		if got := csvsafe.Cell(in); got != want {
			t.Errorf("Cell(%q) = %q, want %q", in, got, want)
		}
	}
	var buf bytes.Buffer
	w := csvsafe.NewWriter(&buf)
	w.Write([]string{"child", "user"})
	w.Write([]string{`=HYPERLINK("x")`, "Eva"})
	w.Flush()
	if err := w.Error(); err != nil {
		t.Fatal(err)
	}
	rows, err := csv.NewReader(&buf).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	if len(rows) != 2 || rows[1][0] != `'=HYPERLINK("x")` || rows[1][1] != "Eva" || rows[0][0] != "child" {
		t.Fatalf("rows = %q", rows)
	}
}
