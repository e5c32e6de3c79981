package web

import (
	"context"
	"sync"
	"time"

	"github.com/pluttra/pluttra/internal/access"
	"github.com/pluttra/pluttra/internal/live"
)

// liveAudiences shares the facts of each live event among the streams of
// this node: a unit-wide message reaches thousands of open pages, and each
// must not read the message, its recipients and the organisation's epoch
// again. The first stream to hear an event reads them; the others wait
// for that and decide in memory.
type liveAudiences struct {
	mu     sync.Mutex
	events map[live.Event]*liveAudience
}

// liveAudience is one event's facts, read once.
type liveAudience struct {
	once     sync.Once
	made     time.Time
	epoch    int64 // the organisation's epoch when the facts were read
	audience *access.Audience
	err      error
}

// liveAudienceLife is how long an event's facts are kept: long enough for
// every stream of the node to hear it, short enough to stay small.
const liveAudienceLife = 30 * time.Second

// liveActions is the action a viewer must be allowed to hear an event of
// each kind.
var liveActions = map[string]access.Action{
	"post":         access.ViewPost,
	"message":      access.ViewMessage,
	"conversation": access.ViewConversation,
	"calendar":     access.ViewEvent,
}

// of returns the event's facts, reading them if this is the first stream
// to ask.
func (s *Server) liveAudienceOf(ctx context.Context, e live.Event) *liveAudience {
	a := &s.liveAudiences
	now := s.deps.Now()
	a.mu.Lock()
	if a.events == nil {
		a.events = map[live.Event]*liveAudience{}
	}
	la := a.events[e]
	if la == nil {
		la = &liveAudience{made: now}
		a.events[e] = la
		for k, old := range a.events {
			if now.Sub(old.made) > liveAudienceLife {
				delete(a.events, k)
			}
		}
	}
	a.mu.Unlock()
	la.once.Do(func() {
		// Read for every stream of the node: not cut short when the
		// stream that happens to read first goes away.
		apart(func() {
			ctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), liveReadWait)
			defer cancel()
			if la.epoch, la.err = s.deps.Store.Epoch(ctx, e.OrgID); la.err != nil {
				return
			}
			la.audience, la.err = s.deps.Policy.Audience(ctx, e.OrgID, liveActions[e.Kind], e.ID)
		})
	})
	return la
}
