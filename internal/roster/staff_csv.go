package roster

import (
	"encoding/csv"
	"net/mail"
	"strings"

	"github.com/pluttra/pluttra/internal/pluttra"
)

// StaffColumns are the staff file's columns (docs/import.md): one row per
// role, so an educator of two departments is on two rows.
var StaffColumns = []string{"staff_id", "name", "email", "role", "unit", "department", "from"}

// roles accepts the Swedish and English words for the two roles.
var roles = map[string]pluttra.StaffRole{
	"educator": pluttra.RoleEducator, "pedagog": pluttra.RoleEducator, "förskollärare": pluttra.RoleEducator, "barnskötare": pluttra.RoleEducator,
	"principal": pluttra.RolePrincipal, "rektor": pluttra.RolePrincipal,
}

func parseStaff(cr *csv.Reader, col map[string]int) (*Roster, []RowError, error) {
	if errs := missingColumns(col, StaffColumns); len(errs) > 0 {
		return nil, errs, nil
	}
	p := &parser{col: col}
	r := &Roster{Kind: KindStaff}
	byID := map[string]*StaffMember{}
	errs, err := p.eachRow(cr, func(row int, rec []string) { p.staffRow(row, rec, r, byID) })
	if errs != nil || err != nil {
		return nil, errs, err
	}
	return r, p.errs, nil
}

func (p *parser) staffRow(row int, rec []string, r *Roster, byID map[string]*StaffMember) {
	v := map[string]string{}
	for _, c := range StaffColumns {
		v[c] = p.get(rec, c)
	}
	for _, c := range []string{"staff_id", "name", "email", "role", "unit", "from"} {
		if v[c] == "" {
			p.fail(row, c, "error.required")
		}
	}
	m := &StaffMember{ExtID: v["staff_id"], Name: v["name"], Email: strings.ToLower(v["email"]), Row: row}
	if addr, err := mail.ParseAddress(m.Email); v["email"] != "" && (err != nil || addr.Address != m.Email) {
		p.fail(row, "email", "error.email")
	}
	role, ok := roles[strings.ToLower(v["role"])]
	if v["role"] != "" && !ok {
		p.fail(row, "role", "import.error.role")
	}
	if role == pluttra.RoleEducator && v["department"] == "" {
		p.fail(row, "department", "error.required")
	}
	dept := v["department"]
	if role == pluttra.RolePrincipal {
		dept = ""
	}
	rl := Role{Role: role, Unit: v["unit"], Department: dept, From: p.date(row, "from", v["from"])}
	if m.ExtID == "" {
		return
	}
	if prev, ok := byID[m.ExtID]; ok {
		if prev.Name != m.Name || prev.Email != m.Email {
			p.fail(row, "staff_id", "import.error.staff_differs")
		}
		m = prev
	} else {
		byID[m.ExtID] = m
		r.Staff = append(r.Staff, m)
	}
	m.Roles = append(m.Roles, rl)
}
