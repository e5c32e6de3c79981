package access

import (
	"context"

	"github.com/pluttra/pluttra/internal/pluttra"
)

// Audience holds the facts of one resource for deciding many viewers at
// once: a live event reaches every open page of the organisation, and a
// unit-wide message has thousands of them. The facts are read once; each
// viewer's decision is then made in memory by Decide, the same rules as
// Check.
type Audience struct {
	action Action
	target Target
	// members are the message's recipients or the guardians taking part
	// in the conversation: the one fact that depends on the viewer.
	members map[int64]bool
}

// Audience gathers the facts of the resource id for deciding action for
// many viewers of the principal's organisation.
func (p *Policy) Audience(ctx context.Context, orgID int64, a Action, id int64) (*Audience, error) {
	au := &Audience{action: a, target: Target{OrgID: orgID}}
	var members []int64
	var err error
	switch Actions[a] {
	case KindPost:
		au.target.Post, err = p.facts.PostFacts(ctx, orgID, id, p.Today())
	case KindMessage:
		au.target.Message, members, err = p.facts.MessageAudience(ctx, orgID, id)
	case KindConversation:
		au.target.Conversation, members, err = p.facts.ConversationAudience(ctx, orgID, id)
	case KindEvent:
		au.target.Event, err = p.facts.CalendarEventFacts(ctx, orgID, id)
	default:
		return nil, pluttra.NotFound("audience")
	}
	if err != nil {
		return nil, err
	}
	au.members = make(map[int64]bool, len(members))
	for _, m := range members {
		au.members[m] = true
	}
	return au, nil
}

// Decide decides the action for one viewer.
func (au *Audience) Decide(pr Principal) Decision {
	if !pr.LoggedIn() {
		return Login
	}
	t := au.target
	switch {
	case t.Message != nil:
		m := *t.Message
		m.Recipient = au.members[pr.User.ID]
		t.Message = &m
	case t.Conversation != nil:
		c := *t.Conversation
		c.Member = au.members[pr.User.ID]
		t.Conversation = &c
	}
	return Decide(pr, au.action, t)
}
