package web

import (
	"context"
	"encoding/json"
	"html"
	"io"
	"log/slog"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/pluttra/pluttra/internal/mail"
	"github.com/pluttra/pluttra/internal/pluttra"
	"github.com/pluttra/pluttra/internal/testrig"
)

// TestOutboxSendNow: the mail server is back, and the org admin sends the
// waiting mail at once. A mail that waited hours for its next attempt
// reaches the server (mailpit) without anyone waiting out its backoff,
// the request is audited, and no one but the org admin may make it.
func TestOutboxSendNow(t *testing.T) {
	smtpURL := testrig.Service(t, "PLUTTRA_TEST_SMTP_URL", "SMTP server (mailpit)")
	api := testrig.Service(t, "PLUTTRA_TEST_MAILPIT_URL", "mailpit API")
	t.Parallel()
	rg := newRig(t, testrig.SQLite, "http://localhost")
	ctx := context.Background()
	org := rg.world.OrgA.ID
	sv := rg.srv.deps.Catalog.Locale("sv")
	sender, err := mail.NewSMTP(smtpURL, "Pluttra <noreply@pluttra.example>")
	if err != nil {
		t.Fatal(err)
	}
	d := &mail.Dispatcher{Outbox: rg.store, Sender: sender, Now: time.Now, Every: time.Hour,
		Logger: slog.New(slog.NewTextHandler(io.Discard, nil))}
	// What the fixture world queued goes first: no mail of it going later
	// may be what makes the waiting mail due.
	if _, _, err := d.SendDue(ctx); err != nil {
		t.Fatal(err)
	}
	subject := "Inbjudan till Pluttra " + time.Now().Format(time.RFC3339Nano)
	m := pluttra.OutboxMail{To: "anna@familj.example", Subject: subject, Body: "Hej Anna!"}
	if err := rg.store.QueueMail(ctx, org, &m); err != nil {
		t.Fatal(err)
	}
	// The outage: its last attempt failed, the next one is hours away.
	now := time.Now()
	if err := rg.store.MarkMailFailed(ctx, m.ID, now, false, now.Add(6*time.Hour)); err != nil {
		t.Fatal(err)
	}
	running, stop := context.WithCancel(ctx)
	stopped := make(chan struct{})
	go func() { defer close(stopped); d.Run(running) }()
	t.Cleanup(func() { stop(); <-stopped })
	rg.srv.deps.WakeMail = d.Wake
	admin := rg.sessionFor(t, "admin")

	page := rg.do("GET", "/admin/outbox", "", admin)
	if page.Code != http.StatusOK || !strings.Contains(page.Body.String(), html.EscapeString(sv.T("outbox.send_now"))) {
		t.Fatalf("the outbox offers no way to send the waiting mail: %d", page.Code)
	}
	if rec := rg.do("POST", "/admin/outbox/send", "", rg.sessionFor(t, "principal_ekbacken")); rec.Code != http.StatusForbidden {
		t.Fatalf("a principal sent the waiting mail: %d", rec.Code)
	}
	if waiting := outboxMail(t, rg, org, m.ID); !waiting.NextAttemptAt.After(now.Add(time.Hour)) {
		t.Fatalf("the refused request made the mail due: next attempt %v", waiting.NextAttemptAt)
	}

	rec := rg.do("POST", "/admin/outbox/send", "", admin)
	if rec.Code != http.StatusSeeOther || rec.Header().Get("Location") != "/admin/outbox?sent=1" {
		t.Fatalf("send now: %d to %q", rec.Code, rec.Header().Get("Location"))
	}
	for deadline := time.Now().Add(2 * time.Minute); outboxMail(t, rg, org, m.ID).Status() != "sent"; time.Sleep(20 * time.Millisecond) {
		if time.Now().After(deadline) {
			t.Fatalf("the waiting mail is still %s", outboxMail(t, rg, org, m.ID).Status())
		}
	}
	for deadline := time.Now().Add(2 * time.Minute); len(mailpitSubjects(t, api, subject)) != 1; time.Sleep(20 * time.Millisecond) {
		if time.Now().After(deadline) {
			t.Fatalf("mailpit holds %d mails of the subject, want 1", len(mailpitSubjects(t, api, subject)))
		}
	}
	es, err := rg.store.AuditLog(ctx, org, 0, 1)
	if err != nil || len(es) != 1 || es[0].Action != pluttra.ChangeOutboxSendNow || es[0].UserID != rg.world.Users["admin"].ID {
		t.Fatalf("audit = %+v, %v", es, err)
	}
	answer := rg.do("GET", rec.Header().Get("Location"), "", admin)
	if !strings.Contains(answer.Body.String(), html.EscapeString(sv.T("outbox.sent_now", "Count", 1))) {
		t.Fatal("the outbox does not say the waiting mail is being sent")
	}
}

// outboxMail reads one mail of the organisation's outbox.
func outboxMail(t *testing.T, rg *rig, org, id int64) pluttra.OutboxMail {
	t.Helper()
	list, err := rg.store.Outbox(context.Background(), org, 200)
	if err != nil {
		t.Fatal(err)
	}
	for _, m := range list {
		if m.ID == id {
			return m
		}
	}
	t.Fatalf("mail %d is not in the outbox", id)
	return pluttra.OutboxMail{}
}

// mailpitSubjects lists the subjects of the mails mailpit holds with this
// subject.
func mailpitSubjects(t *testing.T, api, subject string) []string {
	t.Helper()
	resp, err := http.Get(api + "/api/v1/search?query=" + url.QueryEscape(`subject:"`+subject+`"`))
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	var out struct{ Messages []struct{ Subject string } }
	if err := json.NewDecoder(resp.Body).Decode(&out); err != nil {
		t.Fatal(err)
	}
	var subjects []string
	for _, m := range out.Messages {
		subjects = append(subjects, m.Subject)
	}
	return subjects
}
