package ss12000

import (
	"net/mail"
	"strings"

	"github.com/pluttra/pluttra/internal/pluttra"
	"github.com/pluttra/pluttra/internal/roster"
)

// principalRoles are the duty roles that lead a preschool unit;
// Förskolechef is the older name the specification still lists.
var principalRoles = map[string]bool{"Rektor": true, "Förskolechef": true}

// guardianRelation is the relation that makes a guardian (vårdnadshavare);
// other responsibles (god man and the like) get no account.
const guardianRelation = "Vårdnadshavare"

// mapper turns a snapshot into the two rosters, noting every record it
// cannot use.
type mapper struct {
	snap  *Snapshot
	today pluttra.Date
	bad   []RecordError
	orgs  map[string]Organisation
	units map[string]string          // school unit id -> unit name
	depts map[string]pluttra.DeptKey // group id -> department
}

func (m *mapper) fail(endpoint, id, field, key string) {
	m.bad = append(m.bad, RecordError{Endpoint: endpoint, ID: recordID(id), Field: field, Key: key})
}

// Map turns a snapshot into a roster of children with their guardians and
// placements, and a roster of staff with their roles, as they stand on
// today. Units are the school units that have preschool departments;
// departments are groups of type Avdelning for preschool. With any bad
// record the rosters are nil.
func Map(snap *Snapshot, today pluttra.Date) (children, staff *roster.Roster, bad []RecordError) {
	m := &mapper{snap: snap, today: today, orgs: map[string]Organisation{}, units: map[string]string{}, depts: map[string]pluttra.DeptKey{}}
	for _, o := range snap.Organisations {
		m.orgs[o.ID] = o
	}
	m.departments()
	children = m.children()
	staff = m.staff()
	if len(m.bad) > 0 {
		return nil, nil, m.bad
	}
	return children, staff, nil
}

// departments finds the preschool departments and, through them, the units.
func (m *mapper) departments() {
	unitByName := map[string]string{}
	deptSeen := map[pluttra.DeptKey]string{}
	for _, g := range m.snap.Groups {
		if g.GroupType != "Avdelning" || (g.SchoolType != "" && g.SchoolType != "FS") {
			continue
		}
		if !m.period("groups", g.ID, g.StartDate, g.EndDate) {
			continue
		}
		if g.Organisation == nil || g.Organisation.ID == "" {
			m.fail("groups", g.ID, "organisation", "error.required")
			continue
		}
		o, ok := m.orgs[g.Organisation.ID]
		if !ok {
			m.fail("groups", g.ID, "organisation", "ss12000.error.unknown_ref")
			continue
		}
		name := strings.TrimSpace(o.DisplayName)
		if name == "" {
			m.fail("organisations", o.ID, "displayName", "error.required")
			continue
		}
		if other, ok := unitByName[name]; ok && other != o.ID {
			m.fail("organisations", o.ID, "displayName", "ss12000.error.duplicate_name")
			continue
		}
		unitByName[name], m.units[o.ID] = o.ID, name
		k := pluttra.DeptKey{Unit: name, Department: strings.TrimSpace(g.DisplayName)}
		if k.Department == "" {
			m.fail("groups", g.ID, "displayName", "error.required")
			continue
		}
		if other, ok := deptSeen[k]; ok && other != g.ID {
			m.fail("groups", g.ID, "displayName", "ss12000.error.duplicate_name")
			continue
		}
		deptSeen[k], m.depts[g.ID] = g.ID, k
	}
}

// period checks a record's dates and reports whether it has not ended
// before today.
func (m *mapper) period(endpoint, id, start, end string) bool {
	if _, ok := m.date(endpoint, id, "startDate", start); !ok {
		return false
	}
	e, ok := m.date(endpoint, id, "endDate", end)
	return ok && (e.IsZero() || !e.Before(m.today))
}

func (m *mapper) date(endpoint, id, field, s string) (pluttra.Date, bool) {
	if s == "" {
		return pluttra.Date{}, true
	}
	d, err := pluttra.ParseDate(s)
	if err != nil {
		m.fail(endpoint, id, field, "error.date")
		return pluttra.Date{}, false
	}
	return d, true
}

// person looks up a referenced person, noting a dangling reference.
func (m *mapper) person(endpoint, id, field string, ref *Ref) (Person, bool) {
	if ref == nil || ref.ID == "" {
		m.fail(endpoint, id, field, "error.required")
		return Person{}, false
	}
	p, ok := m.snap.Persons[ref.ID]
	if !ok {
		m.fail(endpoint, id, field, "ss12000.error.unknown_ref")
		return Person{}, false
	}
	if strings.TrimSpace(p.GivenName) == "" {
		m.fail("persons", p.ID, "givenName", "error.required")
		return Person{}, false
	}
	return p, true
}

// email picks a person's address, preferring the kinds in order, and
// notes a person without a usable one.
func (m *mapper) email(p Person, prefer ...string) (string, bool) {
	pick := ""
	for _, kind := range prefer {
		for _, e := range p.Emails {
			if e.Type == kind && pick == "" {
				pick = e.Value
			}
		}
	}
	if pick == "" && len(p.Emails) > 0 {
		pick = p.Emails[0].Value
	}
	pick = strings.ToLower(strings.TrimSpace(pick))
	if addr, err := mail.ParseAddress(pick); err != nil || addr.Address != pick {
		m.fail("persons", p.ID, "emails", "error.email")
		return "", false
	}
	return pick, true
}

func fullName(p Person) string {
	return strings.TrimSpace(strings.TrimSpace(p.GivenName) + " " + strings.TrimSpace(p.FamilyName))
}
