package live

import (
	"context"
	"io"
	"log/slog"
	"math/rand/v2"
	"testing"
	"time"

	"github.com/pluttra/pluttra/internal/store"
	"github.com/pluttra/pluttra/internal/testrig"
)

// TestEventsCrossNodes runs two hubs over one database, as two app nodes
// do: an event published on one reaches the other's subscribers of the
// same organisation, and no other organisation's.
func TestEventsCrossNodes(t *testing.T) {
	for _, b := range testrig.Backends() {
		t.Run(b.Name, func(t *testing.T) {
			t.Parallel()
			st := b.Open(t, store.Options{})
			logger := slog.New(slog.NewTextHandler(io.Discard, nil))
			ctx, cancel := context.WithCancel(context.Background())
			defer cancel()
			nodeA, nodeB := NewHub(st, logger), NewHub(st, logger)
			if !st.Distributed() {
				nodeB = nodeA // one node: SQLite
			}
			listening := make(chan struct{}, 2)
			go nodeA.Run(ctx, func() { listening <- struct{}{} })
			if nodeB != nodeA {
				go nodeB.Run(ctx, func() { listening <- struct{}{} })
				<-listening
			}
			<-listening
			// Other tests share the database's channel: organisation ids of
			// their own keep this test's events apart.
			org := rand.Int64N(1<<40) + 1<<41
			mine, stop := nodeB.Subscribe(org)
			defer stop()
			other, stopOther := nodeB.Subscribe(org + 1)
			defer stopOther()
			nodeA.Publish(ctx, Event{OrgID: org, Kind: "post", ID: 42})
			select {
			case e := <-mine:
				if e != (Event{OrgID: org, Kind: "post", ID: 42}) {
					t.Fatalf("event = %+v", e)
				}
			case <-time.After(5 * time.Second):
				t.Fatal("the event did not arrive")
			}
			select {
			case e := <-other:
				t.Fatalf("another organisation heard %+v", e)
			case <-time.After(100 * time.Millisecond):
			}
		})
	}
}
