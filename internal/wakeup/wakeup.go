// Package wakeup lets a request tell a background worker that work is
// waiting, so the worker starts at once instead of at its next poll.
package wakeup

import "sync"

// Signal holds at most one pending wake-up: however many requests wake a
// worker while it is busy, it runs once more, not once per request. The zero
// value is ready to use, from any goroutine.
type Signal struct {
	once sync.Once
	c    chan struct{}
}

func (s *Signal) ch() chan struct{} {
	s.once.Do(func() { s.c = make(chan struct{}, 1) })
	return s.c
}

// Wake marks work as waiting. It never blocks, so the request that calls it
// is not held up by a busy worker.
func (s *Signal) Wake() {
	select {
	case s.ch() <- struct{}{}:
	default:
	}
}

// C is the channel a worker's loop selects on beside its poll ticker.
func (s *Signal) C() <-chan struct{} { return s.ch() }
