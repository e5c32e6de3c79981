package pluttra

// Child is a child (barn). ProtectedIdentity means the child must never be
// findable by other families (skyddade personuppgifter).
type Child struct {
	ID                int64
	OrgID             int64
	FirstName         string
	LastName          string
	BirthDate         Date
	ProtectedIdentity bool
}

// Guardianship links a child to a guardian user for a period. A child often
// has two guardians, sometimes in separate households; each link stands alone.
type Guardianship struct {
	ID         int64
	OrgID      int64
	ChildID    int64
	GuardianID int64 // a User of kind guardian
	Period
}

// Placement puts a child in a department for a period (placering).
type Placement struct {
	ID           int64
	OrgID        int64
	ChildID      int64
	DepartmentID int64
	Period
}
