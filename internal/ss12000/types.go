package ss12000

// The records Pluttra reads, with the fields it uses, named as in the
// SS 12000 v2.1 OpenAPI specification. Dates are kept as the strings the
// source sent and checked while mapping, so a bad one is reported with
// its record and field.

// Ref is the specification's ObjectReference: an id, and the name when the
// source was asked to expand names.
type Ref struct {
	ID          string `json:"id"`
	DisplayName string `json:"displayName,omitempty"`
}

// Organisation is an element of the organisation tree: the huvudman, an
// administration, a school unit (Skolenhet) and so on.
type Organisation struct {
	ID                 string   `json:"id"`
	DisplayName        string   `json:"displayName"`
	OrganisationType   string   `json:"organisationType"`
	ParentOrganisation *Ref     `json:"parentOrganisation,omitempty"`
	SchoolTypes        []string `json:"schoolTypes,omitempty"`
	StartDate          string   `json:"startDate,omitempty"`
	EndDate            string   `json:"endDate,omitempty"`
}

// Email is one of a person's addresses with its kind.
type Email struct {
	Value string `json:"value"`
	Type  string `json:"type"`
}

// Responsible is someone responsible for a child, such as a guardian.
type Responsible struct {
	Person       *Ref   `json:"person,omitempty"`
	RelationType string `json:"relationType,omitempty"`
}

// Person is a child, a guardian or a member of staff.
type Person struct {
	ID              string        `json:"id"`
	GivenName       string        `json:"givenName"`
	FamilyName      string        `json:"familyName"`
	BirthDate       string        `json:"birthDate,omitempty"`
	SecurityMarking string        `json:"securityMarking,omitempty"`
	Emails          []Email       `json:"emails,omitempty"`
	Responsibles    []Responsible `json:"responsibles,omitempty"`
}

// Group is a group of people; a preschool department is one of type
// Avdelning attached to its school unit.
type Group struct {
	ID           string `json:"id"`
	DisplayName  string `json:"displayName"`
	GroupType    string `json:"groupType"`
	SchoolType   string `json:"schoolType,omitempty"`
	Organisation *Ref   `json:"organisation,omitempty"`
	StartDate    string `json:"startDate,omitempty"`
	EndDate      string `json:"endDate,omitempty"`
}

// Placement places a child at a school unit, in a department, for a period.
type Placement struct {
	ID         string `json:"id"`
	Child      *Ref   `json:"child,omitempty"`
	PlacedAt   *Ref   `json:"placedAt,omitempty"`
	Group      *Ref   `json:"group,omitempty"`
	SchoolType string `json:"schoolType"`
	StartDate  string `json:"startDate"`
	EndDate    string `json:"endDate,omitempty"`
}

// AssignmentRole ties a duty to a group, such as an educator to a department.
type AssignmentRole struct {
	Group              *Ref   `json:"group,omitempty"`
	AssignmentRoleType string `json:"assignmentRoleType"`
	StartDate          string `json:"startDate,omitempty"`
	EndDate            string `json:"endDate,omitempty"`
}

// Duty is a person's employment in a role at an organisation element.
type Duty struct {
	ID             string           `json:"id"`
	Person         *Ref             `json:"person,omitempty"`
	DutyAt         *Ref             `json:"dutyAt,omitempty"`
	DutyRole       string           `json:"dutyRole"`
	AssignmentRole []AssignmentRole `json:"assignmentRole,omitempty"`
	StartDate      string           `json:"startDate"`
	EndDate        string           `json:"endDate,omitempty"`
}

// Page is the envelope of every list: the records and, when there are
// more, the token for the next page.
type Page[T any] struct {
	Data      []T     `json:"data"`
	PageToken *string `json:"pageToken,omitempty"`
}
