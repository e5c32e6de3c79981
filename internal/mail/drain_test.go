package mail_test

import (
	"context"
	"errors"
	"io"
	"log/slog"
	"sync"
	"testing"
	"time"

	"github.com/pluttra/pluttra/internal/mail"
	"github.com/pluttra/pluttra/internal/pluttra"
	"github.com/pluttra/pluttra/internal/store"
	"github.com/pluttra/pluttra/internal/testrig"
)

// flakyServer is a mail server that refuses connections until it is up.
type flakyServer struct {
	mu   sync.Mutex
	up   bool
	sent []string
}

func (f *flakyServer) Send(_ context.Context, m mail.Message) error {
	f.mu.Lock()
	defer f.mu.Unlock()
	if !f.up {
		return errors.New("dial tcp 127.0.0.1:25: connect: connection refused")
	}
	f.sent = append(f.sent, m.Subject)
	return nil
}

func (f *flakyServer) count() int {
	f.mu.Lock()
	defer f.mu.Unlock()
	return len(f.sent)
}

func queue(t *testing.T, s *store.Store, org int64, subjects ...string) {
	t.Helper()
	for _, subject := range subjects {
		if err := s.QueueMail(context.Background(), org, &pluttra.OutboxMail{To: "anna@familj.example", Subject: subject, Body: "Hej"}); err != nil {
			t.Fatal(err)
		}
	}
}

func newOrg(t *testing.T, s *store.Store) int64 {
	t.Helper()
	org := pluttra.Organisation{Slug: "m", Name: "M"}
	if err := s.CreateOrganisation(context.Background(), &org); err != nil {
		t.Fatal(err)
	}
	return org.ID
}

// TestAfterAnOutageTheQueueDrainsAtOnce: mails that failed all through a
// long outage wait hours for their next attempt. The first mail that goes
// once the server is back makes every one of them due, and they go in the
// same call, on a clock that has not moved.
func TestAfterAnOutageTheQueueDrainsAtOnce(t *testing.T) {
	ctx := context.Background()
	s := testrig.SQLite(t, store.Options{})
	org := newOrg(t, s)
	queue(t, s, org, "Inbjudan 1", "Inbjudan 2", "Inbjudan 3")
	now := time.Now().Add(time.Second)
	server := &flakyServer{}
	d := &mail.Dispatcher{Outbox: s, Sender: server, Now: func() time.Time { return now }, Logger: slog.New(slog.NewTextHandler(io.Discard, nil))}
	// Hours of outage: every attempt fails, and each wait doubles.
	var next time.Time
	for attempt := range 9 {
		if attempt > 0 {
			now = next
		}
		if sent, failed, err := d.SendDue(ctx); err != nil || sent != 0 || failed != 3 {
			t.Fatalf("during the outage: sent %d, failed %d, %v", sent, failed, err)
		}
		list, err := s.Outbox(ctx, org, 10)
		if err != nil {
			t.Fatal(err)
		}
		next = list[0].NextAttemptAt
	}
	// A minute after the last failed attempt the server is back; the
	// mails would wait hours more.
	now = now.Add(time.Minute)
	if wait := next.Sub(now); wait < 4*time.Hour {
		t.Fatalf("the outage's mail waits %v, want hours", wait)
	}
	server.up = true
	queue(t, s, org, "Inbjudan 4")
	sent, failed, err := d.SendDue(ctx)
	if err != nil || sent != 4 || failed != 0 {
		t.Fatalf("once the server answers: sent %d, failed %d, %v; want the new mail and the three that waited", sent, failed, err)
	}
	list, _ := s.Outbox(ctx, org, 10)
	for _, m := range list {
		if m.Status() != "sent" {
			t.Fatalf("%q is %s", m.Subject, m.Status())
		}
	}
}

// checkedOutbox tells of each time the dispatcher has checked the outbox.
type checkedOutbox struct {
	mail.Outbox
	checked chan struct{}
}

func (c checkedOutbox) ClaimDueMail(ctx context.Context, now time.Time, claimFor time.Duration, limit int) ([]pluttra.OutboxMail, error) {
	ms, err := c.Outbox.ClaimDueMail(ctx, now, claimFor, limit)
	select {
	case c.checked <- struct{}{}:
	default:
	}
	return ms, err
}

// TestWakeSendsWithoutWaiting: a woken dispatcher sends what is due at
// once, not at its next check an hour on.
func TestWakeSendsWithoutWaiting(t *testing.T) {
	s := testrig.SQLite(t, store.Options{})
	org := newOrg(t, s)
	server := &flakyServer{up: true}
	outbox := checkedOutbox{Outbox: s, checked: make(chan struct{}, 10)}
	d := &mail.Dispatcher{Outbox: outbox, Sender: server, Now: time.Now, Every: time.Hour, Logger: slog.New(slog.NewTextHandler(io.Discard, nil))}
	ctx, stop := context.WithCancel(context.Background())
	stopped := make(chan struct{})
	go func() { defer close(stopped); d.Run(ctx) }()
	defer func() { stop(); <-stopped }()
	// Run checks the outbox as it starts; the mail comes after that.
	select {
	case <-outbox.checked:
	case <-time.After(2 * time.Minute):
		t.Fatal("the dispatcher never checked the outbox")
	}
	queue(t, s, org, "Inbjudan")
	d.Wake()
	for deadline := time.Now().Add(2 * time.Minute); server.count() == 0; time.Sleep(10 * time.Millisecond) {
		if time.Now().After(deadline) {
			t.Fatal("the woken dispatcher sent nothing")
		}
	}
}
