package pluttra

import (
	"strings"
	"time"
)

// UserKind says what a user is to the organisation; what they may do follows
// from the kind together with their memberships and guardianships.
type UserKind string

// The kinds of user.
const (
	KindStaff    UserKind = "staff"
	KindGuardian UserKind = "guardian"
	KindOrgAdmin UserKind = "orgadmin"
)

// UserKinds lists every kind.
var UserKinds = []UserKind{KindStaff, KindGuardian, KindOrgAdmin}

// Valid reports whether k is one of the known kinds.
func (k UserKind) Valid() bool {
	return k == KindStaff || k == KindGuardian || k == KindOrgAdmin
}

// User is anyone who logs in: staff, guardian or organisation admin.
type User struct {
	ID           int64
	OrgID        int64
	Kind         UserKind
	Email        string // stored lower-case; unique within the organisation
	Name         string
	Language     string // chosen language code, empty to follow the browser
	PasswordHash string // argon2id in PHC form; empty until the user sets one
	Active       bool   // false once deactivated: no login, no sessions
	CreatedAt    time.Time
}

// NormalizeEmail is how addresses are compared and stored: trimmed and
// lower-case. It is the domain's rule, so the store that keeps addresses
// and the pages that look them up (a reset request) agree on it.
func NormalizeEmail(email string) string { return strings.ToLower(strings.TrimSpace(email)) }

// StaffRole is what a staff membership makes someone.
type StaffRole string

// The staff roles.
const (
	RolePrincipal StaffRole = "principal" // rektor: leads a unit
	RoleEducator  StaffRole = "educator"  // pedagog: works in a department
)

// StaffMembership makes a user principal of a unit or educator of a
// department for a period. Exactly one of UnitID and DepartmentID is set,
// matching the role.
type StaffMembership struct {
	ID           int64
	OrgID        int64
	UserID       int64
	Role         StaffRole
	UnitID       int64 // principal
	DepartmentID int64 // educator
	Period
}
