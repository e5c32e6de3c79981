package pluttra

import (
	"database/sql/driver"
	"fmt"
	"time"
)

// Date is a calendar day without time or zone: placements, guardianships and
// staff memberships start and end on days, and a day must not shift when a
// server runs in another zone. The zero Date means "open" (no end).
type Date struct{ t time.Time }

const dateLayout = "2006-01-02"

// Day returns the date of y-m-d.
func Day(y int, m time.Month, d int) Date { return Date{time.Date(y, m, d, 0, 0, 0, 0, time.UTC)} }

// DateOf returns the calendar day of t as seen in loc.
func DateOf(t time.Time, loc *time.Location) Date {
	y, m, d := t.In(loc).Date()
	return Day(y, m, d)
}

// ParseDate reads YYYY-MM-DD.
func ParseDate(s string) (Date, error) {
	t, err := time.Parse(dateLayout, s)
	if err != nil {
		return Date{}, fmt.Errorf("date %q: %w", s, err)
	}
	return Date{t}, nil
}

// IsZero reports whether d is unset.
func (d Date) IsZero() bool { return d.t.IsZero() }

// String formats d as YYYY-MM-DD, or "" when unset.
func (d Date) String() string {
	if d.IsZero() {
		return ""
	}
	return d.t.Format(dateLayout)
}

// Before reports whether d is strictly before o.
func (d Date) Before(o Date) bool { return d.t.Before(o.t) }

// AddDays returns d moved n days.
func (d Date) AddDays(n int) Date { return Date{d.t.AddDate(0, 0, n)} }

// Value stores a Date as YYYY-MM-DD text, which SQLite compares correctly as
// text and PostgreSQL casts to its date type.
func (d Date) Value() (driver.Value, error) {
	if d.IsZero() {
		return nil, nil
	}
	return d.String(), nil
}

// Scan reads a date from either database: text from SQLite, time from PostgreSQL.
func (d *Date) Scan(src any) error {
	switch v := src.(type) {
	case nil:
		*d = Date{}
	case time.Time:
		*d = Day(v.Year(), v.Month(), v.Day())
	case string:
		p, err := ParseDate(v)
		*d = p
		return err
	case []byte:
		p, err := ParseDate(string(v))
		*d = p
		return err
	default:
		return fmt.Errorf("cannot scan %T into Date", src)
	}
	return nil
}

// Period is a from-to span of days, both inclusive; a zero To is open-ended.
type Period struct {
	From Date
	To   Date
}

// ActiveOn reports whether the period covers day.
func (p Period) ActiveOn(day Date) bool {
	if day.Before(p.From) {
		return false
	}
	return p.To.IsZero() || !p.To.Before(day)
}

// Validate reports a missing start or an end before the start.
func (p Period) Validate() error {
	if p.From.IsZero() {
		return Invalid("from", "error.required")
	}
	if !p.To.IsZero() && p.To.Before(p.From) {
		return Invalid("to", "error.period_order")
	}
	return nil
}
