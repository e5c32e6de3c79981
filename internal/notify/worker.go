// Package notify delivers notices: it claims due deliveries from the
// store and sends each by push to the recipient's devices, or by email
// through the outbox, or gathers them into the recipient's daily digest,
// always in the recipient's own language. Every app node may run a
// Worker; a delivery is claimed by one node at a time.
package notify

import (
	"context"
	"encoding/json"
	"fmt"
	"log/slog"
	"sync"
	"time"

	"github.com/pluttra/pluttra/internal/i18n"
	"github.com/pluttra/pluttra/internal/pluttra"
	"github.com/pluttra/pluttra/internal/push"
	"github.com/pluttra/pluttra/internal/wakeup"
)

// Store is the part of the store the worker uses.
type Store interface {
	ClaimDueNotices(ctx context.Context, now time.Time, claimFor time.Duration, limit int) ([]pluttra.NoticeDelivery, error)
	ClaimDueDigests(ctx context.Context, now time.Time, claimFor time.Duration, limit int) ([]pluttra.DigestBatch, error)
	FinishDelivery(ctx context.Context, orgID, id int64, status pluttra.DeliveryStatus, via pluttra.Channel, lastError string, at time.Time) error
	RetryDelivery(ctx context.Context, orgID, id int64, next time.Time, lastError string) error
	DeliverNoticeByMail(ctx context.Context, orgID, id int64, m *pluttra.OutboxMail) error
	DeliverDigest(ctx context.Context, orgID, userID int64, ids []int64, m *pluttra.OutboxMail) error
	PruneNotices(ctx context.Context, before time.Time, limit int) (int, error)
	PushSubscriptions(ctx context.Context, orgID, userID int64) ([]pluttra.PushSubscription, error)
	RemovePushSubscription(ctx context.Context, orgID, id int64) error
	NoticePrefs(ctx context.Context, orgID, userID int64) (*pluttra.NoticePrefs, error)
	User(ctx context.Context, orgID, userID int64) (*pluttra.User, error)
	// QueueTalkReminders writes the due day-before reminders of
	// development talks as notices.
	QueueTalkReminders(ctx context.Context, now time.Time) (int, error)
}

// Pusher sends one push message; push.Sender is the real one.
type Pusher interface {
	Send(ctx context.Context, sub pluttra.PushSubscription, payload []byte, urgent bool) (push.Outcome, error)
}

// Worker delivers due notices.
type Worker struct {
	Store   Store
	Push    Pusher // nil: push is not configured, and push notices go by email
	Catalog *i18n.Catalog
	BaseURL string // links in messages are absolute
	Now     func() time.Time
	Logger  *slog.Logger
	// Every is how often the worker looks for due deliveries when
	// nothing wakes it.
	Every time.Duration
	// Parallel is how many deliveries are worked on at once, so one slow
	// push service holds up only its own.
	Parallel int
	// Keep is how long finished deliveries and their notices are kept
	// (zero: Kept).
	Keep time.Duration

	wake wakeup.Signal
}

// claimFor is how long a claimed delivery waits before another node may
// take it, should this one stop mid-send; longer than a push timeout.
const claimFor = 2 * time.Minute

// Kept is how long a delivery is kept after it was sent, given up or
// skipped, and a notice after its last delivery went: long enough to
// answer "was I told?" about the past weeks, short enough that the tables
// stay the size of a month's news. Pending deliveries are never removed.
const Kept = 30 * 24 * time.Hour

// pruneEvery is how often each node removes what is past Kept; the
// deletes are idempotent, so nodes pruning at once do no harm.
const pruneEvery = time.Hour

// pruneBatch is how many rows one delete statement removes at most, so a
// first prune of a large backlog never holds long locks.
const pruneBatch = 500

// MaxPushAttempts is how many times a push is tried before it is given
// up and recorded as failed.
const MaxPushAttempts = 5

// PushBackoff is the wait after the n-th failed push: 30 seconds,
// doubling, at most an hour.
func PushBackoff(attempts int) time.Duration {
	d := 30 * time.Second
	for range attempts {
		d *= 2
		if d >= time.Hour {
			return time.Hour
		}
	}
	return d
}

// Wake tells the worker that notices were written; it never blocks, so a
// request that wrote them is not held up.
func (w *Worker) Wake() { w.wake.Wake() }

// Run delivers due notices until ctx ends.
func (w *Worker) Run(ctx context.Context) {
	every := w.Every
	if every <= 0 {
		every = 10 * time.Second
	}
	t := time.NewTicker(every)
	defer t.Stop()
	var pruned time.Time
	for {
		if _, err := w.DeliverDue(ctx); err != nil && ctx.Err() == nil {
			w.Logger.Error("notice delivery", "err", err)
		}
		if now := w.Now(); now.Sub(pruned) >= pruneEvery {
			pruned = now
			if _, err := w.Prune(ctx); err != nil && ctx.Err() == nil {
				w.Logger.Error("notice pruning", "err", err)
			}
		}
		select {
		case <-ctx.Done():
			return
		case <-t.C:
		case <-w.wake.C():
		}
	}
}

// DeliverDue writes the talk reminders that are due and delivers what is
// due now, digests included, and says how many deliveries it worked on.
func (w *Worker) DeliverDue(ctx context.Context) (int, error) {
	// Reminders due by now become notices first, so this pass sends them.
	if _, err := w.Store.QueueTalkReminders(ctx, w.Now()); err != nil {
		return 0, err
	}
	total := 0
	for {
		ds, err := w.Store.ClaimDueNotices(ctx, w.Now(), claimFor, 100)
		if err != nil {
			return total, err
		}
		if len(ds) == 0 {
			break
		}
		total += len(ds)
		w.each(ds, func(d pluttra.NoticeDelivery) {
			if err := w.deliver(ctx, d); err != nil && ctx.Err() == nil {
				w.Logger.Error("notice delivery", "delivery_id", d.ID, "err", err)
			}
		})
	}
	for {
		batches, err := w.Store.ClaimDueDigests(ctx, w.Now(), claimFor, 50)
		if err != nil {
			return total, err
		}
		if len(batches) == 0 {
			return total, nil
		}
		for _, b := range batches {
			total += len(b.Deliveries)
			if err := w.digest(ctx, b); err != nil {
				return total, err
			}
		}
	}
}

// Prune removes the deliveries finished longer than Keep ago and the
// notices left without deliveries, a batch at a time, and says how many
// rows went.
func (w *Worker) Prune(ctx context.Context) (int, error) {
	keep := w.Keep
	if keep <= 0 {
		keep = Kept
	}
	before := w.Now().Add(-keep)
	total := 0
	for {
		n, err := w.Store.PruneNotices(ctx, before, pruneBatch)
		total += n
		if err != nil || n == 0 {
			if total > 0 {
				w.Logger.Info("old notices removed", "rows", total)
			}
			return total, err
		}
	}
}

// each runs fn over the deliveries, Parallel at a time.
func (w *Worker) each(ds []pluttra.NoticeDelivery, fn func(pluttra.NoticeDelivery)) {
	n := w.Parallel
	if n <= 0 {
		n = 16
	}
	sem := make(chan struct{}, n)
	var wg sync.WaitGroup
	for _, d := range ds {
		sem <- struct{}{}
		wg.Add(1)
		go func() {
			defer func() { <-sem; wg.Done() }()
			fn(d)
		}()
	}
	wg.Wait()
}

// deliver sends one delivery by its channel.
func (w *Worker) deliver(ctx context.Context, d pluttra.NoticeDelivery) error {
	u, err := w.Store.User(ctx, d.OrgID, d.UserID)
	if err != nil {
		return err
	}
	if !u.Active {
		return w.Store.FinishDelivery(ctx, d.OrgID, d.ID, pluttra.DeliverySkipped, "", "the account is deactivated", w.Now())
	}
	t := w.texts(u, d.Notice)
	if d.Channel == pluttra.ChannelPush && w.Push != nil {
		done, err := w.push(ctx, u, d, t)
		if done || err != nil {
			return err
		}
	}
	return w.mail(ctx, u, d, t)
}

// push sends to each of the user's devices. It reports done when the
// delivery is settled (sent, to be retried, or given up); not done means
// the user has no working subscription and email should carry it.
func (w *Worker) push(ctx context.Context, u *pluttra.User, d pluttra.NoticeDelivery, t texts) (bool, error) {
	subs, err := w.Store.PushSubscriptions(ctx, d.OrgID, d.UserID)
	if err != nil || len(subs) == 0 {
		return false, err
	}
	payload, err := json.Marshal(push.Message{Title: t.title, Body: t.body, URL: t.link, Tag: fmt.Sprintf("notice-%d", d.Notice.ID)})
	if err != nil {
		return false, err
	}
	delivered, retry, live := false, false, 0
	var lastErr error
	for _, sub := range subs {
		outcome, err := w.Push.Send(ctx, sub, payload, d.Notice.Urgent)
		switch outcome {
		case push.Delivered:
			delivered = true
			live++
		case push.Gone:
			// The browser unsubscribed or was reset: forget it.
			if err := w.Store.RemovePushSubscription(ctx, sub.OrgID, sub.ID); err != nil && pluttra.ErrorCode(err) != pluttra.ENOTFOUND {
				return true, err
			}
		case push.Retry:
			retry, lastErr = true, err
			live++
		default:
			lastErr = err
			live++
		}
	}
	now := w.Now()
	switch {
	case delivered:
		return true, w.Store.FinishDelivery(ctx, d.OrgID, d.ID, pluttra.DeliverySent, pluttra.ChannelPush, "", now)
	case live == 0:
		return false, nil // every device is gone: email instead
	case retry && d.Attempts+1 < MaxPushAttempts:
		next := now.Add(PushBackoff(d.Attempts))
		if !d.Notice.Urgent {
			if p, err := w.Store.NoticePrefs(ctx, d.OrgID, d.UserID); err == nil {
				if until := p.QuietUntil(next, pluttra.NoticeZone); !until.IsZero() {
					next = until
				}
			}
		}
		w.Logger.Warn("push not delivered, trying again", "delivery_id", d.ID, "attempt", d.Attempts+1, "err", lastErr)
		return true, w.Store.RetryDelivery(ctx, d.OrgID, d.ID, next, errText(lastErr))
	}
	w.Logger.Warn("push given up", "delivery_id", d.ID, "attempts", d.Attempts+1, "err", lastErr)
	return true, w.Store.FinishDelivery(ctx, d.OrgID, d.ID, pluttra.DeliveryFailed, pluttra.ChannelPush,
		fmt.Sprintf("gave up after %d attempts: %s", d.Attempts+1, errText(lastErr)), now)
}

// mail puts the notice's email in the outbox.
func (w *Worker) mail(ctx context.Context, u *pluttra.User, d pluttra.NoticeDelivery, t texts) error {
	if u.Email == "" {
		return w.Store.FinishDelivery(ctx, d.OrgID, d.ID, pluttra.DeliverySkipped, "", "no email address", w.Now())
	}
	body := t.body + "\n\n" + t.link + "\n\n-- \n" + t.loc.T("notice.email.footer", "Link", w.BaseURL+"/settings/notifications") + "\n"
	return w.Store.DeliverNoticeByMail(ctx, d.OrgID, d.ID, &pluttra.OutboxMail{To: u.Email, Subject: t.title, Body: body})
}

func errText(err error) string {
	if err == nil {
		return ""
	}
	s := err.Error()
	if len(s) > 300 {
		s = s[:300]
	}
	return s
}
