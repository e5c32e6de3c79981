package storetest

import (
	"sync"
	"testing"
	"time"

	"github.com/pluttra/pluttra/internal/pluttra"
)

// ClockOpener returns a fresh, empty store for one test that reads the time
// only from now. The cases where time matters (notices due after quiet
// hours, claims, reminders, feed windows) run their store on a clock of
// their own, so what the store writes at "now" and the times a case claims
// or compares at never drift apart, however slow or busy the machine.
type ClockOpener func(t testing.TB, now func() time.Time) pluttra.Store

// morning is where a case's clock starts: ten o'clock, Stockholm time, on
// the suite's fixed day.
var morning = pluttra.WallTime(today, 10*60)

// clock is a time the case moves by hand; it stands still otherwise.
type clock struct {
	mu sync.Mutex
	at time.Time
}

// Now is the clock's time; the store reads it through Options.Now, from
// any goroutine.
func (c *clock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.at
}

// Add moves the clock on by d and returns the new time.
func (c *clock) Add(d time.Duration) time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.at = c.at.Add(d)
	return c.at
}

// at opens a fresh store whose clock stands at start until the case moves
// it.
func (open ClockOpener) at(t testing.TB, start time.Time) (pluttra.Store, *clock) {
	t.Helper()
	c := &clock{at: start}
	return open(t, c.Now), c
}
