package access

import "github.com/pluttra/pluttra/internal/pluttra"

// Principal is who is asking: an active user with today's facts, or nobody.
type Principal struct {
	User  *pluttra.User // nil when anonymous
	Facts pluttra.PrincipalFacts
	// Epoch is the organisation's change counter when Facts were read;
	// what was made from them is current while the epoch is.
	Epoch int64
}

// Anonymous is the principal of a request without a valid session.
var Anonymous = Principal{}

// LoggedIn reports whether the principal is an active user.
func (p Principal) LoggedIn() bool { return p.User != nil && p.User.Active }

// Is reports whether the principal is a logged-in user of kind k.
func (p Principal) Is(k pluttra.UserKind) bool { return p.LoggedIn() && p.User.Kind == k }

// OrgID is the principal's organisation, 0 when anonymous.
func (p Principal) OrgID() int64 {
	if p.User == nil {
		return 0
	}
	return p.User.OrgID
}

// Target is the resource an action applies to, with the facts about it
// that the rules need. Exactly the field of the action's kind is set.
type Target struct {
	OrgID      int64
	UnitID     int64
	Department *pluttra.DepartmentFacts
	Child      *pluttra.ChildFacts
	Post       *pluttra.PostFacts
	Media      *pluttra.MediaFacts
	Comment    *pluttra.CommentFacts
	// Message and Conversation are as seen by the principal asking.
	Message      *pluttra.MessageFacts
	Conversation *pluttra.ConversationFacts
	Event        *pluttra.CalendarEventFacts
	Talk         *pluttra.TalkFacts
}
