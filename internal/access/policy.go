package access

import (
	"context"
	"time"

	"github.com/pluttra/pluttra/internal/pluttra"
)

// Stockholm is the zone in which a "day" of placements and memberships
// turns, the same as calendar events' wall time.
var Stockholm = pluttra.CalendarZone

// Facts is the part of the store the policy reads.
type Facts interface {
	pluttra.FactStore
	Unit(ctx context.Context, orgID, unitID int64) (*pluttra.Unit, error)
	PostFacts(ctx context.Context, orgID, postID int64, day pluttra.Date) (*pluttra.PostFacts, error)
	PostFactsOf(ctx context.Context, orgID int64, p *pluttra.Post, day pluttra.Date) (*pluttra.PostFacts, error)
	MediaFacts(ctx context.Context, orgID, mediaID int64, day pluttra.Date, viewer int64) (*pluttra.MediaFacts, error)
	MessageFacts(ctx context.Context, orgID, messageID, viewer int64) (*pluttra.MessageFacts, error)
	ConversationFacts(ctx context.Context, orgID, conversationID, viewer int64) (*pluttra.ConversationFacts, error)
	// MessageAudience and ConversationAudience are the facts without a
	// viewer, and who takes part.
	MessageAudience(ctx context.Context, orgID, messageID int64) (*pluttra.MessageFacts, []int64, error)
	ConversationAudience(ctx context.Context, orgID, conversationID int64) (*pluttra.ConversationFacts, []int64, error)
	CommentFacts(ctx context.Context, orgID, commentID int64, day pluttra.Date) (*pluttra.CommentFacts, error)
	CalendarEventFacts(ctx context.Context, orgID, eventID int64) (*pluttra.CalendarEventFacts, error)
	TalkFacts(ctx context.Context, orgID, slotID int64) (*pluttra.TalkFacts, error)
	Epoch(ctx context.Context, orgID int64) (int64, error)
	User(ctx context.Context, orgID, userID int64) (*pluttra.User, error)
}

// Policy gathers facts from the store and applies Decide.
type Policy struct {
	facts Facts
	now   func() time.Time
	known knownFacts // principals' facts by epoch
}

// New returns a policy reading facts from store, with now as its clock.
func New(store Facts, now func() time.Time) *Policy {
	if now == nil {
		now = time.Now
	}
	return &Policy{facts: store, now: now}
}

// Today is the day the policy decides for.
func (p *Policy) Today() pluttra.Date { return pluttra.DateOf(p.now(), Stockholm) }

// Principal loads the facts of an active user; a nil or deactivated user is
// anonymous.
func (p *Policy) Principal(ctx context.Context, u *pluttra.User) (Principal, error) {
	if u == nil || !u.Active {
		return Anonymous, nil
	}
	// The epoch is read first: facts read after it are at least as new.
	epoch, err := p.facts.Epoch(ctx, u.OrgID)
	if err != nil {
		return Anonymous, err
	}
	return p.PrincipalAt(ctx, u, epoch)
}

// PrincipalAt is Principal for a user read after the organisation's epoch
// was: the facts kept for that epoch are used when there are any.
func (p *Policy) PrincipalAt(ctx context.Context, u *pluttra.User, epoch int64) (Principal, error) {
	if u == nil || !u.Active {
		return Anonymous, nil
	}
	day := p.Today()
	if f, ok := p.known.get(u.OrgID, u.ID, epoch, day); ok {
		return Principal{User: u, Facts: f, Epoch: epoch}, nil
	}
	f, err := p.facts.PrincipalFacts(ctx, u.OrgID, u.ID, day)
	if err != nil {
		return Anonymous, err
	}
	p.known.put(u.OrgID, u.ID, epoch, day, *f)
	return Principal{User: u, Facts: *f, Epoch: epoch}, nil
}

// Check decides whether pr may do a to the resource id (ignored for
// actions on the user's own account or organisation).
func (p *Policy) Check(ctx context.Context, pr Principal, a Action, id int64) (Decision, error) {
	if !pr.LoggedIn() {
		return Login, nil
	}
	t, err := p.target(ctx, pr.OrgID(), Actions[a], id, pr.User.ID)
	if pluttra.ErrorCode(err) == pluttra.ENOTFOUND {
		return Hidden, nil
	}
	if err != nil {
		return Hidden, err
	}
	return Decide(pr, a, t), nil
}

// target gathers the facts of a resource in the principal's organisation;
// an id of another organisation comes back as not found. Facts about
// messages and conversations say whether viewer takes part.
func (p *Policy) target(ctx context.Context, orgID int64, k Kind, id, viewer int64) (Target, error) {
	t := Target{OrgID: orgID}
	switch k {
	case KindOrganisation:
		// The id names the organisation itself; another one is hidden.
		if id != 0 {
			t.OrgID = id
		}
	case KindUnit:
		t.UnitID = id
		_, err := p.facts.Unit(ctx, orgID, id)
		return t, err
	case KindDepartment:
		d, err := p.facts.DepartmentFacts(ctx, orgID, id)
		t.Department = d
		return t, err
	case KindChild:
		c, err := p.facts.ChildFacts(ctx, orgID, id, p.Today())
		t.Child = c
		return t, err
	case KindPost:
		f, err := p.facts.PostFacts(ctx, orgID, id, p.Today())
		t.Post = f
		return t, err
	case KindMedia:
		f, err := p.facts.MediaFacts(ctx, orgID, id, p.Today(), viewer)
		t.Media = f
		return t, err
	case KindMessage:
		f, err := p.facts.MessageFacts(ctx, orgID, id, viewer)
		t.Message = f
		return t, err
	case KindConversation:
		f, err := p.facts.ConversationFacts(ctx, orgID, id, viewer)
		t.Conversation = f
		return t, err
	case KindComment:
		f, err := p.facts.CommentFacts(ctx, orgID, id, p.Today())
		t.Comment = f
		return t, err
	case KindEvent:
		f, err := p.facts.CalendarEventFacts(ctx, orgID, id)
		t.Event = f
		return t, err
	case KindTalk:
		f, err := p.facts.TalkFacts(ctx, orgID, id)
		t.Talk = f
		return t, err
	}
	return t, nil
}
