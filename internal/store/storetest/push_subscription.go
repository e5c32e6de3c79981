package storetest

import (
	"fmt"
	"slices"
	"testing"

	"github.com/pluttra/pluttra/internal/pluttra"
)

func testPushSubscription(t *testing.T, open Opener) {
	s := open(t)
	a := newTenant(t, s, "a")
	b := newTenant(t, s, "b")
	anna := newUser(t, s, a.org.ID, pluttra.KindGuardian, "anna@example.se")
	bo := newUser(t, s, a.org.ID, pluttra.KindGuardian, "bo@example.se")
	carl := newUser(t, s, a.org.ID, pluttra.KindStaff, "carl@example.se")
	ext := newUser(t, s, b.org.ID, pluttra.KindGuardian, "ext@example.se")
	endpoints := func(orgID, userID int64) []string {
		t.Helper()
		subs, err := s.PushSubscriptions(ctx, orgID, userID)
		must(t, err)
		var out []string
		for _, sub := range subs {
			out = append(out, sub.Endpoint)
		}
		return out
	}
	save := func(orgID, userID int64, endpoint, keys string) error {
		return s.SavePushSubscription(ctx, orgID, &pluttra.PushSubscription{UserID: userID, Endpoint: endpoint, P256dh: "k-" + keys, Auth: "a-" + keys})
	}
	wantTaken := func(t *testing.T, err error) {
		t.Helper()
		wantCode(t, err, pluttra.ECONFLICT)
		if k := pluttra.ErrorKey(err); k != "push.error.taken" {
			t.Fatalf("key = %q, want push.error.taken", k)
		}
	}

	t.Run("OK", func(t *testing.T) {
		must(t, save(a.org.ID, anna.ID, "https://push.example/anna-phone", "1"))
		must(t, save(a.org.ID, anna.ID, "https://push.example/anna-laptop", "1"))
		if got := endpoints(a.org.ID, anna.ID); len(got) != 2 || got[0] != "https://push.example/anna-phone" {
			t.Fatalf("Anna's devices = %v", got)
		}
		// The browser renews its keys: the same user saves it again.
		must(t, save(a.org.ID, anna.ID, "https://push.example/anna-phone", "2"))
		subs, _ := s.PushSubscriptions(ctx, a.org.ID, anna.ID)
		if len(subs) != 2 || subs[1].Endpoint != "https://push.example/anna-phone" || subs[1].P256dh != "k-2" {
			t.Fatalf("after renewal = %+v", subs)
		}
		if got := endpoints(b.org.ID, anna.ID); len(got) != 0 {
			t.Fatal("another organisation lists Anna's devices")
		}
	})
	t.Run("ErrEndpointOfAnotherUser", func(t *testing.T) {
		must(t, save(a.org.ID, anna.ID, "https://push.example/shared-tablet", "anna"))
		wantTaken(t, save(a.org.ID, bo.ID, "https://push.example/shared-tablet", "bo"))
		wantTaken(t, save(b.org.ID, ext.ID, "https://push.example/shared-tablet", "ext"))
		if got := endpoints(a.org.ID, bo.ID); len(got) != 0 {
			t.Fatalf("Bo took over Anna's device: %v", got)
		}
		if got := endpoints(b.org.ID, ext.ID); len(got) != 0 {
			t.Fatalf("another organisation's user took over Anna's device: %v", got)
		}
		subs, _ := s.PushSubscriptions(ctx, a.org.ID, anna.ID)
		var kept bool
		for _, sub := range subs {
			kept = kept || (sub.Endpoint == "https://push.example/shared-tablet" && sub.P256dh == "k-anna")
		}
		if !kept {
			t.Fatalf("Anna's subscription changed: %+v", subs)
		}
	})
	t.Run("AtMostTenPerUserOldestGoes", func(t *testing.T) {
		ep := func(i int) string { return fmt.Sprintf("https://push.example/carl-%d", i) }
		must(t, save(a.org.ID, anna.ID, "https://push.example/anna-watch", "1"))
		for i := range pluttra.MaxPushSubscriptions {
			must(t, save(a.org.ID, carl.ID, ep(i), "1"))
		}
		must(t, save(a.org.ID, carl.ID, ep(10), "1"))
		got := endpoints(a.org.ID, carl.ID)
		if len(got) != pluttra.MaxPushSubscriptions || got[0] != ep(1) || got[len(got)-1] != ep(10) {
			t.Fatalf("after an eleventh = %v", got)
		}
		// Renewing the oldest makes it the newest: the next to go is the
		// one after it.
		must(t, save(a.org.ID, carl.ID, ep(1), "2"))
		must(t, save(a.org.ID, carl.ID, ep(11), "1"))
		got = endpoints(a.org.ID, carl.ID)
		if len(got) != pluttra.MaxPushSubscriptions || got[0] != ep(3) || got[len(got)-2] != ep(1) || got[len(got)-1] != ep(11) {
			t.Fatalf("after renewing the oldest and a twelfth = %v", got)
		}
		// Another user's devices are not counted or touched.
		if got := endpoints(a.org.ID, anna.ID); !slices.Contains(got, "https://push.example/anna-watch") {
			t.Fatalf("Anna lost a device to Carl's cap: %v", got)
		}
	})
	t.Run("ErrForeignOrganisation", func(t *testing.T) {
		wantCode(t, save(b.org.ID, anna.ID, "https://push.example/anna-elsewhere", "1"), pluttra.ENOTFOUND)
		must(t, save(a.org.ID, bo.ID, "https://push.example/bo-phone", "1"))
		wantCode(t, s.DeletePushSubscription(ctx, a.org.ID, anna.ID, "https://push.example/bo-phone"), pluttra.ENOTFOUND)
		bos, _ := s.PushSubscriptions(ctx, a.org.ID, bo.ID)
		wantCode(t, s.RemovePushSubscription(ctx, b.org.ID, bos[0].ID), pluttra.ENOTFOUND)
		must(t, s.RemovePushSubscription(ctx, a.org.ID, bos[0].ID))
		must(t, save(a.org.ID, bo.ID, "https://push.example/bo-laptop", "1"))
		must(t, s.DeletePushSubscription(ctx, a.org.ID, bo.ID, "https://push.example/bo-laptop"))
		if got := endpoints(a.org.ID, bo.ID); len(got) != 0 {
			t.Fatalf("removed subscriptions are still listed: %v", got)
		}
	})
}
