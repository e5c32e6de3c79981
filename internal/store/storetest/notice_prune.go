package storetest

import (
	"testing"
	"time"

	"github.com/pluttra/pluttra/internal/pluttra"
)

// testNoticePrune: finished deliveries older than the cut-off go, and the
// notices left without deliveries with them; pending deliveries stay
// however old, and so do recent ones, in a batch at a time.
//
// The store writes notices at its clock's time, now, and the cut-off lies
// an hour after it: the prune runs as if a month and an hour had passed.
// What was finished now is then old; what is finished two hours from now
// is recent.
func testNoticePrune(t *testing.T, openAt ClockOpener) {
	s, clock := openAt.at(t, morning)
	a := newTenant(t, s, "a")
	b := newTenant(t, s, "b")
	quiet := pluttra.NoticeSettings{Quiet: false, QuietFrom: 0, QuietTo: 1, DigestAt: 0}
	user := func(org int64, email string) pluttra.User {
		u := newUser(t, s, org, pluttra.KindGuardian, email)
		must(t, s.SaveNoticePrefs(ctx, org, u.ID, pluttra.NoticePrefs{NoticeSettings: quiet}))
		return u
	}
	anna, bo, cia := user(a.org.ID, "anna@example.se"), user(a.org.ID, "bo@example.se"), user(b.org.ID, "cia@example.se")
	queue := func(org int64, link string, to ...pluttra.User) {
		t.Helper()
		n := &pluttra.Notice{Category: pluttra.NoticeMessage, Key: "notice.conversation", Link: link}
		for _, u := range to {
			n.Recipients = append(n.Recipients, u.ID)
		}
		must(t, s.QueueNotice(ctx, org, n))
	}
	queue(a.org.ID, "/old/sent", anna, bo)
	queue(a.org.ID, "/old/failed", anna)
	queue(b.org.ID, "/old/other-org", cia)
	queue(a.org.ID, "/recent", anna)
	queue(a.org.ID, "/half-done", anna, bo)
	now := clock.Now()
	cutoff := now.Add(time.Hour)
	ds, err := s.ClaimDueNotices(ctx, now, time.Minute, 100)
	must(t, err)
	if len(ds) != 7 {
		t.Fatalf("claimed %d deliveries, want 7", len(ds))
	}
	for _, d := range ds {
		status, at := pluttra.DeliverySent, now
		switch {
		case d.Notice.Link == "/old/failed":
			status = pluttra.DeliveryFailed
		case d.Notice.Link == "/recent":
			at = now.Add(2 * time.Hour)
		case d.Notice.Link == "/half-done" && d.UserID == bo.ID:
			// Bo's is still being sent: it stays, and so does its notice.
			must(t, s.RetryDelivery(ctx, d.OrgID, d.ID, now.Add(time.Minute), "push: 503"))
			continue
		}
		must(t, s.FinishDelivery(ctx, d.OrgID, d.ID, status, pluttra.ChannelPush, "", at))
	}
	links := func(org int64, u pluttra.User) map[string]pluttra.DeliveryStatus {
		t.Helper()
		ds, err := s.NoticeDeliveries(ctx, org, u.ID, 100)
		must(t, err)
		out := map[string]pluttra.DeliveryStatus{}
		for _, d := range ds {
			out[d.Notice.Link] = d.Status
		}
		return out
	}

	t.Run("OldFinishedGoPendingAndRecentStay", func(t *testing.T) {
		total := 0
		for range 20 {
			n, err := s.PruneNotices(ctx, cutoff, 2)
			must(t, err)
			if n > 4 {
				t.Fatalf("one round removed %d rows, more than a batch of deliveries and one of notices", n)
			}
			if n == 0 {
				break
			}
			total += n
		}
		// Anna's three old deliveries and Bo's one, Cia's one, and the three
		// notices they leave without deliveries.
		if total != 8 {
			t.Fatalf("removed %d rows, want 8", total)
		}
		annas := links(a.org.ID, anna)
		if len(annas) != 1 || annas["/recent"] != pluttra.DeliverySent {
			t.Fatalf("Anna keeps %v, want only the recent one", annas)
		}
		if bos := links(a.org.ID, bo); len(bos) != 1 || bos["/half-done"] != pluttra.DeliveryPending {
			t.Fatalf("Bo keeps %v, want his pending delivery", bos)
		}
		if cias := links(b.org.ID, cia); len(cias) != 0 {
			t.Fatalf("another organisation's old deliveries stay: %v", cias)
		}
		if again, err := s.PruneNotices(ctx, cutoff, 100); err != nil || again != 0 {
			t.Fatalf("a second prune removed %d rows (%v)", again, err)
		}
	})
	t.Run("StillDeliveredAfterwards", func(t *testing.T) {
		// Bo's pending delivery, whose notice's other delivery went, is still
		// claimed and sent with its texts.
		for range 20 {
			if n, err := s.PruneNotices(ctx, cutoff, 100); err != nil || n == 0 {
				must(t, err)
				break
			}
		}
		if _, kept := links(a.org.ID, anna)["/half-done"]; kept {
			t.Fatal("Anna's sent half of the notice was not pruned")
		}
		ds, err := s.ClaimDueNotices(ctx, now.Add(2*time.Minute), time.Minute, 100)
		must(t, err)
		if len(ds) != 1 || ds[0].UserID != bo.ID || ds[0].Notice.Link != "/half-done" {
			t.Fatalf("claimed %+v", ds)
		}
		must(t, s.FinishDelivery(ctx, a.org.ID, ds[0].ID, pluttra.DeliverySent, pluttra.ChannelPush, "", now))
	})
}
