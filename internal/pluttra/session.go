package pluttra

import "time"

// Session is a server-side login session. Only the hash of the cookie's
// token is stored, so a leaked database does not hand out sessions.
type Session struct {
	TokenHash  []byte
	OrgID      int64
	UserID     int64
	CreatedAt  time.Time
	LastSeenAt time.Time
	ExpiresAt  time.Time // absolute end, whatever the activity
	// SecondFactor: the login passed a second factor. When the
	// organisation starts requiring one, staff sessions without it end.
	SecondFactor bool
	// Epoch is the organisation's change counter read with the session,
	// in the same statement; ending a session raises it.
	Epoch int64
}
