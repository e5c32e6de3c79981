package storetest

import (
	"testing"
	"time"

	"github.com/pluttra/pluttra/internal/pluttra"
)

// noticeWorld is Anna, Bo and Cia, guardians in an organisation of the
// case's own, and another organisation, in a store whose clock stands at
// now.
type noticeWorld struct {
	s             pluttra.Store
	a, b          tenant
	anna, bo, cia pluttra.User
	now           time.Time
	// around is quiet hours around now, with the digest after them; off
	// has no quiet hours and the same digest hour.
	around, off pluttra.NoticeSettings
}

func newNoticeWorld(t *testing.T, s pluttra.Store) *noticeWorld {
	t.Helper()
	w := &noticeWorld{s: s, now: morning}
	w.a, w.b = ownTenants(t, s)
	w.anna = newUser(t, s, w.a.org.ID, pluttra.KindGuardian, "anna@example.se")
	w.bo = newUser(t, s, w.a.org.ID, pluttra.KindGuardian, "bo@example.se")
	w.cia = newUser(t, s, w.a.org.ID, pluttra.KindGuardian, "cia@example.se")
	local := w.now.In(pluttra.NoticeZone)
	m := local.Hour()*60 + local.Minute()
	w.around = pluttra.NoticeSettings{Quiet: true, QuietFrom: (m + 1440 - 60) % 1440, QuietTo: (m + 60) % 1440, DigestAt: (m + 120) % 1440}
	w.off = pluttra.NoticeSettings{Quiet: false, QuietFrom: 0, QuietTo: 1, DigestAt: (m + 120) % 1440}
	return w
}

// setPrefs saves the user's choices.
func (w *noticeWorld) setPrefs(t *testing.T, u pluttra.User, st pluttra.NoticeSettings, ch map[pluttra.NoticeCategory]pluttra.Channel) {
	t.Helper()
	must(t, w.s.SaveNoticePrefs(ctx, w.a.org.ID, u.ID, pluttra.NoticePrefs{Channels: ch, NoticeSettings: st}))
}

// chosen is the world after each has chosen: Anna is in quiet hours, has
// turned department posts off and takes messages by email; Bo keeps the
// defaults without quiet hours; Cia takes posts about her child in the
// digest.
func (w *noticeWorld) chosen(t *testing.T) *noticeWorld {
	t.Helper()
	w.setPrefs(t, w.anna, w.around, map[pluttra.NoticeCategory]pluttra.Channel{pluttra.NoticePostDepartment: pluttra.ChannelOff, pluttra.NoticeMessage: pluttra.ChannelEmail})
	w.setPrefs(t, w.bo, w.off, nil)
	w.setPrefs(t, w.cia, w.off, map[pluttra.NoticeCategory]pluttra.Channel{pluttra.NoticePostChild: pluttra.ChannelDigest})
	return w
}

// claim claims what is due at, by recipient.
func (w *noticeWorld) claim(t *testing.T, at time.Time) map[int64]pluttra.NoticeDelivery {
	t.Helper()
	ds, err := w.s.ClaimDueNotices(ctx, at, time.Minute, 100)
	must(t, err)
	out := map[int64]pluttra.NoticeDelivery{}
	for _, d := range ds {
		out[d.UserID] = d
	}
	return out
}

func testNotice(t *testing.T, openAt ClockOpener) {
	shared, _ := openAt.at(t, morning)
	// claiming is a store of the case's own, for a case that claims: the
	// queue is the installation's, and a claim takes what any case left due.
	claiming := func(t *testing.T) pluttra.Store {
		s, _ := openAt.at(t, morning)
		return s
	}
	t.Run("DefaultsUntilChosen", func(t *testing.T) {
		w := newNoticeWorld(t, shared)
		s, a, b, anna := w.s, w.a, w.b, w.anna
		p, err := s.NoticePrefs(ctx, a.org.ID, anna.ID)
		must(t, err)
		if p.Channel(pluttra.NoticePostChild) != pluttra.ChannelPush || p.Channel(pluttra.NoticePostDepartment) != pluttra.ChannelDigest ||
			p.Channel(pluttra.NoticeTalk) != pluttra.ChannelEmail || p.NoticeSettings != pluttra.DefaultNoticeSettings {
			t.Fatalf("defaults = %+v", p)
		}
		_, err = s.NoticePrefs(ctx, b.org.ID, anna.ID)
		wantCode(t, err, pluttra.ENOTFOUND)
	})
	t.Run("ChoicesKept", func(t *testing.T) {
		w := newNoticeWorld(t, shared)
		s, a, anna, around, off := w.s, w.a, w.anna, w.around, w.off
		w.setPrefs(t, anna, around, map[pluttra.NoticeCategory]pluttra.Channel{pluttra.NoticePostDepartment: pluttra.ChannelOff, pluttra.NoticeMessage: pluttra.ChannelEmail})
		p, err := s.NoticePrefs(ctx, a.org.ID, anna.ID)
		must(t, err)
		if p.Channel(pluttra.NoticePostDepartment) != pluttra.ChannelOff || p.Channel(pluttra.NoticeMessage) != pluttra.ChannelEmail ||
			p.Channel(pluttra.NoticePostChild) != pluttra.ChannelPush || p.NoticeSettings != around {
			t.Fatalf("after saving: %+v", p)
		}
		wantCode(t, s.SaveNoticePrefs(ctx, a.org.ID, anna.ID, pluttra.NoticePrefs{NoticeSettings: pluttra.NoticeSettings{Quiet: true, QuietFrom: 60, QuietTo: 60}}), pluttra.EINVALID)
		wantCode(t, s.SaveNoticePrefs(ctx, a.org.ID, anna.ID, pluttra.NoticePrefs{Channels: map[pluttra.NoticeCategory]pluttra.Channel{"gossip": pluttra.ChannelPush}, NoticeSettings: off}), pluttra.EINVALID)
		if p, _ := s.NoticePrefs(ctx, a.org.ID, anna.ID); p.NoticeSettings != around {
			t.Fatal("a refused choice changed the settings")
		}
	})
	t.Run("FanOutByChannelAndQuietHours", func(t *testing.T) {
		w := newNoticeWorld(t, claiming(t)).chosen(t)
		s, a, anna, bo, cia, now := w.s, w.a, w.anna, w.bo, w.cia, w.now
		n := &pluttra.Notice{Category: pluttra.NoticePostChild, Key: "notice.post_child", Args: map[string]string{"Child": "Alva"},
			Link: "/posts/1", Recipients: []int64{anna.ID, bo.ID, cia.ID, bo.ID}}
		must(t, s.QueueNotice(ctx, a.org.ID, n))
		got := w.claim(t, now.Add(time.Second))
		if _, ok := got[anna.ID]; ok {
			t.Fatal("Anna's push came during her quiet hours")
		}
		d, ok := got[bo.ID]
		if !ok || len(got) != 1 || d.Channel != pluttra.ChannelPush || d.Notice.Args["Child"] != "Alva" || d.Notice.Link != "/posts/1" {
			t.Fatalf("due now: %+v", got)
		}
		must(t, s.FinishDelivery(ctx, a.org.ID, d.ID, pluttra.DeliverySent, pluttra.ChannelPush, "", now))
		later := w.claim(t, now.Add(61*time.Minute))
		if _, ok := later[anna.ID]; !ok || len(later) != 1 {
			t.Fatalf("when Anna's quiet hours end: %+v", later)
		}
		batches, err := s.ClaimDueDigests(ctx, now.Add(time.Minute), time.Minute, 10)
		must(t, err)
		if len(batches) != 0 {
			t.Fatalf("Cia's digest came before its hour: %+v", batches)
		}
	})
	t.Run("UrgentOverridesQuietHours", func(t *testing.T) {
		w := newNoticeWorld(t, claiming(t)).chosen(t)
		s, a, anna, now := w.s, w.a, w.anna, w.now
		n := &pluttra.Notice{Category: pluttra.NoticeImportant, Key: "notice.important", Link: "/messages/1", Urgent: true, Recipients: []int64{anna.ID}}
		must(t, s.QueueNotice(ctx, a.org.ID, n))
		got := w.claim(t, now.Add(time.Second))
		d, ok := got[anna.ID]
		if !ok || !d.Notice.Urgent {
			t.Fatalf("an urgent notice waited for quiet hours: %+v", got)
		}
		must(t, s.FinishDelivery(ctx, a.org.ID, d.ID, pluttra.DeliverySent, pluttra.ChannelPush, "", now))
	})
	t.Run("OffMeansNothing", func(t *testing.T) {
		w := newNoticeWorld(t, shared).chosen(t)
		s, a, anna := w.s, w.a, w.anna
		n := &pluttra.Notice{Category: pluttra.NoticePostDepartment, Key: "notice.post_department", Link: "/posts/2", Recipients: []int64{anna.ID}}
		must(t, s.QueueNotice(ctx, a.org.ID, n))
		ds, err := s.NoticeDeliveries(ctx, a.org.ID, anna.ID, 10)
		must(t, err)
		for _, d := range ds {
			if d.Notice.ID == n.ID {
				t.Fatal("a category turned off got a delivery")
			}
		}
	})
	t.Run("ClaimIsExclusiveUntilTheLeaseEnds", func(t *testing.T) {
		w := newNoticeWorld(t, claiming(t)).chosen(t)
		s, a, b, bo, now := w.s, w.a, w.b, w.bo, w.now
		n := &pluttra.Notice{Category: pluttra.NoticeMessage, Key: "notice.message", Link: "/messages/2", Recipients: []int64{bo.ID}}
		must(t, s.QueueNotice(ctx, a.org.ID, n))
		first, err := s.ClaimDueNotices(ctx, now.Add(time.Second), time.Minute, 100)
		must(t, err)
		if len(first) != 1 || first[0].Notice.ID != n.ID {
			t.Fatalf("first claim = %+v", first)
		}
		if again := w.claim(t, now.Add(2*time.Second)); len(again) != 0 {
			t.Fatalf("claimed twice within the lease: %+v", again)
		}
		if after := w.claim(t, now.Add(2*time.Minute)); len(after) != 1 {
			t.Fatalf("a lease that ran out (the node died) was not taken over: %+v", after)
		}
		d := first[0]
		must(t, s.RetryDelivery(ctx, a.org.ID, d.ID, now.Add(10*time.Minute), "push: service answered 503"))
		if got := w.claim(t, now.Add(5*time.Minute)); len(got) != 0 {
			t.Fatal("a retry came before its time")
		}
		got := w.claim(t, now.Add(11*time.Minute))
		if got[bo.ID].Attempts != 1 || got[bo.ID].LastError == "" {
			t.Fatalf("the retry = %+v", got[bo.ID])
		}
		must(t, s.FinishDelivery(ctx, a.org.ID, d.ID, pluttra.DeliveryFailed, pluttra.ChannelPush, "gave up", now))
		wantCode(t, s.FinishDelivery(ctx, b.org.ID, d.ID, pluttra.DeliverySent, pluttra.ChannelPush, "", now), pluttra.ENOTFOUND)
	})
	t.Run("MailAndDigestCommitWithTheOutbox", func(t *testing.T) {
		w := newNoticeWorld(t, claiming(t)).chosen(t)
		s, a, bo, cia, now := w.s, w.a, w.bo, w.cia, w.now
		// Cia's digest gathers two posts about her child, one from before
		// Bo's talk notice and one from after.
		must(t, s.QueueNotice(ctx, a.org.ID, &pluttra.Notice{Category: pluttra.NoticePostChild, Key: "notice.post_child", Args: map[string]string{"Child": "Alva"},
			Link: "/posts/1", Recipients: []int64{cia.ID}}))
		n := &pluttra.Notice{Category: pluttra.NoticeTalk, Key: "notice.talk", Link: "/talks/1", Recipients: []int64{bo.ID}}
		must(t, s.QueueNotice(ctx, a.org.ID, n))
		d := w.claim(t, now.Add(time.Second))[bo.ID]
		if d.Channel != pluttra.ChannelEmail {
			t.Fatalf("talk reminder channel = %s", d.Channel)
		}
		must(t, s.DeliverNoticeByMail(ctx, a.org.ID, d.ID, &pluttra.OutboxMail{To: bo.Email, Subject: "Utvecklingssamtal", Body: "x"}))
		if m, err := s.LatestMailTo(ctx, a.org.ID, bo.Email); err != nil || m.Subject != "Utvecklingssamtal" {
			t.Fatalf("outbox = %+v, %v", m, err)
		}
		n2 := &pluttra.Notice{Category: pluttra.NoticePostChild, Key: "notice.post_child", Link: "/posts/3", Recipients: []int64{cia.ID}}
		must(t, s.QueueNotice(ctx, a.org.ID, n2))
		batches, err := s.ClaimDueDigests(ctx, now.Add(3*time.Hour), time.Minute, 10)
		must(t, err)
		if len(batches) != 1 || batches[0].UserID != cia.ID || len(batches[0].Deliveries) != 2 {
			t.Fatalf("Cia's digest = %+v", batches)
		}
		var ids []int64
		for _, d := range batches[0].Deliveries {
			ids = append(ids, d.ID)
		}
		must(t, s.DeliverDigest(ctx, a.org.ID, cia.ID, ids, &pluttra.OutboxMail{To: cia.Email, Subject: "Pluttra i dag: 2 nyheter", Body: "x"}))
		if again, _ := s.ClaimDueDigests(ctx, now.Add(3*time.Hour), time.Minute, 10); len(again) != 0 {
			t.Fatal("a sent digest was claimed again")
		}
		ds, _ := s.NoticeDeliveries(ctx, a.org.ID, cia.ID, 10)
		for _, d := range ds {
			if d.Status != pluttra.DeliverySent || d.SentVia != pluttra.ChannelDigest {
				t.Fatalf("Cia's delivery after the digest: %+v", d)
			}
		}
	})
	t.Run("ForeignRecipientRefused", func(t *testing.T) {
		w := newNoticeWorld(t, shared)
		s, a, b := w.s, w.a, w.b
		stranger := newUser(t, s, b.org.ID, pluttra.KindGuardian, "x@example.se")
		n := &pluttra.Notice{Category: pluttra.NoticeMessage, Key: "notice.message", Link: "/messages/3", Recipients: []int64{stranger.ID}}
		wantCode(t, s.QueueNotice(ctx, a.org.ID, n), pluttra.ENOTFOUND)
		wantCode(t, s.QueueNotice(ctx, a.org.ID, &pluttra.Notice{Category: pluttra.NoticeMessage, Key: "notice.message", Link: "https://elsewhere.example/"}), pluttra.EINVALID)
	})
}
