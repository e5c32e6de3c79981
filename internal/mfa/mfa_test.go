package mfa

import (
	"strings"
	"testing"
	"time"
)

func TestMatch(t *testing.T) {
	e, err := NewEnrolment("Pluttra", "eva@example.se")
	if err != nil {
		t.Fatal(err)
	}
	if !strings.HasPrefix(e.URL, "otpauth://totp/Pluttra:eva@example.se?") || !strings.HasPrefix(e.QRPNG, "data:image/png;base64,") {
		t.Fatalf("enrolment = %+v", e)
	}
	now := time.Date(2026, 3, 10, 8, 0, 10, 0, time.UTC)
	for offset, ok := range map[time.Duration]bool{0: true, -30 * time.Second: true, 30 * time.Second: true, -90 * time.Second: false, 2 * time.Minute: false} {
		code, err := Code(e.Secret, now.Add(offset))
		if err != nil {
			t.Fatal(err)
		}
		step, matched := Match(e.Secret, " "+code+" ", now)
		if matched != ok {
			t.Errorf("offset %v: matched = %v, want %v", offset, matched, ok)
		}
		if matched && step != Step(now.Add(offset)) {
			t.Errorf("offset %v: step %d, want %d", offset, step, Step(now.Add(offset)))
		}
	}
	again, err := EnrolmentOf("Pluttra", "eva@example.se", e.Secret)
	if err != nil || again.Secret != e.Secret || again.QRPNG != e.QRPNG {
		t.Fatalf("the same secret shows differently: %v", err)
	}
	if _, ok := Match(e.Secret, "12345", now); ok {
		t.Fatal("a five-digit code matched")
	}
}
