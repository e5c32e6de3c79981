// Package live carries "something new" to open pages: when a post is
// published or changed, every page of the organisation that listens
// hears the post's id at once and asks for it, through the access policy,
// like any other request. Events hold ids only. With PostgreSQL they cross
// app nodes by LISTEN/NOTIFY; with SQLite there is one node.
package live

import (
	"context"
	"fmt"
	"log/slog"
	"strconv"
	"strings"
	"sync"
	"time"
)

// Event says that a resource of an organisation changed.
type Event struct {
	OrgID int64
	Kind  string // "post" or "calendar"
	ID    int64
}

func (e Event) payload() string {
	return strconv.FormatInt(e.OrgID, 10) + ":" + e.Kind + ":" + strconv.FormatInt(e.ID, 10)
}

func parseEvent(p string) (Event, error) {
	parts := strings.Split(p, ":")
	if len(parts) != 3 {
		return Event{}, fmt.Errorf("live: bad event %q", p)
	}
	org, err1 := strconv.ParseInt(parts[0], 10, 64)
	id, err2 := strconv.ParseInt(parts[2], 10, 64)
	if err1 != nil || err2 != nil {
		return Event{}, fmt.Errorf("live: bad event %q", p)
	}
	return Event{OrgID: org, Kind: parts[1], ID: id}, nil
}

// Broadcaster carries events between app nodes.
type Broadcaster interface {
	Distributed() bool
	Notify(ctx context.Context, channel, payload string) error
	Listen(ctx context.Context, channel string, ready func(), fn func(payload string)) error
}

// channel is the database channel events travel on.
const channel = "pluttra_live"

// Hub fans events out to the listeners of this node.
type Hub struct {
	b      Broadcaster
	logger *slog.Logger

	mu   sync.Mutex
	subs map[int64]map[Listener]struct{}
}

// Listener hears the events of an organisation. Hear is called with the
// hub's lock held, once per event and listener, on the goroutine that
// delivers the event: it must return at once, keeping the event or
// waking whoever will handle it, never waiting.
type Listener interface {
	Hear(Event)
}

// NewHub returns a hub; Run must be running for events of other nodes
// (and, with PostgreSQL, this node's own) to arrive.
func NewHub(b Broadcaster, logger *slog.Logger) *Hub {
	return &Hub{b: b, logger: logger, subs: map[int64]map[Listener]struct{}{}}
}

// Listen has l hear the organisation's events until the returned function
// is called. A listener must be comparable, and listen once at a time.
func (h *Hub) Listen(orgID int64, l Listener) (stop func()) {
	h.mu.Lock()
	if h.subs[orgID] == nil {
		h.subs[orgID] = map[Listener]struct{}{}
	}
	h.subs[orgID][l] = struct{}{}
	h.mu.Unlock()
	return func() {
		h.mu.Lock()
		delete(h.subs[orgID], l)
		if len(h.subs[orgID]) == 0 {
			delete(h.subs, orgID)
		}
		h.mu.Unlock()
	}
}

// subscriberBuffer is how many events a channel subscriber may fall
// behind by.
const subscriberBuffer = 8

// chanListener keeps events in a channel, dropping those it has no room for.
type chanListener chan Event

func (c chanListener) Hear(e Event) {
	select {
	case c <- e:
	default:
	}
}

// Subscribe returns a channel of the organisation's events and a function
// that ends the subscription. A subscriber that falls behind loses events
// rather than slowing anyone down; pages catch up on their next load.
func (h *Hub) Subscribe(orgID int64) (<-chan Event, func()) {
	ch := make(chanListener, subscriberBuffer)
	return ch, h.Listen(orgID, ch)
}

// Publish announces an event to every node. Call it after the change has
// committed, so a page that asks at once finds it.
func (h *Hub) Publish(ctx context.Context, e Event) {
	if h.b != nil && h.b.Distributed() {
		if err := h.b.Notify(ctx, channel, e.payload()); err != nil {
			h.logger.Warn("live event not sent to other nodes; delivered here only", "err", err)
			h.deliver(e)
		}
		return
	}
	h.deliver(e)
}

func (h *Hub) deliver(e Event) {
	h.mu.Lock()
	defer h.mu.Unlock()
	for l := range h.subs[e.OrgID] {
		l.Hear(e)
	}
}

// Run receives the events of every node until ctx ends, reconnecting after
// a lost connection. ready, if set, is called each time it listens.
func (h *Hub) Run(ctx context.Context, ready func()) {
	if h.b == nil || !h.b.Distributed() {
		if ready != nil {
			ready()
		}
		<-ctx.Done()
		return
	}
	for ctx.Err() == nil {
		err := h.b.Listen(ctx, channel, ready, func(p string) {
			e, err := parseEvent(p)
			if err != nil {
				h.logger.Warn("live", "err", err)
				return
			}
			h.deliver(e)
		})
		if ctx.Err() != nil {
			return
		}
		h.logger.Warn("live events: listening again shortly", "err", err)
		select {
		case <-ctx.Done():
		case <-time.After(2 * time.Second):
		}
	}
}
