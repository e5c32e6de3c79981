package wakeup

import (
	"sync"
	"testing"
)

// TestManyWakesRunOnce: wake-ups while the worker is busy collapse into
// one, and none of them blocks the caller.
func TestManyWakesRunOnce(t *testing.T) {
	var s Signal
	var wg sync.WaitGroup
	for range 50 {
		wg.Add(1)
		go func() { defer wg.Done(); s.Wake() }()
	}
	wg.Wait()
	<-s.C()
	select {
	case <-s.C():
		t.Fatal("fifty wake-ups ran the worker twice")
	default:
	}
	s.Wake()
	select {
	case <-s.C():
	default:
		t.Fatal("a wake-up after the worker ran was lost")
	}
}
