package pluttra

import "time"

// Organisation is the tenant (huvudman): a municipality or an independent
// preschool company. Every other row carries its id.
type Organisation struct {
	ID   int64
	Slug string // short unique name, used by the demo and by imports
	Name string
	// RequireStaffMFA is the organisation's setting for staff second factors.
	RequireStaffMFA bool
	// AbsenceLateAfter is the morning hour, in minutes after midnight,
	// after which an absence reported for the same day is late.
	AbsenceLateAfter int
	CreatedAt        time.Time
}

// Unit is a preschool unit (förskoleenhet).
type Unit struct {
	ID      int64
	OrgID   int64
	Name    string
	Address string
}

// Department is a group of children with its educators (avdelning).
type Department struct {
	ID     int64
	OrgID  int64
	UnitID int64
	Name   string
}
