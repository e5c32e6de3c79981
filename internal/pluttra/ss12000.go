package pluttra

import "time"

// SS12000Source is an organisation's connection to its school-data system
// through SS 12000 (the Swedish standard API): where it is, the token that
// opens it (sealed with the installation's key), how often to pull, and
// how the last pull went.
type SS12000Source struct {
	OrgID       int64
	URL         string
	TokenSealed []byte
	// IntervalHours is how often a scheduled pull runs; 0 means on demand only.
	IntervalHours int
	NextRunAt     time.Time // zero when not scheduled
	LastRun       SS12000Run
}

// SS12000Run is the outcome of one pull: when, whether it applied, and
// what was wrong when it did not. Problem is an i18n key and Detail names
// the records and fields (never a person's data).
type SS12000Run struct {
	At time.Time
	OK bool
	// Count is the changes applied or, for a pull with bad records, how
	// many records could not be used.
	Count   int
	Problem string
	Detail  string
}

// MaxSS12000Interval bounds the schedule at a week.
const MaxSS12000Interval = 168

// Validate checks the settings an admin entered.
func (s *SS12000Source) Validate() error {
	if s.URL == "" {
		return Invalid("url", "error.required")
	}
	if s.IntervalHours < 0 || s.IntervalHours > MaxSS12000Interval {
		return Invalid("interval", "ss12000.error.interval")
	}
	return nil
}
