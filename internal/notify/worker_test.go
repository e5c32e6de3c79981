package notify_test

import (
	"context"
	"encoding/json"
	"io"
	"log/slog"
	"net/http"
	"net/url"
	"strings"
	"sync"
	"testing"
	"time"

	webpush "github.com/SherClockHolmes/webpush-go"

	"github.com/pluttra/pluttra/internal/i18n"
	"github.com/pluttra/pluttra/internal/mail"
	"github.com/pluttra/pluttra/internal/notify"
	"github.com/pluttra/pluttra/internal/pluttra"
	"github.com/pluttra/pluttra/internal/push"
	"github.com/pluttra/pluttra/internal/push/pushtest"
	"github.com/pluttra/pluttra/internal/store"
	"github.com/pluttra/pluttra/internal/testrig"
)

var ctx = context.Background()

// clock is the worker's movable time.
type clock struct {
	mu  sync.Mutex
	now time.Time
}

func (c *clock) Now() time.Time { c.mu.Lock(); defer c.mu.Unlock(); return c.now }
func (c *clock) Add(d time.Duration) {
	c.mu.Lock()
	c.now = c.now.Add(d)
	c.mu.Unlock()
}

// rig is a store with one organisation, a worker with a real push sender,
// and a user who turned quiet hours off (so nothing waits for them).
type rig struct {
	store  *store.Store
	worker *notify.Worker
	clock  *clock
	org    pluttra.Organisation
}

func newRig(t *testing.T, pushTimeout time.Duration) *rig {
	t.Helper()
	c := &clock{now: time.Now()}
	st := testrig.SQLite(t, store.Options{Now: c.Now})
	catalog, err := i18n.Load()
	if err != nil {
		t.Fatal(err)
	}
	priv, pub, err := webpush.GenerateVAPIDKeys()
	if err != nil {
		t.Fatal(err)
	}
	sender := &push.Sender{Keys: push.Keys{Public: pub, Private: priv}, Subscriber: "mailto:noreply@pluttra.example",
		Client: push.NewClient(pushTimeout, true), TTL: time.Hour}
	r := &rig{store: st, clock: c, org: pluttra.Organisation{Slug: "sol", Name: "Sol"}}
	if err := st.CreateOrganisation(ctx, &r.org); err != nil {
		t.Fatal(err)
	}
	r.worker = &notify.Worker{Store: st, Push: sender, Catalog: catalog, BaseURL: "https://pluttra.example", Now: c.Now,
		Logger: slog.New(slog.NewTextHandler(io.Discard, nil))}
	return r
}

func (r *rig) user(t *testing.T, email, lang string) pluttra.User {
	t.Helper()
	u := pluttra.User{Kind: pluttra.KindGuardian, Email: email, Name: email, Language: lang}
	if err := r.store.CreateUser(ctx, r.org.ID, &u); err != nil {
		t.Fatal(err)
	}
	quiet := pluttra.DefaultNoticeSettings
	quiet.Quiet = false
	if err := r.store.SaveNoticePrefs(ctx, r.org.ID, u.ID, pluttra.NoticePrefs{NoticeSettings: quiet}); err != nil {
		t.Fatal(err)
	}
	return u
}

func (r *rig) subscribe(t *testing.T, u pluttra.User, ep *pushtest.Server) {
	t.Helper()
	err := r.store.SavePushSubscription(ctx, r.org.ID, &pluttra.PushSubscription{UserID: u.ID, Endpoint: ep.Endpoint(), P256dh: ep.P256dh(), Auth: ep.Auth()})
	if err != nil {
		t.Fatal(err)
	}
}

func (r *rig) notice(t *testing.T, urgent bool, to ...pluttra.User) *pluttra.Notice {
	t.Helper()
	n := &pluttra.Notice{Category: pluttra.NoticePostChild, Key: "notice.post_child", Link: "/posts/7", Urgent: urgent,
		Args: map[string]string{"Child": "Alva", "Department": "Solrosen", "Author": "Eva"}}
	for _, u := range to {
		n.Recipients = append(n.Recipients, u.ID)
	}
	if err := r.store.QueueNotice(ctx, r.org.ID, n); err != nil {
		t.Fatal(err)
	}
	return n
}

func (r *rig) deliveries(t *testing.T, u pluttra.User) []pluttra.NoticeDelivery {
	t.Helper()
	ds, err := r.store.NoticeDeliveries(ctx, r.org.ID, u.ID, 10)
	if err != nil {
		t.Fatal(err)
	}
	return ds
}

// TestPushReachesTheBrowserEncrypted: the endpoint decrypts the message
// with the subscriber's own keys (RFC 8291) and finds the notice in the
// recipient's language, with the link it opens.
func TestPushReachesTheBrowserEncrypted(t *testing.T) {
	t.Parallel()
	r := newRig(t, 5*time.Second)
	ep := pushtest.New()
	defer ep.Close()
	anna := r.user(t, "anna@familj.example", "en")
	r.subscribe(t, anna, ep)
	r.notice(t, true, anna)
	if _, err := r.worker.DeliverDue(ctx); err != nil {
		t.Fatal(err)
	}
	got := ep.Received()
	if len(got) != 1 || len(ep.Failures()) != 0 {
		t.Fatalf("received %d, failures %v", len(got), ep.Failures())
	}
	var m push.Message
	if err := json.Unmarshal(got[0].Plain, &m); err != nil {
		t.Fatalf("payload %q: %v", got[0].Plain, err)
	}
	if m.Title != "New post about Alva from Solrosen" || !strings.Contains(m.Body, "Eva") || m.URL != "https://pluttra.example/posts/7" {
		t.Fatalf("message = %+v", m)
	}
	if got[0].Urgency != "high" || !strings.HasPrefix(got[0].Authorization, "vapid t=") {
		t.Fatalf("headers: urgency %q, authorization %q", got[0].Urgency, got[0].Authorization)
	}
	if ds := r.deliveries(t, anna); ds[0].Status != pluttra.DeliverySent || ds[0].SentVia != pluttra.ChannelPush {
		t.Fatalf("delivery = %+v", ds[0])
	}
}

// TestGoneSubscriptionRemovedAndMailInstead: a push service answering 404
// or 410 ends the subscription; with no device left, email carries it.
func TestGoneSubscriptionRemovedAndMailInstead(t *testing.T) {
	t.Parallel()
	for _, status := range []int{http.StatusNotFound, http.StatusGone} {
		t.Run(http.StatusText(status), func(t *testing.T) {
			t.Parallel()
			r := newRig(t, 5*time.Second)
			ep := pushtest.New()
			defer ep.Close()
			ep.Answer(status)
			bo := r.user(t, "bo@familj.example", "sv")
			r.subscribe(t, bo, ep)
			r.notice(t, false, bo)
			if _, err := r.worker.DeliverDue(ctx); err != nil {
				t.Fatal(err)
			}
			if subs, _ := r.store.PushSubscriptions(ctx, r.org.ID, bo.ID); len(subs) != 0 {
				t.Fatalf("the gone subscription is kept: %+v", subs)
			}
			m, err := r.store.LatestMailTo(ctx, r.org.ID, bo.Email)
			if err != nil || m.Subject != "Nytt inlägg om Alva från Solrosen" || !strings.Contains(m.Body, "https://pluttra.example/posts/7") {
				t.Fatalf("mail instead = %+v, %v", m, err)
			}
		})
	}
}

// TestOutageRetriedThenGivenUp: a push service that answers 503 is tried
// again with growing waits, and after MaxPushAttempts given up and recorded.
func TestOutageRetriedThenGivenUp(t *testing.T) {
	t.Parallel()
	r := newRig(t, 5*time.Second)
	ep := pushtest.New()
	defer ep.Close()
	ep.Answer(http.StatusServiceUnavailable)
	cia := r.user(t, "cia@familj.example", "sv")
	r.subscribe(t, cia, ep)
	r.notice(t, false, cia)
	for attempt := 1; attempt <= notify.MaxPushAttempts; attempt++ {
		if _, err := r.worker.DeliverDue(ctx); err != nil {
			t.Fatal(err)
		}
		d := r.deliveries(t, cia)[0]
		if d.Attempts != attempt {
			t.Fatalf("after try %d: %+v", attempt, d)
		}
		if attempt < notify.MaxPushAttempts {
			if d.Status != pluttra.DeliveryPending || !d.DueAt.After(r.clock.Now().Add(notify.PushBackoff(attempt-1)-time.Second)) {
				t.Fatalf("retry %d not put off: %+v", attempt, d)
			}
			if n, _ := r.worker.DeliverDue(ctx); n != 0 {
				t.Fatal("retried before its time")
			}
			r.clock.Add(notify.PushBackoff(attempt - 1))
			continue
		}
		if d.Status != pluttra.DeliveryFailed || !strings.Contains(d.LastError, "503") {
			t.Fatalf("given up = %+v", d)
		}
	}
	if subs, _ := r.store.PushSubscriptions(ctx, r.org.ID, cia.ID); len(subs) != 1 {
		t.Fatal("an outage removed the subscription")
	}
}

// TestHangingServiceHoldsUpOnlyItself: a push service that never answers
// is given up on at the timeout, while another user's push goes at once.
func TestHangingServiceHoldsUpOnlyItself(t *testing.T) {
	t.Parallel()
	r := newRig(t, 500*time.Millisecond)
	slow, fast := pushtest.New(), pushtest.New()
	defer slow.Close()
	defer fast.Close()
	release := slow.Hang()
	defer release()
	dan, eva := r.user(t, "dan@familj.example", "sv"), r.user(t, "eva@familj.example", "sv")
	r.subscribe(t, dan, slow)
	r.subscribe(t, eva, fast)
	r.notice(t, false, dan, eva)
	done := make(chan struct{})
	go func() {
		r.worker.DeliverDue(ctx)
		close(done)
	}()
	deadline := time.After(400 * time.Millisecond)
	for len(fast.Received()) == 0 {
		select {
		case <-deadline:
			t.Fatal("the hanging service held up another user's push")
		case <-time.After(10 * time.Millisecond):
		}
	}
	select {
	case <-done:
	case <-time.After(5 * time.Second):
		t.Fatal("the worker did not give up on the hanging service")
	}
	if d := r.deliveries(t, dan)[0]; d.Status != pluttra.DeliveryPending || d.Attempts != 1 {
		t.Fatalf("the hanging push is not retried later: %+v", d)
	}
}

// TestDigestIsOneMailADay: notices on the digest channel wait for the
// user's hour and go as one email listing them, in the user's language.
func TestDigestIsOneMailADay(t *testing.T) {
	t.Parallel()
	r := newRig(t, time.Second)
	fia := r.user(t, "fia@familj.example", "en")
	quiet := pluttra.DefaultNoticeSettings
	quiet.Quiet = false
	if err := r.store.SaveNoticePrefs(ctx, r.org.ID, fia.ID, pluttra.NoticePrefs{NoticeSettings: quiet,
		Channels: map[pluttra.NoticeCategory]pluttra.Channel{pluttra.NoticePostChild: pluttra.ChannelDigest}}); err != nil {
		t.Fatal(err)
	}
	r.notice(t, false, fia)
	r.notice(t, false, fia)
	if n, _ := r.worker.DeliverDue(ctx); n != 0 {
		t.Fatal("the digest went before its hour")
	}
	r.clock.Add(25 * time.Hour)
	if n, err := r.worker.DeliverDue(ctx); n != 2 || err != nil {
		t.Fatalf("at the digest hour: %d, %v", n, err)
	}
	mails, _ := r.store.Outbox(ctx, r.org.ID, 10)
	if len(mails) != 1 || mails[0].Subject != "Pluttra today: 2 new things" || strings.Count(mails[0].Body, "New post about Alva from Solrosen") != 2 {
		t.Fatalf("digest mails = %+v", mails)
	}
}

// TestNoticeMailInTheRecipientsLanguage: email notices reach a real SMTP
// server (mailpit) with a subject that says what happened, in each
// recipient's own language.
func TestNoticeMailInTheRecipientsLanguage(t *testing.T) {
	smtpURL := testrig.Service(t, "PLUTTRA_TEST_SMTP_URL", "SMTP server (mailpit)")
	api := testrig.Service(t, "PLUTTRA_TEST_MAILPIT_URL", "mailpit API")
	r := newRig(t, time.Second)
	stamp := time.Now().Format("150405.000000")
	dept := "Solrosen " + stamp
	sv, so := r.user(t, "gun-"+stamp+"@familj.example", "sv"), r.user(t, "hodan-"+stamp+"@familj.example", "so")
	n := &pluttra.Notice{Category: pluttra.NoticeTalk, Key: "notice.post_department", Link: "/posts/9",
		Args: map[string]string{"Department": dept, "Author": "Eva"}, Recipients: []int64{sv.ID, so.ID}}
	if err := r.store.QueueNotice(ctx, r.org.ID, n); err != nil {
		t.Fatal(err)
	}
	if _, err := r.worker.DeliverDue(ctx); err != nil {
		t.Fatal(err)
	}
	sender, err := mail.NewSMTP(smtpURL, "Pluttra <noreply@pluttra.example>")
	if err != nil {
		t.Fatal(err)
	}
	d := &mail.Dispatcher{Outbox: r.store, Sender: sender, Now: func() time.Time { return r.clock.Now().Add(time.Second) }, Logger: r.worker.Logger}
	if sent, failed, err := d.SendDue(ctx); sent != 2 || failed != 0 || err != nil {
		t.Fatalf("sent=%d failed=%d err=%v", sent, failed, err)
	}
	for to, subject := range map[string]string{sv.Email: "Nytt inlägg från " + dept, so.Email: "Qoraal cusub oo ka yimid " + dept} {
		resp, err := http.Get(api + "/api/v1/search?query=" + url.QueryEscape("to:"+to))
		if err != nil {
			t.Fatal(err)
		}
		var out struct{ Messages []struct{ Subject string } }
		json.NewDecoder(resp.Body).Decode(&out)
		resp.Body.Close()
		if len(out.Messages) != 1 || out.Messages[0].Subject != subject {
			t.Errorf("mailpit holds for %s: %+v, want %q", to, out.Messages, subject)
		}
	}
}

// TestOldNoticesPrunedPendingKept: a month after a notice went out, the
// worker removes it; one sent days ago and one still waiting for the
// recipient's digest stay.
func TestOldNoticesPrunedPendingKept(t *testing.T) {
	t.Parallel()
	r := newRig(t, 5*time.Second)
	anna := r.user(t, "anna@familj.example", "sv")
	bo := r.user(t, "bo@familj.example", "sv")
	digest := pluttra.NoticePrefs{Channels: map[pluttra.NoticeCategory]pluttra.Channel{pluttra.NoticePostChild: pluttra.ChannelDigest},
		NoticeSettings: pluttra.DefaultNoticeSettings}
	if err := r.store.SaveNoticePrefs(ctx, r.org.ID, bo.ID, digest); err != nil {
		t.Fatal(err)
	}
	old := r.notice(t, false, anna)
	if _, err := r.worker.DeliverDue(ctx); err != nil {
		t.Fatal(err)
	}
	r.clock.Add(notify.Kept - 24*time.Hour)
	recent := r.notice(t, false, anna)
	if _, err := r.worker.DeliverDue(ctx); err != nil {
		t.Fatal(err)
	}
	waiting := r.notice(t, false, bo)
	r.clock.Add(2 * 24 * time.Hour)
	if n, err := r.worker.Prune(ctx); err != nil || n != 2 {
		t.Fatalf("pruned %d rows (%v), want the old delivery and its notice", n, err)
	}
	ds := r.deliveries(t, anna)
	if len(ds) != 1 || ds[0].Notice.ID != recent.ID || ds[0].Status != pluttra.DeliverySent {
		t.Fatalf("Anna's deliveries after pruning = %+v (the old one was %d)", ds, old.ID)
	}
	if ds := r.deliveries(t, bo); len(ds) != 1 || ds[0].Notice.ID != waiting.ID || ds[0].Status != pluttra.DeliveryPending {
		t.Fatalf("Bo's waiting digest = %+v", ds)
	}
	if n, err := r.worker.Prune(ctx); err != nil || n != 0 {
		t.Fatalf("a second prune removed %d rows (%v)", n, err)
	}
}
