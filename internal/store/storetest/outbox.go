package storetest

import (
	"testing"
	"time"

	"github.com/pluttra/pluttra/internal/pluttra"
)

// testOutbox runs each case on a store of its own: the mail queue spans
// every organisation, so a claim would pick up what another case left due.
func testOutbox(t *testing.T, openAt ClockOpener) {
	// queued is a store on a clock standing at now, with one mail queued in
	// each of two organisations.
	type queued struct {
		s             pluttra.Store
		a, b          tenant
		first, second pluttra.OutboxMail
	}
	now := morning
	fresh := func(t *testing.T) queued {
		t.Helper()
		s, _ := openAt.at(t, now)
		q := queued{s: s, a: newTenant(t, s, "a"), b: newTenant(t, s, "b")}
		q.first = pluttra.OutboxMail{To: "anna@example.se", Subject: "Välkommen", Body: "Hej"}
		must(t, s.QueueMail(ctx, q.a.org.ID, &q.first))
		q.second = pluttra.OutboxMail{To: "bo@example.se", Subject: "Välkommen", Body: "Hej"}
		must(t, s.QueueMail(ctx, q.b.org.ID, &q.second))
		return q
	}
	// claimedBoth is fresh with both mails claimed once, a second later.
	claimedBoth := func(t *testing.T) queued {
		t.Helper()
		q := fresh(t)
		got, err := q.s.ClaimDueMail(ctx, now.Add(time.Second), time.Minute, 10)
		must(t, err)
		if len(got) != 2 || got[0].ID != q.first.ID || got[0].Body != "Hej" {
			t.Fatalf("claimed %+v", got)
		}
		return q
	}

	t.Run("ClaimedOnce", func(t *testing.T) {
		q := claimedBoth(t)
		again, err := q.s.ClaimDueMail(ctx, now.Add(2*time.Second), time.Minute, 10)
		must(t, err)
		if len(again) != 0 {
			t.Fatalf("claimed mails claimed again: %d", len(again))
		}
	})
	t.Run("RetryThenSent", func(t *testing.T) {
		q := claimedBoth(t)
		s, first, second := q.s, q.first, q.second
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
		list, err := s.Outbox(ctx, q.a.org.ID, 10)
		must(t, err)
		if len(list) != 1 || list[0].Status() != "sent" || list[0].Attempts != 2 {
			t.Fatalf("outbox = %+v", list)
		}
	})
	// bounced is claimedBoth with the second mail refused for good.
	bounced := func(t *testing.T) queued {
		t.Helper()
		q := claimedBoth(t)
		must(t, q.s.MarkMailFailed(ctx, q.second.ID, now, true, now))
		return q
	}
	t.Run("PermanentFailureStops", func(t *testing.T) {
		q := bounced(t)
		got, _ := q.s.ClaimDueMail(ctx, now.Add(time.Hour), time.Minute, 10)
		if len(got) != 1 || got[0].ID != q.first.ID {
			t.Fatalf("claimed %+v after the bounce, want only the mail never answered", got)
		}
		list, _ := q.s.Outbox(ctx, q.b.org.ID, 10)
		if len(list) != 1 || list[0].Status() != "bounced" {
			t.Fatalf("outbox b = %+v", list)
		}
	})
	t.Run("LatestTo", func(t *testing.T) {
		q := bounced(t)
		m, err := q.s.LatestMailTo(ctx, q.b.org.ID, "bo@example.se")
		must(t, err)
		if m.ID != q.second.ID || m.Status() != "bounced" {
			t.Fatalf("latest = %+v", m)
		}
		_, err = q.s.LatestMailTo(ctx, q.a.org.ID, "bo@example.se")
		wantCode(t, err, pluttra.ENOTFOUND)
	})
	// waiting queues a mail and fails it until it waits hours for its
	// next attempt, as after a long outage.
	waiting := func(t *testing.T, s pluttra.Store, org int64, to string) pluttra.OutboxMail {
		t.Helper()
		m := pluttra.OutboxMail{To: to, Subject: "Påminnelse", Body: "Hej"}
		must(t, s.QueueMail(ctx, org, &m))
		must(t, s.MarkMailFailed(ctx, m.ID, now, false, now.Add(6*time.Hour)))
		return m
	}
	// claimed claims what is due at a time.
	claimed := func(t *testing.T, s pluttra.Store, at time.Time) map[int64]bool {
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
		// One mail sent and one bounced beside the two that wait.
		q := bounced(t)
		s := q.s
		must(t, s.MarkMailSent(ctx, q.first.ID, now.Add(time.Second)))
		c, d := waiting(t, s, q.a.org.ID, "cecilia@example.se"), waiting(t, s, q.b.org.ID, "david@example.se")
		at := now.Add(10 * time.Minute)
		if ids := claimed(t, s, at); len(ids) != 0 {
			t.Fatalf("mails claimed before their backoff ran out: %v", ids)
		}
		n, err := s.RetryWaitingMail(ctx, at)
		must(t, err)
		// Sent and bounced mail stay as they are.
		if n != 2 {
			t.Fatalf("made %d mails due, want 2", n)
		}
		if ids := claimed(t, s, at); len(ids) != 2 || !ids[c.ID] || !ids[d.ID] {
			t.Fatalf("claimed %v, want %d and %d", ids, c.ID, d.ID)
		}
		must(t, s.MarkMailSent(ctx, c.ID, at))
		must(t, s.MarkMailSent(ctx, d.ID, at))
		if n, err := s.RetryWaitingMail(ctx, at); err != nil || n != 0 {
			t.Fatalf("with nothing waiting: %d, %v", n, err)
		}
	})
	t.Run("AdminSendsOwnWaitingMailNow", func(t *testing.T) {
		s, _ := openAt.at(t, now)
		a, b := newTenant(t, s, "a"), newTenant(t, s, "b")
		admin := newUser(t, s, a.org.ID, pluttra.KindOrgAdmin, "admin@example.se")
		as := pluttra.WithActor(ctx, pluttra.Actor{UserID: admin.ID, RequestID: "req-send"})
		e, f := waiting(t, s, a.org.ID, "emil@example.se"), waiting(t, s, b.org.ID, "frida@example.se")
		n, err := s.SendWaitingMailNow(as, a.org.ID)
		must(t, err)
		if n != 1 {
			t.Fatalf("made %d mails due, want 1", n)
		}
		// The store's clock said when: due by now, and only this
		// organisation's.
		if ids := claimed(t, s, now.Add(time.Second)); !ids[e.ID] || ids[f.ID] {
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
		s, _ := openAt.at(t, now)
		a := newTenant(t, s, "a")
		wantCode(t, s.QueueMail(ctx, a.org.ID, &pluttra.OutboxMail{Subject: "x"}), pluttra.EINVALID)
	})
}
