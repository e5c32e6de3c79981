package web

import (
	"context"
	"errors"
	"io"
	"log/slog"
	"testing"
	"time"
)

// TestReadinessIsKeptBriefly: probes within readyFor of a check get its
// answer without asking the store again; the next probe after asks anew,
// so a node that recovers is ready again.
func TestReadinessIsKeptBriefly(t *testing.T) {
	t.Parallel()
	var r readiness
	logger := slog.New(slog.NewTextHandler(io.Discard, nil))
	asked := 0
	answer := errors.New("database unavailable")
	ready := func(context.Context) error { asked++; return answer }
	now := time.Date(2026, 3, 10, 9, 0, 0, 0, time.UTC)
	for range 3 {
		if err := r.check(context.Background(), now, logger, ready); err != answer {
			t.Fatalf("check = %v", err)
		}
		now = now.Add(readyFor / 4)
	}
	if asked != 1 {
		t.Fatalf("three probes within %s asked the store %d times, want once", readyFor, asked)
	}
	answer = nil
	now = now.Add(readyFor)
	if err := r.check(context.Background(), now, logger, ready); err != nil || asked != 2 {
		t.Fatalf("a probe after %s = %v, asked %d times, want ready after asking again", readyFor, err, asked)
	}
}
