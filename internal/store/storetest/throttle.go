package storetest

import (
	"bytes"
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
