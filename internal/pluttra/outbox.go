package pluttra

import "time"

// OutboxMail is an email waiting to go out, or gone. It is written in the
// same transaction as what causes it and sent from here, with retries.
type OutboxMail struct {
	ID            int64
	OrgID         int64
	To            string
	Subject       string
	Body          string
	CreatedAt     time.Time
	Attempts      int
	NextAttemptAt time.Time
	SentAt        time.Time // zero until delivered
	FailedAt      time.Time // set when the server refused the address for good
	LastError     string    // the class of the last failure: temporary or permanent
}

// Status is where the mail is, for the admin's outbox page.
func (m OutboxMail) Status() string {
	switch {
	case !m.SentAt.IsZero():
		return "sent"
	case !m.FailedAt.IsZero():
		return "bounced"
	case m.Attempts > 0:
		return "retrying"
	}
	return "pending"
}
