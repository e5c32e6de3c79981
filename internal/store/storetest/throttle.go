package storetest

import (
	"bytes"
	"sync"
	"sync/atomic"
	"testing"
	"time"
)

func testThrottle(t *testing.T, open Opener) {
	s := open(t)
	t0 := time.Date(2026, 3, 10, 8, 0, 0, 0, time.UTC)
	for i := range 5 {
		must(t, s.RecordLoginFailure(ctx, "account:a@example.se", t0.Add(time.Duration(i)*time.Minute)))
	}
	must(t, s.RecordLoginFailure(ctx, "address:10.0.0.1", t0))

	t.Run("CountsInWindow", func(t *testing.T) {
		n, err := s.LoginFailuresSince(ctx, "account:a@example.se", t0.Add(2*time.Minute))
		must(t, err)
		if n != 3 {
			t.Fatalf("failures = %d, want 3", n)
		}
	})
	t.Run("Clear", func(t *testing.T) {
		must(t, s.ClearLoginFailures(ctx, "account:a@example.se"))
		n, err := s.LoginFailuresSince(ctx, "account:a@example.se", t0)
		must(t, err)
		if n != 0 {
			t.Fatalf("failures after clear = %d", n)
		}
		n, err = s.LoginFailuresSince(ctx, "address:10.0.0.1", t0)
		must(t, err)
		if n != 1 {
			t.Fatalf("other key's failures = %d, want 1", n)
		}
	})
	t.Run("OldFailuresDropped", func(t *testing.T) {
		must(t, s.RecordLoginFailure(ctx, "address:10.0.0.1", t0.Add(48*time.Hour)))
		n, err := s.LoginFailuresSince(ctx, "address:10.0.0.1", t0.Add(-time.Hour))
		must(t, err)
		if n != 1 {
			t.Fatalf("failures = %d, want the old one dropped", n)
		}
	})
}

func testSecret(t *testing.T, open Opener) {
	s := open(t)
	k1, err := s.Secret(ctx, "device")
	must(t, err)
	k2, err := s.Secret(ctx, "device")
	must(t, err)
	other, err := s.Secret(ctx, "other")
	must(t, err)
	if len(k1) != 32 || !bytes.Equal(k1, k2) {
		t.Fatalf("secret not stable: %x vs %x", k1, k2)
	}
	if bytes.Equal(k1, other) {
		t.Fatal("two secrets share a value")
	}
}

// testReserveLoginAttempt: attempts are counted before they are checked,
// so however many arrive at once, at most the limit get through.
func testReserveLoginAttempt(t *testing.T, open Opener) {
	s := open(t)
	t0 := time.Date(2026, 3, 10, 8, 0, 0, 0, time.UTC)
	t.Run("OKUpToTheLimit", func(t *testing.T) {
		for i := range 3 {
			if _, ok, err := s.ReserveLoginAttempt(ctx, "address:192.0.2.1", t0, t0.Add(-time.Minute), 3); err != nil || !ok {
				t.Fatalf("attempt %d: ok %v err %v", i+1, ok, err)
			}
		}
		if _, ok, err := s.ReserveLoginAttempt(ctx, "address:192.0.2.1", t0, t0.Add(-time.Minute), 3); err != nil || ok {
			t.Fatalf("attempt past the limit: ok %v err %v", ok, err)
		}
		n, err := s.LoginFailuresSince(ctx, "address:192.0.2.1", t0.Add(-time.Minute))
		must(t, err)
		if n != 3 {
			t.Fatalf("failures = %d, want 3: a refused attempt is not counted", n)
		}
	})
	t.Run("ForgiveFreesOne", func(t *testing.T) {
		id, ok, err := s.ReserveLoginAttempt(ctx, "account:f@example.se", t0, t0.Add(-time.Minute), 1)
		if err != nil || !ok {
			t.Fatalf("ok %v err %v", ok, err)
		}
		must(t, s.ForgiveLoginAttempt(ctx, id))
		must(t, s.ForgiveLoginAttempt(ctx, id))
		if _, ok, err := s.ReserveLoginAttempt(ctx, "account:f@example.se", t0, t0.Add(-time.Minute), 1); err != nil || !ok {
			t.Fatalf("after forgiving: ok %v err %v", ok, err)
		}
	})
	t.Run("ConcurrentAttemptsHeldToTheLimit", func(t *testing.T) {
		const attempts, limit = 30, 10
		var wg sync.WaitGroup
		var granted atomic.Int32
		errs := make(chan error, attempts)
		for range attempts {
			wg.Go(func() {
				_, ok, err := s.ReserveLoginAttempt(ctx, "account:race@example.se", t0, t0.Add(-time.Minute), limit)
				if err != nil {
					errs <- err
				}
				if ok {
					granted.Add(1)
				}
			})
		}
		wg.Wait()
		close(errs)
		for err := range errs {
			t.Fatal(err)
		}
		if granted.Load() > limit {
			t.Fatalf("%d of %d concurrent attempts got through, want at most %d", granted.Load(), attempts, limit)
		}
		// Those refused took their records back: the rest of the
		// allowance is still there, and no more.
		later := 0
		for range limit + 1 {
			if _, ok, err := s.ReserveLoginAttempt(ctx, "account:race@example.se", t0, t0.Add(-time.Minute), limit); err != nil {
				t.Fatal(err)
			} else if ok {
				later++
			}
		}
		if int(granted.Load())+later != limit {
			t.Fatalf("%d at once and %d after, want %d in all", granted.Load(), later, limit)
		}
	})
}
