package roster

import "github.com/pluttra/pluttra/internal/pluttra"

// planStaff is Plan for a staff file: accounts matched by the
// municipality's ids, roles added and ended. Only staff from an earlier
// import are ever ended; accounts made by hand are left alone, and no
// account is deactivated (an admin decides that).
func planStaff(r *Roster, s *pluttra.RosterState, today pluttra.Date) *pluttra.ImportPlan {
	p := &pluttra.ImportPlan{}
	newUnit := map[string]bool{}
	newDept := map[pluttra.DeptKey]bool{}
	for _, m := range r.Staff {
		for _, rl := range m.Roles {
			if _, ok := s.Units[rl.Unit]; !ok && !newUnit[rl.Unit] {
				newUnit[rl.Unit] = true
				p.NewUnits = append(p.NewUnits, rl.Unit)
			}
			k := pluttra.DeptKey{Unit: rl.Unit, Department: rl.Department}
			if rl.Role == pluttra.RoleEducator {
				if _, ok := s.Departments[k]; !ok && !newDept[k] {
					newDept[k] = true
					p.NewDepartments = append(p.NewDepartments, k)
				}
			}
		}
	}
	unitName := map[int64]string{}
	for name, id := range s.Units {
		unitName[id] = name
	}
	deptKey := map[int64]pluttra.DeptKey{}
	for k, id := range s.Departments {
		deptKey[id] = k
	}
	// roleKey names a role the same way for the file and the database.
	roleKey := func(m pluttra.StaffMembership) pluttra.ImportRole {
		if m.Role == pluttra.RolePrincipal {
			return pluttra.ImportRole{Role: m.Role, Dept: pluttra.DeptKey{Unit: unitName[m.UnitID]}}
		}
		return pluttra.ImportRole{Role: m.Role, Dept: deptKey[m.DepartmentID]}
	}

	inFile := map[string]bool{}
	for _, m := range r.Staff {
		inFile[m.ExtID] = true
		want := pluttra.ImportGuardian{ExtID: m.ExtID, Name: m.Name, Email: m.Email}
		have, exists := s.Staff[m.ExtID]
		switch {
		case !exists:
			if u, ok := s.StaffByEmail[m.Email]; ok {
				want.ID = u.ID
				p.ChangedStaff = append(p.ChangedStaff, want)
				have, exists = u, true
			} else {
				p.NewStaff = append(p.NewStaff, want)
			}
		case have.Name != m.Name || have.Email != m.Email:
			want.ID = have.ID
			p.ChangedStaff = append(p.ChangedStaff, want)
		}
		wanted := map[pluttra.ImportRole]bool{}
		for _, rl := range m.Roles {
			k := pluttra.ImportRole{Role: rl.Role, Dept: pluttra.DeptKey{Unit: rl.Unit, Department: rl.Department}}
			wanted[k] = true
			held := false
			if exists {
				for _, ms := range s.Memberships[have.ID] {
					held = held || roleKey(ms) == k
				}
			}
			if held {
				continue
			}
			from := rl.From
			if exists {
				from = today
			}
			p.NewMemberships = append(p.NewMemberships, pluttra.ImportRole{StaffExt: m.ExtID, Role: rl.Role, Dept: k.Dept, From: from})
		}
		if exists {
			for _, ms := range s.Memberships[have.ID] {
				if !wanted[roleKey(ms)] {
					p.EndedMemberships = append(p.EndedMemberships, end(ms.ID, 0, ms.Period, today))
				}
			}
		}
	}
	for ext, u := range s.Staff {
		if inFile[ext] {
			continue
		}
		for _, ms := range s.Memberships[u.ID] {
			p.EndedMemberships = append(p.EndedMemberships, end(ms.ID, 0, ms.Period, today))
		}
	}
	return p
}
