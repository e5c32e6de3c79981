package ss12000

import (
	"context"
	"net/url"

	"github.com/pluttra/pluttra/internal/pluttra"
)

// Snapshot is what one pull reads: the records current on the day or
// later, and the people they name.
type Snapshot struct {
	Organisations []Organisation
	Groups        []Group
	Placements    []Placement
	Duties        []Duty
	Persons       map[string]Person
}

// Fetch reads the organisation tree, the departments (groups of type
// Avdelning), placements and duties that have not ended before today, and
// the children, guardians and staff they concern. Records that do not fit
// the specification come back as record errors; err is for a source that
// cannot be read at all.
func (c *Client) Fetch(ctx context.Context, today pluttra.Date) (*Snapshot, []RecordError, error) {
	// Each pull has a client of its own; its connections end with it.
	defer c.http.CloseIdleConnections()
	current := url.Values{"endDate.onOrAfter": {today.String()}}
	snap := &Snapshot{Persons: map[string]Person{}}
	var bad, b []RecordError
	var err error
	if snap.Organisations, b, err = list[Organisation](ctx, c, "organisations", current); err != nil {
		return nil, nil, err
	}
	bad = append(bad, b...)
	groups := url.Values{"groupType": {"Avdelning"}, "endDate.onOrAfter": {today.String()}}
	if snap.Groups, b, err = list[Group](ctx, c, "groups", groups); err != nil {
		return nil, nil, err
	}
	bad = append(bad, b...)
	if snap.Placements, b, err = list[Placement](ctx, c, "placements", current); err != nil {
		return nil, nil, err
	}
	bad = append(bad, b...)
	if snap.Duties, b, err = list[Duty](ctx, c, "duties", current); err != nil {
		return nil, nil, err
	}
	bad = append(bad, b...)
	// The children, their guardians and the staff, each by their relation
	// to a placement or duty that has not ended.
	for _, rel := range []string{"placement.child", "responsibleFor.placement", "duty"} {
		q := url.Values{"relationship.entity.type": {rel}, "relationship.endDate.onOrAfter": {today.String()}}
		persons, b, err := list[Person](ctx, c, "persons", q)
		if err != nil {
			return nil, nil, err
		}
		bad = append(bad, b...)
		for _, p := range persons {
			snap.Persons[p.ID] = p
		}
	}
	return snap, bad, nil
}
