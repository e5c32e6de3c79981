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
	// waiting queues a mail and fails it until it waits hours for its
	// next attempt, as after a long outage.
	waiting := func(t *testing.T, org int64, to string) pluttra.OutboxMail {
		t.Helper()
		m := pluttra.OutboxMail{To: to, Subject: "Påminnelse", Body: "Hej"}
		must(t, s.QueueMail(ctx, org, &m))
		must(t, s.MarkMailFailed(ctx, m.ID, now, false, now.Add(6*time.Hour)))
		return m
	}
	// claimed claims what is due at a time; the mails of earlier
	// subtests may be among it.
	claimed := func(t *testing.T, at time.Time) map[int64]bool {
		t.Helper()
		got, err := s.ClaimDueMail(ctx, at, time.Minute, 10)
		must(t, err)
		ids := map[int64]bool{}
		for _, m := range got {
			ids[m.ID] = true
		}
		return ids
	}
	t.Run("SuccessRetriesEveryWaitingMail", func(t *testing.T) {
		c, d := waiting(t, a.org.ID, "cecilia@example.se"), waiting(t, b.org.ID, "david@example.se")
		at := now.Add(10 * time.Minute)
		if ids := claimed(t, at); ids[c.ID] || ids[d.ID] {
			t.Fatalf("mails claimed before their backoff ran out: %v", ids)
		}
		n, err := s.RetryWaitingMail(ctx, at)
		must(t, err)
		// Sent and bounced mail stay as they are.
		if n != 2 {
			t.Fatalf("made %d mails due, want 2", n)
		}
		if ids := claimed(t, at); !ids[c.ID] || !ids[d.ID] {
			t.Fatalf("claimed %v, want %d and %d among them", ids, c.ID, d.ID)
		}
		must(t, s.MarkMailSent(ctx, c.ID, at))
		must(t, s.MarkMailSent(ctx, d.ID, at))
		if n, err := s.RetryWaitingMail(ctx, at); err != nil || n != 0 {
			t.Fatalf("with nothing waiting: %d, %v", n, err)
		}
	})
	t.Run("AdminSendsOwnWaitingMailNow", func(t *testing.T) {
		admin := newUser(t, s, a.org.ID, pluttra.KindOrgAdmin, "admin@example.se")
		as := pluttra.WithActor(ctx, pluttra.Actor{UserID: admin.ID, RequestID: "req-send"})
		e, f := waiting(t, a.org.ID, "emil@example.se"), waiting(t, b.org.ID, "frida@example.se")
		n, err := s.SendWaitingMailNow(as, a.org.ID)
		must(t, err)
		if n != 1 {
			t.Fatalf("made %d mails due, want 1", n)
		}
		// The store's clock said when: due by now, and only this
		// organisation's.
		if ids := claimed(t, time.Now().Add(time.Second)); !ids[e.ID] || ids[f.ID] {
			t.Fatalf("claimed %v, want %d and not the other organisation's %d", ids, e.ID, f.ID)
		}
		es, err := s.AuditLog(ctx, a.org.ID, 0, 1)
		must(t, err)
		if len(es) != 1 || es[0].Action != pluttra.ChangeOutboxSendNow || es[0].TargetKind != "organisation" ||
			es[0].TargetID != a.org.ID || es[0].UserID != admin.ID {
			t.Fatalf("audit = %+v", es)
		}
		if es, _ := s.AuditLog(ctx, b.org.ID, 0, 10); len(es) != 0 {
			t.Fatalf("another organisation's audit log has %+v", es)
		}
	})
	t.Run("ErrInvalid", func(t *testing.T) {
		wantCode(t, s.QueueMail(ctx, a.org.ID, &pluttra.OutboxMail{Subject: "x"}), pluttra.EINVALID)
	})
}
