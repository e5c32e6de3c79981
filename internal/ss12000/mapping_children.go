package ss12000

import (
	"slices"
	"strings"

	"github.com/pluttra/pluttra/internal/pluttra"
	"github.com/pluttra/pluttra/internal/roster"
)

// protectedMarkings are the security markings (sekretessmarkering,
// skyddad folkbokföring) that make a child's identity protected.
var protectedMarkings = map[string]bool{"Sekretessmarkering": true, "Skyddad folkbokföring": true}

// children maps preschool placements: one child each, in the placement
// current today (the latest started) or else the next to start.
func (m *mapper) children() *roster.Roster {
	type chosen struct {
		pl    Placement
		start pluttra.Date
	}
	pick := map[string]chosen{}
	var order []string
	for _, pl := range m.snap.Placements {
		if pl.SchoolType != "FS" {
			continue
		}
		start, ok := m.date("placements", pl.ID, "startDate", pl.StartDate)
		if !ok {
			continue
		}
		if start.IsZero() {
			m.fail("placements", pl.ID, "startDate", "error.required")
			continue
		}
		if !m.period("placements", pl.ID, pl.StartDate, pl.EndDate) {
			continue
		}
		if pl.Child == nil || pl.Child.ID == "" {
			m.fail("placements", pl.ID, "child", "error.required")
			continue
		}
		if pl.Group == nil || pl.Group.ID == "" {
			m.fail("placements", pl.ID, "group", "error.required")
			continue
		}
		if _, ok := m.depts[pl.Group.ID]; !ok {
			m.fail("placements", pl.ID, "group", "ss12000.error.unknown_ref")
			continue
		}
		prev, seen := pick[pl.Child.ID]
		if !seen {
			order = append(order, pl.Child.ID)
		}
		if !seen || better(start, prev.start, m.today) {
			pick[pl.Child.ID] = chosen{pl, start}
		}
	}

	r := &roster.Roster{Kind: roster.KindChildren}
	guardians := map[string]*roster.Guardian{}
	for _, id := range order {
		c := pick[id]
		p, ok := m.person("placements", c.pl.ID, "child", c.pl.Child)
		if !ok {
			continue
		}
		birth, _ := m.date("persons", p.ID, "birthDate", p.BirthDate)
		child := &roster.Child{
			ExtID: p.ID, FirstName: strings.TrimSpace(p.GivenName), LastName: strings.TrimSpace(p.FamilyName), BirthDate: birth,
			Protected: protectedMarkings[p.SecurityMarking], Unit: m.depts[c.pl.Group.ID].Unit,
			Department: m.depts[c.pl.Group.ID].Department, From: c.start,
		}
		for _, resp := range p.Responsibles {
			if resp.RelationType != guardianRelation {
				continue
			}
			g, seen := guardians[refID(resp.Person)]
			if !seen {
				g = m.guardian(p, resp.Person)
				guardians[refID(resp.Person)] = g // nil when bad, so it is reported once
				if g != nil {
					r.Guardians = append(r.Guardians, g)
				}
			}
			if g == nil {
				continue
			}
			if !slices.Contains(child.Guardians, g.ExtID) {
				child.Guardians = append(child.Guardians, g.ExtID)
			}
		}
		r.Children = append(r.Children, child)
	}
	return r
}

// guardian maps the guardian a child's record refers to, or nil when the
// reference or the guardian's record is bad.
func (m *mapper) guardian(child Person, ref *Ref) *roster.Guardian {
	gp, ok := m.person("persons", child.ID, "responsibles", ref)
	if !ok {
		return nil
	}
	email, ok := m.email(gp, "Privat", "Arbete övrigt")
	if !ok {
		return nil
	}
	return &roster.Guardian{ExtID: gp.ID, Name: fullName(gp), Email: email}
}

// better reports whether a placement starting on a should be chosen over
// one starting on b: a started one over one yet to start, the later of
// two started ones, the earlier of two yet to start.
func better(a, b, today pluttra.Date) bool {
	aStarted, bStarted := !today.Before(a), !today.Before(b)
	switch {
	case aStarted != bStarted:
		return aStarted
	case aStarted:
		return b.Before(a)
	default:
		return a.Before(b)
	}
}

func refID(r *Ref) string {
	if r == nil {
		return ""
	}
	return r.ID
}
