package pluttra

import (
	"strings"
	"time"
	"unicode/utf8"
)

// Conversation is a thread about one child between some of the child's
// guardians and the staff of the child's department. Every current
// educator of the department reads and answers; of the guardians only
// those taking part see it, so separated households each have their own
// threads unless one addresses the other.
type Conversation struct {
	ID           int64
	OrgID        int64
	ChildID      int64
	DepartmentID int64
	Subject      string
	StartedBy    int64
	StartedAt    time.Time
	LastAt       time.Time // when the latest entry was written
	LastBy       int64
	// Guardians are the guardians taking part.
	Guardians []int64
}

// ConversationEntry is one message in a conversation.
type ConversationEntry struct {
	ID             int64
	ConversationID int64
	AuthorID       int64
	AuthorName     string
	Body           string
	WrittenAt      time.Time
}

// ConversationSummary is a conversation as a list shows it.
type ConversationSummary struct {
	Conversation
	ChildName      string
	DepartmentName string
	LastByName     string
	// Unread: someone else wrote after the reader last opened it.
	Unread bool
}

// Limits on a conversation.
const (
	MaxConversationSubject = 200
	MaxConversationEntry   = 5000
)

// CheckConversationEntry trims an entry's text and refuses an empty or too
// long one.
func CheckConversationEntry(body *string) error {
	*body = strings.TrimSpace(*body)
	switch {
	case *body == "":
		return Invalid("body", "error.required")
	case utf8.RuneCountInString(*body) > MaxConversationEntry:
		return Invalid("body", "conversation.error.body_long")
	}
	return nil
}

// Check trims the subject and refuses a conversation without one, or with
// no guardian in it.
func (c *Conversation) Check() error {
	c.Subject = strings.TrimSpace(c.Subject)
	switch {
	case c.Subject == "":
		return Invalid("subject", "error.required")
	case utf8.RuneCountInString(c.Subject) > MaxConversationSubject:
		return Invalid("subject", "conversation.error.subject_long")
	case len(c.Guardians) == 0:
		return Invalid("guardians", "conversation.error.no_guardians")
	}
	return nil
}

// ConversationFacts is what the access policy needs about a conversation,
// for the user asking: whether they take part as a guardian.
type ConversationFacts struct {
	ConversationID int64
	ChildID        int64
	DepartmentID   int64
	Member         bool
}
