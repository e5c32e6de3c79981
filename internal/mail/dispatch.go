package mail

import (
	"context"
	"errors"
	"log/slog"
	"time"

	"github.com/pluttra/pluttra/internal/pluttra"
	"github.com/pluttra/pluttra/internal/wakeup"
)

// Outbox is the part of the store the dispatcher works on.
type Outbox interface {
	ClaimDueMail(ctx context.Context, now time.Time, claimFor time.Duration, limit int) ([]pluttra.OutboxMail, error)
	MarkMailSent(ctx context.Context, id int64, at time.Time) error
	MarkMailFailed(ctx context.Context, id int64, at time.Time, permanent bool, next time.Time) error
	RetryWaitingMail(ctx context.Context, now time.Time) (int, error)
}

// Dispatcher sends due mail from the outbox. Every app node may run one:
// a mail is claimed by one node at a time.
type Dispatcher struct {
	Outbox Outbox
	Sender Sender
	Now    func() time.Time
	Logger *slog.Logger
	// Every is how often the outbox is checked.
	Every time.Duration

	wake wakeup.Signal
}

// claimFor is how long a claimed mail waits before another node may try
// it, should this one die mid-send.
const claimFor = 2 * time.Minute

// Backoff is the wait before attempt n+1 after n failures: a minute,
// doubling, at most six hours. Mail is retried until it goes or the
// server refuses the address for good: an outage delays it, never loses it.
func Backoff(attempts int) time.Duration {
	d := time.Minute
	for range attempts {
		d *= 2
		if d >= 6*time.Hour {
			return 6 * time.Hour
		}
	}
	return d
}

// Wake tells the dispatcher mail is due now (the admin asked for the
// waiting mail to go), so it need not wait for its next check. It never
// blocks.
func (d *Dispatcher) Wake() { d.wake.Wake() }

// Run sends due mail until ctx ends.
func (d *Dispatcher) Run(ctx context.Context) {
	every := d.Every
	if every <= 0 {
		every = 5 * time.Second
	}
	t := time.NewTicker(every)
	defer t.Stop()
	for {
		if _, _, err := d.SendDue(ctx); err != nil && ctx.Err() == nil {
			d.Logger.Error("mail dispatch", "err", err)
		}
		select {
		case <-ctx.Done():
			return
		case <-t.C:
		case <-d.wake.C():
		}
	}
}

// batch is how many mails one round claims.
const batch = 50

// SendDue sends what is due now and reports how it went. A mail that goes
// shows the server answers: every mail still waiting out a backoff (after
// an outage, up to six hours) is then made due, and this call goes on
// while its rounds send mail and find more due, so the queue drains within
// the minute instead of over each mail's backoff.
func (d *Dispatcher) SendDue(ctx context.Context) (sent, failed int, err error) {
	for {
		s, f, err := d.sendRound(ctx)
		sent, failed = sent+s, failed+f
		if err != nil || s == 0 {
			return sent, failed, err
		}
		retried, err := d.Outbox.RetryWaitingMail(ctx, d.Now())
		if err != nil {
			return sent, failed, err
		}
		if retried > 0 {
			d.Logger.Info("mail goes again: waiting mail is due now", "mails", retried)
		} else if s+f < batch {
			return sent, failed, nil
		}
	}
}

// sendRound claims one batch of due mail and sends it.
func (d *Dispatcher) sendRound(ctx context.Context) (sent, failed int, err error) {
	mails, err := d.Outbox.ClaimDueMail(ctx, d.Now(), claimFor, batch)
	if err != nil {
		return 0, 0, err
	}
	for _, m := range mails {
		sendErr := d.Sender.Send(ctx, Message{To: m.To, Subject: m.Subject, Text: m.Body})
		now := d.Now()
		if sendErr == nil {
			sent++
			if err := d.Outbox.MarkMailSent(ctx, m.ID, now); err != nil {
				return sent, failed, err
			}
			continue
		}
		failed++
		permanent := errors.Is(sendErr, ErrPermanent)
		// The log names the mail by id, never the address.
		d.Logger.Warn("mail not delivered", "mail_id", m.ID, "attempt", m.Attempts+1, "permanent", permanent, "err", sendErr)
		if err := d.Outbox.MarkMailFailed(ctx, m.ID, now, permanent, now.Add(Backoff(m.Attempts))); err != nil {
			return sent, failed, err
		}
	}
	return sent, failed, nil
}
