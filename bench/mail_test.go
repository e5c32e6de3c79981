package bench

import (
	"context"
	"fmt"
	"io"
	"log/slog"
	"testing"
	"time"

	"github.com/pluttra/pluttra/internal/mail"
	"github.com/pluttra/pluttra/internal/pluttra"
	"github.com/pluttra/pluttra/internal/store"
	"github.com/pluttra/pluttra/internal/testrig"
)

// BenchmarkInvitationMails queues invitation mails (token and mail in one
// transaction, as an invitation does) and sends them through the real SMTP
// server the test command starts, reporting delivered mails per second.
func BenchmarkInvitationMails(b *testing.B) {
	smtpURL := testrig.Service(b, "PLUTTRA_TEST_SMTP_URL", "SMTP server (mailpit)")
	ctx := context.Background()
	s := testrig.SQLite(b, store.Options{})
	org := pluttra.Organisation{Slug: "m", Name: "Mail"}
	if err := s.CreateOrganisation(ctx, &org); err != nil {
		b.Fatal(err)
	}
	const batch = 200
	users := make([]pluttra.User, batch)
	for i := range users {
		users[i] = pluttra.User{Kind: pluttra.KindGuardian, Email: fmt.Sprintf("vh%d@familj.example", i), Name: "VH"}
		if err := s.CreateUser(ctx, org.ID, &users[i]); err != nil {
			b.Fatal(err)
		}
	}
	sender, err := mail.NewSMTP(smtpURL, "Pluttra <noreply@pluttra.example>")
	if err != nil {
		b.Fatal(err)
	}
	d := &mail.Dispatcher{Outbox: s, Sender: sender, Now: time.Now, Logger: slog.New(slog.NewTextHandler(io.Discard, nil))}
	sent := 0
	b.ResetTimer()
	for i := range b.N {
		for j := range users {
			t := &pluttra.Token{UserID: users[j].ID, Purpose: pluttra.PurposeInvite, ExpiresAt: time.Now().Add(time.Hour)}
			hash := []byte(fmt.Sprintf("bench-%d-%d", i, j))
			m := &pluttra.OutboxMail{To: users[j].Email, Subject: "Inbjudan till Pluttra", Body: "Välj ditt lösenord: https://pluttra.example/invite/x"}
			if err := s.IssueToken(ctx, org.ID, t, hash, m); err != nil {
				b.Fatal(err)
			}
		}
		for {
			n, failed, err := d.SendDue(ctx)
			if err != nil || failed > 0 {
				b.Fatalf("sent=%d failed=%d err=%v", n, failed, err)
			}
			if n == 0 {
				break
			}
			sent += n
		}
	}
	b.ReportMetric(float64(sent)/b.Elapsed().Seconds(), "mails/s")
}
