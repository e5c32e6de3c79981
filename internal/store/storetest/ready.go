package storetest

import "testing"

// testReady: a fresh store answers and can take writes.
func testReady(t *testing.T, open Opener) {
	s := open(t)
	if err := s.Ready(ctx); err != nil {
		t.Fatalf("a fresh store is not ready: %v", err)
	}
}
