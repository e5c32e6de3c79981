package pluttra

import (
	"strings"
	"time"
	"unicode/utf8"
)

// MessageScope says who an important message goes to.
type MessageScope string

// The scopes.
const (
	// ScopeDepartment: the guardians of the children placed in a
	// department on the day it is sent.
	ScopeDepartment MessageScope = "department"
	// ScopeUnit: the guardians of every child placed in the unit.
	ScopeUnit MessageScope = "unit"
	// ScopeGuardians: guardians the sender picked among a department's.
	ScopeGuardians MessageScope = "guardians"
)

// Message is an important message (viktigt meddelande): something every
// family must see, apart from the day's documentation, which may ask each
// guardian to confirm they have taken it in.
type Message struct {
	ID           int64
	OrgID        int64
	SenderID     int64
	Scope        MessageScope
	DepartmentID int64 // 0 for a whole unit
	UnitID       int64
	Title        string
	Body         string
	RequiresAck  bool
	// Urgent messages reach guardians even in their quiet hours.
	Urgent bool
	SentAt time.Time
	// Recipients are the guardians it was sent to (set when sending with
	// ScopeGuardians; filled in by the store for the other scopes).
	Recipients []int64
	// Media are the attachments in order, by id.
	Media []int64
}

// Limits on a message.
const (
	MaxMessageTitle = 200
	MaxMessageBody  = 10000
	MaxMessageMedia = 10
)

// Validate checks a message as the composer submits it; title and body
// are trimmed.
func (m *Message) Validate() error {
	m.Title = strings.TrimSpace(m.Title)
	m.Body = strings.TrimSpace(m.Body)
	switch {
	case m.Title == "":
		return Invalid("title", "error.required")
	case utf8.RuneCountInString(m.Title) > MaxMessageTitle:
		return Invalid("title", "message.error.title_long")
	case m.Body == "":
		return Invalid("body", "error.required")
	case utf8.RuneCountInString(m.Body) > MaxMessageBody:
		return Invalid("body", "message.error.body_long")
	case m.Scope != ScopeDepartment && m.Scope != ScopeUnit && m.Scope != ScopeGuardians:
		return Invalid("scope", "error.invalid")
	case m.Scope == ScopeGuardians && len(m.Recipients) == 0:
		return Invalid("recipients", "message.error.no_recipients")
	case len(m.Media) > MaxMessageMedia:
		return Invalid("media", "post.error.too_many_media")
	}
	return nil
}

// Receipt is one recipient's state of a message.
type Receipt struct {
	UserID     int64
	Name       string
	ReadAt     time.Time // zero until opened
	AckedAt    time.Time // zero until acknowledged
	RemindedAt time.Time // zero until reminded
	// Children are the recipient's children the message concerns (by
	// first name), so staff know whom to call; ChildIDs are their ids.
	Children []string
	ChildIDs []int64
}

// Read reports whether the recipient has opened the message.
func (r Receipt) Read() bool { return !r.ReadAt.IsZero() }

// Acked reports whether the recipient has acknowledged it.
func (r Receipt) Acked() bool { return !r.AckedAt.IsZero() }

// InboxMessage is a message as a guardian's list shows it.
type InboxMessage struct {
	Message
	SenderName string
	ReadAt     time.Time
	AckedAt    time.Time
}

// SentMessage is a message as the staff's list shows it, with counts.
type SentMessage struct {
	Message
	SenderName string
	Recipients int
	Read       int
	Acked      int
}

// MessageFacts is what the access policy needs about a message, for the
// user asking: whether they are a recipient.
type MessageFacts struct {
	MessageID    int64
	SenderID     int64
	DepartmentID int64 // 0 for a whole unit
	UnitID       int64
	RequiresAck  bool
	Recipient    bool
}
