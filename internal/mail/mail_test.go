package mail_test

import (
	"context"
	"encoding/json"
	"io"
	"log/slog"
	"net/http"
	"net/url"
	"testing"
	"time"

	"github.com/pluttra/pluttra/internal/mail"
	"github.com/pluttra/pluttra/internal/pluttra"
	"github.com/pluttra/pluttra/internal/store"
	"github.com/pluttra/pluttra/internal/testrig"
)

// mailpitMessage is what mailpit's API tells of a message.
type mailpitMessage struct {
	Subject string
	To      []struct{ Address string }
}

// received lists the messages mailpit holds with this subject.
func received(t *testing.T, api, subject string) []mailpitMessage {
	t.Helper()
	resp, err := http.Get(api + "/api/v1/search?query=" + url.QueryEscape(`subject:"`+subject+`"`))
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	var out struct{ Messages []mailpitMessage }
	if err := json.NewDecoder(resp.Body).Decode(&out); err != nil {
		t.Fatal(err)
	}
	return out.Messages
}

func TestDispatchThroughRealSMTP(t *testing.T) {
	smtpURL := testrig.Service(t, "PLUTTRA_TEST_SMTP_URL", "SMTP server (mailpit)")
	api := testrig.Service(t, "PLUTTRA_TEST_MAILPIT_URL", "mailpit API")
	ctx := context.Background()
	s := testrig.SQLite(t, store.Options{})
	org := pluttra.Organisation{Slug: "m", Name: "M"}
	if err := s.CreateOrganisation(ctx, &org); err != nil {
		t.Fatal(err)
	}
	logger := slog.New(slog.NewTextHandler(io.Discard, nil))
	subject := "Välkommen till Pluttra " + time.Now().Format(time.RFC3339Nano)
	good := pluttra.OutboxMail{To: "anna@familj.example", Subject: subject, Body: "Hej Anna!\nKlicka på länken."}
	bad := pluttra.OutboxMail{To: "nobody@bounce.invalid", Subject: subject + " (studsar)", Body: "x"}
	for _, m := range []*pluttra.OutboxMail{&good, &bad} {
		if err := s.QueueMail(ctx, org.ID, m); err != nil {
			t.Fatal(err)
		}
	}
	now := time.Now().Add(time.Second) // the mails are due
	clock := func() time.Time { return now }

	t.Run("UnreachableServerDelaysNeverLoses", func(t *testing.T) {
		down, err := mail.NewSMTP("smtp://127.0.0.1:1", "Pluttra <noreply@pluttra.example>")
		if err != nil {
			t.Fatal(err)
		}
		d := &mail.Dispatcher{Outbox: s, Sender: down, Now: clock, Logger: logger}
		sent, failed, err := d.SendDue(ctx)
		if err != nil || sent != 0 || failed != 2 {
			t.Fatalf("sent=%d failed=%d err=%v", sent, failed, err)
		}
		list, _ := s.Outbox(ctx, org.ID, 10)
		for _, m := range list {
			if m.Status() != "retrying" || !m.NextAttemptAt.After(now) {
				t.Fatalf("after an outage: %s next %v", m.Status(), m.NextAttemptAt)
			}
		}
	})
	t.Run("DeliveredOnceTheServerAnswers", func(t *testing.T) {
		up, err := mail.NewSMTP(smtpURL, "Pluttra <noreply@pluttra.example>")
		if err != nil {
			t.Fatal(err)
		}
		d := &mail.Dispatcher{Outbox: s, Sender: up, Now: clock, Logger: logger}
		if sent, _, _ := d.SendDue(ctx); sent != 0 {
			t.Fatal("a mail was retried before its backoff ran out")
		}
		now = now.Add(mail.Backoff(0) + time.Second)
		sent, failed, err := d.SendDue(ctx)
		if err != nil || sent != 1 || failed != 1 {
			t.Fatalf("sent=%d failed=%d err=%v", sent, failed, err)
		}
		got := received(t, api, subject)
		if len(got) != 1 || got[0].Subject != subject || len(got[0].To) != 1 || got[0].To[0].Address != "anna@familj.example" {
			t.Fatalf("mailpit holds %+v", got)
		}
		list, _ := s.Outbox(ctx, org.ID, 10)
		status := map[string]string{}
		for _, m := range list {
			status[m.To] = m.Status()
		}
		if status["anna@familj.example"] != "sent" || status["nobody@bounce.invalid"] != "bounced" {
			t.Fatalf("statuses = %v", status)
		}
	})
}

func TestBackoff(t *testing.T) {
	want := []time.Duration{time.Minute, 2 * time.Minute, 4 * time.Minute, 8 * time.Minute}
	for n, w := range want {
		if got := mail.Backoff(n); got != w {
			t.Errorf("Backoff(%d) = %v, want %v", n, got, w)
		}
	}
	if mail.Backoff(40) != 6*time.Hour {
		t.Error("backoff not capped at six hours")
	}
}

func TestNewSMTPRefusesBadURLs(t *testing.T) {
	for _, u := range []string{"http://mail", "smtp://", "smtp://host:port"} {
		if _, err := mail.NewSMTP(u, "x@y.se"); err == nil {
			t.Errorf("%q accepted", u)
		}
	}
}
