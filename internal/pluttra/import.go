package pluttra

import "slices"

// RosterState is what an organisation holds of the records an import
// manages: children and guardians carrying the municipality's ids, where
// the children are placed and whose they are.
type RosterState struct {
	Units       map[string]int64 // by name
	Departments map[DeptKey]int64
	Children    map[string]Child // by external id
	Guardians   map[string]User  // by external id
	// UsersByEmail finds an account without an external id that an
	// imported guardian should take over rather than duplicate.
	UsersByEmail map[string]User
	// Placements are each child's open placements (no end, or ending
	// today or later), by child id.
	Placements map[int64][]Placement
	// Guardianships are each child's open guardianships, by child id.
	Guardianships map[int64][]Guardianship
	// Staff are staff accounts with external ids; StaffByEmail those
	// without, which an imported member of staff takes over.
	Staff        map[string]User
	StaffByEmail map[string]User
	// Memberships are each staff member's open roles, by user id.
	Memberships map[int64][]StaffMembership
}

// DeptKey names a department by its unit's name and its own.
type DeptKey struct{ Unit, Department string }

// ImportPlan is what an import will do, in the order it is applied. It is
// shown as a dry run first, then applied in one transaction.
type ImportPlan struct {
	NewUnits           []string
	NewDepartments     []DeptKey
	NewChildren        []ImportChild
	ChangedChildren    []ImportChild
	Moves              []ImportMove
	EndedPlacements    []ImportEnd
	NewGuardians       []ImportGuardian
	ChangedGuardians   []ImportGuardian
	NewGuardianships   []ImportLink
	EndedGuardianships []ImportEnd
	NewStaff           []ImportGuardian // the same fields serve: id, external id, name, email
	ChangedStaff       []ImportGuardian
	NewMemberships     []ImportRole
	EndedMemberships   []ImportEnd
}

// Empty reports whether the import would change nothing.
func (p *ImportPlan) Empty() bool { return p.Size() == 0 }

// ImportChild is a child to create or update; ID is set for updates.
type ImportChild struct {
	Child
	ExtID string
	Dept  DeptKey
	From  Date
}

// ImportMove places an existing child in another department from a day.
type ImportMove struct {
	ChildID int64
	ExtID   string
	Dept    DeptKey
	From    Date
}

// ImportEnd ends a placement or guardianship on Last, or removes it when
// it has not started yet (it never took effect, and an end may not come
// before its start).
type ImportEnd struct {
	ID      int64
	ChildID int64
	Last    Date
	Remove  bool
}

// ImportGuardian is a guardian account to create or update; ID is set for
// updates (including an existing account taken over by its email).
type ImportGuardian struct {
	ID       int64
	ExtID    string
	Name     string
	Email    string
	Language string
}

// ImportLink makes a guardian, by external id, guardian of a child, by
// external id, from a day.
type ImportLink struct {
	ChildExt    string
	GuardianExt string
	From        Date
}

// ImportRole gives a member of staff, by external id, a role from a day:
// principal of Dept.Unit, or educator of Dept.
type ImportRole struct {
	StaffExt string
	Role     StaffRole
	Dept     DeptKey
	From     Date
}

// Merge adds o's changes to p, each new unit and department once, so a
// children plan and a staff plan from the same source apply together in
// one transaction.
func (p *ImportPlan) Merge(o *ImportPlan) {
	for _, u := range o.NewUnits {
		if !slices.Contains(p.NewUnits, u) {
			p.NewUnits = append(p.NewUnits, u)
		}
	}
	for _, d := range o.NewDepartments {
		if !slices.Contains(p.NewDepartments, d) {
			p.NewDepartments = append(p.NewDepartments, d)
		}
	}
	p.NewChildren = append(p.NewChildren, o.NewChildren...)
	p.ChangedChildren = append(p.ChangedChildren, o.ChangedChildren...)
	p.Moves = append(p.Moves, o.Moves...)
	p.EndedPlacements = append(p.EndedPlacements, o.EndedPlacements...)
	p.NewGuardians = append(p.NewGuardians, o.NewGuardians...)
	p.ChangedGuardians = append(p.ChangedGuardians, o.ChangedGuardians...)
	p.NewGuardianships = append(p.NewGuardianships, o.NewGuardianships...)
	p.EndedGuardianships = append(p.EndedGuardianships, o.EndedGuardianships...)
	p.NewStaff = append(p.NewStaff, o.NewStaff...)
	p.ChangedStaff = append(p.ChangedStaff, o.ChangedStaff...)
	p.NewMemberships = append(p.NewMemberships, o.NewMemberships...)
	p.EndedMemberships = append(p.EndedMemberships, o.EndedMemberships...)
}

// Size is the number of changes the plan makes.
func (p *ImportPlan) Size() int {
	return len(p.NewUnits) + len(p.NewDepartments) + len(p.NewChildren) + len(p.ChangedChildren) + len(p.Moves) +
		len(p.EndedPlacements) + len(p.NewGuardians) + len(p.ChangedGuardians) + len(p.NewGuardianships) + len(p.EndedGuardianships) +
		len(p.NewStaff) + len(p.ChangedStaff) + len(p.NewMemberships) + len(p.EndedMemberships)
}
