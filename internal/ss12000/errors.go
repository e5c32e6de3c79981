package ss12000

import (
	"fmt"
	"strings"
)

// RecordError names a record the source sent and the field of it that
// Pluttra cannot use, with the i18n key of what is wrong. It carries ids
// and field names only, never a person's data.
type RecordError struct {
	Endpoint string // organisations, persons, groups, placements or duties
	ID       string
	Field    string
	Key      string
}

// String is the record and field, as shown to the admin and stored with
// the run.
func (e RecordError) String() string {
	return strings.TrimSpace(e.Endpoint + "/" + e.ID + " " + e.Field)
}

// Error is a pull that could not be used. Key is an i18n key; Detail says
// where (an endpoint and status, or the first bad records); Records lists
// every bad record.
type Error struct {
	Key     string
	Detail  string
	Records []RecordError
	Err     error
}

func (e *Error) Error() string {
	s := "ss12000: " + e.Key
	if e.Detail != "" {
		s += ": " + e.Detail
	}
	if e.Err != nil {
		s += ": " + e.Err.Error()
	}
	return s
}

func (e *Error) Unwrap() error { return e.Err }

// recordsError wraps bad records into one Error whose detail names the
// first few.
func recordsError(recs []RecordError) *Error {
	const shown = 3
	var names []string
	for i, r := range recs {
		if i == shown {
			names = append(names, fmt.Sprintf("… (%d)", len(recs)))
			break
		}
		names = append(names, r.String())
	}
	return &Error{Key: "ss12000.error.records", Detail: strings.Join(names, "; "), Records: recs}
}
