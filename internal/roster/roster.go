// Package roster reads the municipality's records of children, their
// guardians and placements (a CSV export today, SS 12000 later) and works
// out what an import would create, change and end. It decides nothing
// about storage: the plan it makes is applied by the store in one
// transaction, or not at all.
package roster

import "github.com/pluttra/pluttra/internal/pluttra"

// Child is one child as the records describe it.
type Child struct {
	ExtID      string
	FirstName  string
	LastName   string
	BirthDate  pluttra.Date
	Protected  bool
	Unit       string
	Department string
	From       pluttra.Date
	Guardians  []string // external ids, in file order
	Row        int      // first row the child appears on, for error messages
}

// Guardian is one guardian as the records describe them.
type Guardian struct {
	ExtID    string
	Name     string
	Email    string
	Language string
	Row      int
}

// Kind is what an import file holds: children with their guardians and
// placements, or staff with their roles. An import compares only that
// kind, so a staff file never ends a child's placement.
type Kind int

// The kinds of file.
const (
	KindChildren Kind = iota
	KindStaff
)

// StaffMember is one member of staff with their roles.
type StaffMember struct {
	ExtID string
	Name  string
	Email string
	Roles []Role
	Row   int
}

// Role is principal of a unit, or educator of a department, from a day.
type Role struct {
	Role       pluttra.StaffRole
	Unit       string
	Department string // for educators
	From       pluttra.Date
}

// Roster is everything one import file says.
type Roster struct {
	Kind      Kind
	Children  []*Child
	Guardians []*Guardian
	Staff     []*StaffMember
}

// RowError names the row and field of bad input, with the i18n key of
// what is wrong. Row 1 is the header.
type RowError struct {
	Row   int
	Field string
	Key   string
}
