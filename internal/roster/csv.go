package roster

import (
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"net/mail"
	"strings"

	"github.com/pluttra/pluttra/internal/i18n"
	"github.com/pluttra/pluttra/internal/pluttra"
)

// Columns are the CSV's columns, in the documented order (docs/import.md).
// One row per child and guardian: a child with two guardians is on two
// rows, whose child columns must agree; a child without guardians has the
// guardian columns empty.
var Columns = []string{
	"child_id", "child_first_name", "child_last_name", "child_birth_date", "protected_identity",
	"unit", "department", "placement_from",
	"guardian_id", "guardian_name", "guardian_email", "guardian_language",
}

var required = map[string]bool{"child_id": true, "child_first_name": true, "unit": true, "department": true, "placement_from": true}

// MaxRows bounds one file; the largest municipalities stay well below.
const MaxRows = 200000

// ParseCSV reads an import file. Bad rows come back as row errors, every
// one of them, so the file can be fixed in one go; err is for a file that
// cannot be read as CSV at all.
func ParseCSV(r io.Reader) (*Roster, []RowError, error) {
	cr := csv.NewReader(r)
	cr.FieldsPerRecord = -1
	cr.TrimLeadingSpace = true
	header, err := cr.Read()
	if err != nil {
		return nil, nil, fmt.Errorf("csv: %w", err)
	}
	col := map[string]int{}
	for i, h := range header {
		col[strings.TrimSpace(strings.TrimPrefix(strings.ToLower(h), "\ufeff"))] = i
	}
	if _, staff := col["staff_id"]; staff {
		return parseStaff(cr, col)
	}
	if errs := missingColumns(col, Columns); len(errs) > 0 {
		return nil, errs, nil
	}
	p := &parser{col: col, children: map[string]*Child{}, guardians: map[string]*Guardian{}, roster: &Roster{}}
	if errs, err := p.eachRow(cr, p.row); errs != nil || err != nil {
		return nil, errs, err
	}
	return p.roster, p.errs, nil
}

// missingColumns names each of want that the header lacks.
func missingColumns(col map[string]int, want []string) []RowError {
	var errs []RowError
	for _, c := range want {
		if _, ok := col[c]; !ok {
			errs = append(errs, RowError{Row: 1, Field: c, Key: "import.error.missing_column"})
		}
	}
	return errs
}

// eachRow reads the rows after the header and hands each to fn with its
// row number. A row that is not CSV is noted and skipped; a file over
// MaxRows stops with that one error (returned as errs).
func (p *parser) eachRow(cr *csv.Reader, fn func(row int, rec []string)) (errs []RowError, err error) {
	for row := 2; ; row++ {
		rec, err := cr.Read()
		if errors.Is(err, io.EOF) {
			return nil, nil
		}
		var perr *csv.ParseError
		if errors.As(err, &perr) {
			p.fail(row, "", "import.error.csv")
			continue
		}
		if err != nil {
			return nil, fmt.Errorf("csv: %w", err)
		}
		if row > MaxRows+1 {
			return []RowError{{Row: row, Key: "import.error.too_many_rows"}}, nil
		}
		fn(row, rec)
	}
}

type parser struct {
	col       map[string]int
	children  map[string]*Child
	guardians map[string]*Guardian
	roster    *Roster
	errs      []RowError
}

func (p *parser) fail(row int, field, key string) { p.errs = append(p.errs, RowError{row, field, key}) }

func (p *parser) get(rec []string, name string) string {
	i := p.col[name]
	if i >= len(rec) {
		return ""
	}
	return strings.TrimSpace(rec[i])
}

func (p *parser) row(row int, rec []string) {
	v := map[string]string{}
	for _, c := range Columns {
		v[c] = p.get(rec, c)
		if required[c] && v[c] == "" {
			p.fail(row, c, "error.required")
		}
	}
	c := &Child{ExtID: v["child_id"], FirstName: v["child_first_name"], LastName: v["child_last_name"],
		Unit: v["unit"], Department: v["department"], Row: row}
	c.BirthDate = p.date(row, "child_birth_date", v["child_birth_date"])
	c.From = p.date(row, "placement_from", v["placement_from"])
	switch strings.ToLower(v["protected_identity"]) {
	case "", "0", "nej", "no", "false":
	case "1", "ja", "yes", "true":
		c.Protected = true
	default:
		p.fail(row, "protected_identity", "import.error.yes_no")
	}
	if c.ExtID == "" {
		return
	}
	if prev, ok := p.children[c.ExtID]; ok {
		if prev.FirstName != c.FirstName || prev.LastName != c.LastName || prev.BirthDate != c.BirthDate ||
			prev.Protected != c.Protected || prev.Unit != c.Unit || prev.Department != c.Department || prev.From != c.From {
			p.fail(row, "child_id", "import.error.child_differs")
		}
		c = prev
	} else {
		p.children[c.ExtID] = c
		p.roster.Children = append(p.roster.Children, c)
	}
	p.guardian(row, c, v)
}

func (p *parser) guardian(row int, c *Child, v map[string]string) {
	g := &Guardian{ExtID: v["guardian_id"], Name: v["guardian_name"], Email: strings.ToLower(v["guardian_email"]),
		Language: v["guardian_language"], Row: row}
	if g.ExtID == "" && g.Name == "" && g.Email == "" {
		return
	}
	if g.ExtID == "" {
		p.fail(row, "guardian_id", "error.required")
		return
	}
	if g.Name == "" {
		p.fail(row, "guardian_name", "error.required")
	}
	if addr, err := mail.ParseAddress(g.Email); err != nil || addr.Address != g.Email {
		p.fail(row, "guardian_email", "error.email")
	}
	if g.Language != "" && !i18n.Supported(g.Language) {
		p.fail(row, "guardian_language", "error.language")
	}
	if prev, ok := p.guardians[g.ExtID]; ok {
		if prev.Name != g.Name || prev.Email != g.Email || prev.Language != g.Language {
			p.fail(row, "guardian_id", "import.error.guardian_differs")
		}
	} else {
		p.guardians[g.ExtID] = g
		p.roster.Guardians = append(p.roster.Guardians, g)
	}
	for _, id := range c.Guardians {
		if id == g.ExtID {
			p.fail(row, "guardian_id", "import.error.duplicate_row")
			return
		}
	}
	c.Guardians = append(c.Guardians, g.ExtID)
}

func (p *parser) date(row int, field, s string) pluttra.Date {
	if s == "" {
		return pluttra.Date{}
	}
	d, err := pluttra.ParseDate(s)
	if err != nil {
		p.fail(row, field, "error.date")
	}
	return d
}
