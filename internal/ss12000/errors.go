package ss12000

import (
	"fmt"
	"strconv"
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

// maxRecordID is the longest record id shown; SS 12000 ids are UUIDs.
const maxRecordID = 64

// recordID is a record's id as the admin is shown it: an identifier of at
// most maxRecordID letters, digits and . _ : -, else "?". Whatever else a
// source puts in the id field is its own data and goes no further.
func recordID(v any) string {
	var s string
	switch id := v.(type) {
	case string:
		s = id
	case float64:
		s = strconv.FormatFloat(id, 'f', -1, 64)
	default:
		return "?"
	}
	if s == "" || len(s) > maxRecordID {
		return "?"
	}
	for _, r := range s {
		if !(r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9' || strings.ContainsRune("._:-", r)) {
			return "?"
		}
	}
	return s
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
