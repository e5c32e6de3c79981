package storetest

import (
	"testing"
	"time"

	"github.com/pluttra/pluttra/internal/pluttra"
)

func testOutbox(t *testing.T, open Opener) {
	s := open(t)
	a := newTenant(t, s, "a")
	b := newTenant(t, s, "b")
	first := pluttra.OutboxMail{To: "anna@example.se", Subject: "Välkommen", Body: "Hej"}
	must(t, s.QueueMail(ctx, a.org.ID, &first))
	second := pluttra.OutboxMail{To: "bo@example.se", Subject: "Välkommen", Body: "Hej"}
	must(t, s.QueueMail(ctx, b.org.ID, &second))
	// The suite's clock starts once both are queued: on a busy machine
	// queueing may take a while, and both must be due at its start.
	now := time.Now().UTC().Truncate(time.Second).Add(time.Second)

	t.Run("ClaimedOnce", func(t *testing.T) {
		got, err := s.ClaimDueMail(ctx, now.Add(time.Second), time.Minute, 10)
		must(t, err)
		if len(got) != 2 || got[0].ID != first.ID || got[0].Body != "Hej" {
			t.Fatalf("claimed %+v", got)
		}
		again, err := s.ClaimDueMail(ctx, now.Add(2*time.Second), time.Minute, 10)
		must(t, err)
		if len(again) != 0 {
			t.Fatalf("claimed mails claimed again: %d", len(again))
		}
	})
	t.Run("RetryThenSent", func(t *testing.T) {
		must(t, s.MarkMailFailed(ctx, first.ID, now, false, now.Add(5*time.Minute)))
		got, _ := s.ClaimDueMail(ctx, now.Add(time.Minute), time.Minute, 10)
		if len(got) != 0 {
			t.Fatal("a mail was retried before its time")
		}
		got, _ = s.ClaimDueMail(ctx, now.Add(6*time.Minute), time.Minute, 10)
		// The second mail's claim has run out without a result, as after a
		// crash: it is due again too.
		if len(got) != 2 || got[0].ID != second.ID || got[1].ID != first.ID || got[1].Attempts != 1 || got[1].LastError != "temporary" {
			t.Fatalf("retry = %+v", got)
		}
		must(t, s.MarkMailSent(ctx, first.ID, now.Add(6*time.Minute)))
		list, err := s.Outbox(ctx, a.org.ID, 10)
		must(t, err)
		if len(list) != 1 || list[0].Status() != "sent" || list[0].Attempts != 2 {
			t.Fatalf("outbox = %+v", list)
		}
	})
	t.Run("PermanentFailureStops", func(t *testing.T) {
		must(t, s.MarkMailFailed(ctx, second.ID, now, true, now))
		got, _ := s.ClaimDueMail(ctx, now.Add(time.Hour), time.Minute, 10)
		if len(got) != 0 {
			t.Fatal("a bounced mail was claimed again")
		}
		list, _ := s.Outbox(ctx, b.org.ID, 10)
		if len(list) != 1 || list[0].Status() != "bounced" {
			t.Fatalf("outbox b = %+v", list)
		}
	})
	t.Run("LatestTo", func(t *testing.T) {
		m, err := s.LatestMailTo(ctx, b.org.ID, "bo@example.se")
		must(t, err)
		if m.ID != second.ID || m.Status() != "bounced" {
			t.Fatalf("latest = %+v", m)
		}
		_, err = s.LatestMailTo(ctx, a.org.ID, "bo@example.se")
		wantCode(t, err, pluttra.ENOTFOUND)
	})
	t.Run("ErrInvalid", func(t *testing.T) {
		wantCode(t, s.QueueMail(ctx, a.org.ID, &pluttra.OutboxMail{Subject: "x"}), pluttra.EINVALID)
	})
}
