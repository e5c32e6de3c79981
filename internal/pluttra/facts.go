package pluttra

// PrincipalFacts is what the access policy needs to know about a logged-in
// user on a given day. The store computes it in one pass per request.
type PrincipalFacts struct {
	// StaffDepartments are the departments the user sees as staff today:
	// those they are educator of, and every department of the units they lead.
	StaffDepartments []int64
	// PrincipalUnits are the units the user leads today.
	PrincipalUnits []int64
	// EducatorUnits are the units of the departments the user is educator of.
	EducatorUnits []int64
	// GuardianChildren are the children the user is an active guardian of.
	GuardianChildren []int64
	// GuardianDepartments and GuardianUnits are where those children are placed today.
	GuardianDepartments []int64
	GuardianUnits       []int64
}

// ChildFacts is where a child belongs today.
type ChildFacts struct {
	ChildID       int64
	DepartmentIDs []int64 // departments of the child's active placements
	UnitIDs       []int64 // units of those departments
	GuardianIDs   []int64 // users with an active guardianship
}

// DepartmentFacts is where a department belongs.
type DepartmentFacts struct {
	DepartmentID int64
	UnitID       int64
}

// Filter is a SQL condition produced by the access policy for list queries.
// SQL uses ? placeholders and refers to the listed table by the alias the
// store method documents; the store adds the organisation condition itself.
type Filter struct {
	SQL  string
	Args []any
	// FromChildren, when set, says that every row SQL admits is tied to
	// these children (tagged with them, or in their departments), so the
	// store may gather candidates from those indexes and apply SQL to them
	// alone. It narrows where to look, never what is allowed: SQL decides.
	FromChildren []int64
}

// Contains reports whether id is in ids; the fact sets are small.
func Contains(ids []int64, id int64) bool {
	for _, v := range ids {
		if v == id {
			return true
		}
	}
	return false
}
