package pluttra

import (
	"strings"
	"time"
	"unicode/utf8"
)

// AbsenceKind says why a child stays home.
type AbsenceKind string

// The kinds of absence.
const (
	AbsenceAway AbsenceKind = "absent" // away: a holiday, a day with grandparents
	AbsenceSick AbsenceKind = "sick"
)

// Absence is a report that a child stays home from From to To, inclusive.
type Absence struct {
	ID         int64
	OrgID      int64
	ChildID    int64
	ReportedBy int64
	Kind       AbsenceKind
	From, To   Date
	Note       string
	ReportedAt time.Time
	// Late: reported on its first day after the organisation's morning
	// hour, when staff have planned the day already.
	Late bool
}

// Limits of a report.
const (
	MaxAbsenceNote = 500 // characters
	MaxAbsenceDays = 60  // a longer absence is a matter for the principal
)

// DefaultAbsenceLateAfter is the morning hour, in minutes after midnight,
// after which a report for the same day is late.
const DefaultAbsenceLateAfter = 8 * 60

// CheckAbsence refuses a report that is not one: a kind that is neither, a
// start in the past (today is the earliest), an end before the start, too
// many days, or a note too long. The note is trimmed.
func CheckAbsence(a *Absence, today Date) error {
	a.Note = strings.TrimSpace(a.Note)
	switch {
	case a.Kind != AbsenceAway && a.Kind != AbsenceSick:
		return Invalid("kind", "absence.error.kind")
	case a.From.IsZero():
		return Invalid("from", "error.required")
	case a.From.Before(today):
		return Invalid("from", "absence.error.past")
	case a.To.IsZero():
		a.To = a.From
	}
	switch {
	case a.To.Before(a.From):
		return Invalid("to", "absence.error.order")
	case a.From.AddDays(MaxAbsenceDays - 1).Before(a.To):
		return Invalid("to", "absence.error.too_long")
	case utf8.RuneCountInString(a.Note) > MaxAbsenceNote:
		return Invalid("note", "absence.error.note_long")
	}
	return nil
}

// AbsenceIsLate says whether a report made at reportedAt for an absence
// starting on from is late: made on that very day after lateAfter minutes
// past midnight in loc.
func AbsenceIsLate(from Date, reportedAt time.Time, lateAfter int, loc *time.Location) bool {
	local := reportedAt.In(loc)
	if DateOf(local, loc).String() != from.String() {
		return false
	}
	return local.Hour()*60+local.Minute() >= lateAfter
}

// DepartmentAbsence is one line of a department's absence list: the child,
// who reported, and the report.
type DepartmentAbsence struct {
	Absence
	ChildName    string
	ReporterName string
}
