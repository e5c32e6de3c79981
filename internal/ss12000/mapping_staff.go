package ss12000

import (
	"fmt"
	"maps"
	"slices"

	"github.com/pluttra/pluttra/internal/pluttra"
	"github.com/pluttra/pluttra/internal/roster"
)

// staff maps duties that have not ended: a principal (Rektor) leads every
// preschool unit at or under the organisation element of the duty; anyone
// else is an educator of each preschool department their duty's
// assignment roles name. A duty without a person is a vacancy and is
// passed over, as is one that reaches no preschool unit or department.
func (m *mapper) staff() *roster.Roster {
	r := &roster.Roster{Kind: roster.KindStaff}
	byID := map[string]*roster.StaffMember{}
	for _, d := range m.snap.Duties {
		if d.Person == nil || d.Person.ID == "" {
			continue
		}
		start, ok := m.date("duties", d.ID, "startDate", d.StartDate)
		if !ok || !m.period("duties", d.ID, d.StartDate, d.EndDate) {
			continue
		}
		roles := m.dutyRoles(d, start)
		if len(roles) == 0 {
			continue
		}
		member, ok := byID[d.Person.ID]
		if !ok {
			p, ok := m.person("duties", d.ID, "person", d.Person)
			if !ok {
				continue
			}
			email, ok := m.email(p, "Skola personal", "Arbete övrigt")
			if !ok {
				continue
			}
			member = &roster.StaffMember{ExtID: p.ID, Name: fullName(p), Email: email}
			byID[p.ID] = member
			r.Staff = append(r.Staff, member)
		}
		for _, rl := range roles {
			member.Roles = addRole(member.Roles, rl)
		}
	}
	return r
}

func (m *mapper) dutyRoles(d Duty, start pluttra.Date) []roster.Role {
	var roles []roster.Role
	if principalRoles[d.DutyRole] {
		if d.DutyAt == nil || d.DutyAt.ID == "" {
			m.fail("duties", d.ID, "dutyAt", "error.required")
			return nil
		}
		if _, ok := m.orgs[d.DutyAt.ID]; !ok {
			m.fail("duties", d.ID, "dutyAt", "ss12000.error.unknown_ref")
			return nil
		}
		for _, unitID := range slices.Sorted(maps.Keys(m.units)) {
			if m.under(unitID, d.DutyAt.ID) {
				roles = append(roles, roster.Role{Role: pluttra.RolePrincipal, Unit: m.units[unitID], From: start})
			}
		}
		return roles
	}
	for i, ar := range d.AssignmentRole {
		if ar.Group == nil {
			continue
		}
		k, ok := m.depts[ar.Group.ID]
		if !ok {
			continue // a school class or a department that has ended
		}
		field := fmt.Sprintf("assignmentRole[%d]", i)
		from, ok := m.date("duties", d.ID, field+".startDate", ar.StartDate)
		if !ok || !m.period("duties", d.ID, ar.StartDate, ar.EndDate) {
			continue
		}
		if from.Before(start) {
			from = start
		}
		roles = append(roles, roster.Role{Role: pluttra.RoleEducator, Unit: k.Unit, Department: k.Department, From: from})
	}
	return roles
}

// under reports whether the organisation element id is at or above unit
// in the tree. The walk is bounded, so a loop in the source's tree ends.
func (m *mapper) under(unit, id string) bool {
	cur := unit
	for range 32 {
		if cur == id {
			return true
		}
		o, ok := m.orgs[cur]
		if !ok || o.ParentOrganisation == nil {
			return false
		}
		cur = o.ParentOrganisation.ID
	}
	return false
}

// addRole adds a role once, keeping the earlier start when two duties
// give the same one.
func addRole(roles []roster.Role, rl roster.Role) []roster.Role {
	for i, have := range roles {
		if have.Role == rl.Role && have.Unit == rl.Unit && have.Department == rl.Department {
			if rl.From.Before(have.From) {
				roles[i].From = rl.From
			}
			return roles
		}
	}
	return append(roles, rl)
}
