package web

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"
	"time"

	webpush "github.com/SherClockHolmes/webpush-go"

	"github.com/pluttra/pluttra/internal/notify"
	"github.com/pluttra/pluttra/internal/pluttra"
	"github.com/pluttra/pluttra/internal/push"
	"github.com/pluttra/pluttra/internal/push/pushtest"
	"github.com/pluttra/pluttra/internal/testrig"
)

// noticeRig is the post rig with push endpoints allowed on loopback and a
// notice worker sending through a real push sender.
func noticeRig(t *testing.T, pushTimeout time.Duration) (*rig, map[string]*http.Cookie, *notify.Worker) {
	t.Helper()
	rg := newRig(t, testrig.SQLite, "http://localhost", func(o *Options) { o.PushAllowLocal = true })
	cookies := map[string]*http.Cookie{}
	for _, name := range []string{"educator_blabar", "guardian_alva_mother", "guardian_alva_father", "guardian_bilal", "guardian_dino"} {
		cookies[name] = rg.sessionFor(t, name)
	}
	priv, pub, err := webpush.GenerateVAPIDKeys()
	if err != nil {
		t.Fatal(err)
	}
	rg.srv.opts.PushKey = pub
	w := &notify.Worker{Store: rg.store, Catalog: rg.srv.deps.Catalog, BaseURL: "http://localhost", Now: time.Now,
		Logger: slog.New(slog.NewTextHandler(io.Discard, nil)),
		Push: &push.Sender{Keys: push.Keys{Public: pub, Private: priv}, Subscriber: "mailto:noreply@pluttra.example",
			Client: push.NewClient(pushTimeout, true), TTL: time.Hour}}
	rg.srv.deps.WakeNotices = w.Wake
	return rg, cookies, w
}

// sendJSON makes a same-origin JSON request, as the settings page's script does.
func (r *rig) sendJSON(method, target string, v any, c *http.Cookie) *httptest.ResponseRecorder {
	body, _ := json.Marshal(v)
	req := httptest.NewRequest(method, target, strings.NewReader(string(body)))
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("Sec-Fetch-Site", "same-origin")
	req.AddCookie(c)
	rec := httptest.NewRecorder()
	r.srv.ServeHTTP(rec, req)
	return rec
}

func subscription(ep *pushtest.Server) map[string]any {
	return map[string]any{"endpoint": ep.Endpoint(), "keys": map[string]string{"p256dh": ep.P256dh(), "auth": ep.Auth()}}
}

// quietOff turns a user's quiet hours off through the settings page, so
// the test does not depend on the hour it runs at.
func quietOff(t *testing.T, rg *rig, c *http.Cookie) {
	t.Helper()
	form := url.Values{"quiet_from": {"20:00"}, "quiet_to": {"07:00"}, "digest_at": {"16:00"}}
	for _, cat := range pluttra.NoticeCategories {
		form.Set("channel_"+string(cat), string(pluttra.DefaultChannel(cat)))
	}
	if rec := rg.do("POST", "/settings/notifications", form.Encode(), c); rec.Code != http.StatusSeeOther {
		t.Fatalf("saving settings = %d\n%s", rec.Code, rec.Body)
	}
}

// TestPostNoticeThroughPush: a guardian turns push on with the app's own
// endpoint; an educator publishes a post about her child; the push
// endpoint decrypts a message naming the child and linking the post. A
// guardian of another family hears of it as a department post, without
// the child's name; a guardian of another department hears nothing.
func TestPostNoticeThroughPush(t *testing.T) {
	t.Parallel()
	rg, c, worker := noticeRig(t, 5*time.Second)
	ep := pushtest.New()
	defer ep.Close()
	mother := c["guardian_alva_mother"]

	t.Run("SettingsPageInTheUsersLanguage", func(t *testing.T) {
		page := rg.do("GET", "/settings/notifications", "", mother)
		body := page.Body.String()
		if page.Code != 200 || !strings.Contains(body, "Inlägg om mitt barn") || !strings.Contains(body, "Slå på aviseringar på den här enheten") ||
			!strings.Contains(body, `data-key="`+rg.srv.opts.PushKey+`"`) {
			t.Fatalf("settings page = %d\n%s", page.Code, body)
		}
		bad := url.Values{"quiet": {"on"}, "quiet_from": {"25:00"}, "quiet_to": {"07:00"}, "digest_at": {"16:00"}}
		if rec := rg.do("POST", "/settings/notifications", bad.Encode(), mother); rec.Code != http.StatusBadRequest ||
			!strings.Contains(rec.Body.String(), "Skriv tiden som timmar:minuter") {
			t.Fatalf("a bad time = %d", rec.Code)
		}
		p, _ := rg.store.NoticePrefs(context.Background(), rg.world.OrgA.ID, rg.world.Users["guardian_alva_mother"].ID)
		if p.NoticeSettings != pluttra.DefaultNoticeSettings {
			t.Fatal("a refused form changed the settings")
		}
		quietOff(t, rg, mother)
		if !strings.Contains(rg.do("GET", "/settings/notifications?saved=1", "", mother).Body.String(), "Dina val är sparade") {
			t.Fatal("no word that the choices were saved")
		}
	})
	t.Run("SubscriptionsCheckedBeforeKept", func(t *testing.T) {
		plain := newRig(t, testrig.SQLite, "http://localhost") // local endpoints not allowed
		rec := plain.sendJSON("POST", "/push/subscriptions", subscription(ep), plain.sessionFor(t, "guardian_alva_mother"))
		if rec.Code != http.StatusBadRequest || !strings.Contains(rec.Body.String(), "Webbläsarens adress för aviseringar är inte tillåten") {
			t.Fatalf("a loopback endpoint without the setting = %d %s", rec.Code, rec.Body)
		}
		badKeys := subscription(ep)
		badKeys["keys"] = map[string]string{"p256dh": "AAAA", "auth": ep.Auth()}
		if rec := rg.sendJSON("POST", "/push/subscriptions", badKeys, mother); rec.Code != http.StatusBadRequest {
			t.Fatalf("keys that are not keys = %d", rec.Code)
		}
		if subs, _ := rg.store.PushSubscriptions(context.Background(), rg.world.OrgA.ID, rg.world.Users["guardian_alva_mother"].ID); len(subs) != 0 {
			t.Fatal("a refused subscription was kept")
		}
		if rec := rg.sendJSON("POST", "/push/subscriptions", subscription(ep), mother); rec.Code != http.StatusCreated {
			t.Fatalf("subscribing = %d %s", rec.Code, rec.Body)
		}
	})
	quietOff(t, rg, c["guardian_bilal"])
	quietOff(t, rg, c["guardian_dino"])

	var link string
	t.Run("PublishedPostReachesTheBrowser", func(t *testing.T) {
		code, loc, _ := publish(rg, c["educator_blabar"], url.Values{"body": {"Alva hittade en groda."}, "audience": {"department"},
			"child": {fmt.Sprint(rg.world.Children["Alva"])}, "publish": {"1"}})
		if code != http.StatusSeeOther {
			t.Fatalf("publish = %d", code)
		}
		link = loc
		if _, err := worker.DeliverDue(context.Background()); err != nil {
			t.Fatal(err)
		}
		got := ep.Received()
		if len(got) != 1 {
			t.Fatalf("the endpoint received %d messages (failures %v)", len(got), ep.Failures())
		}
		var m push.Message
		if err := json.Unmarshal(got[0].Plain, &m); err != nil {
			t.Fatal(err)
		}
		if m.URL != "http://localhost"+loc || m.Title != "Nytt inlägg om Alva från Blabar" {
			t.Fatalf("decrypted message = %+v, want the link %s", m, loc)
		}
	})
	t.Run("OtherFamiliesNeverToldTheChildsName", func(t *testing.T) {
		ctx := context.Background()
		ds, _ := rg.store.NoticeDeliveries(ctx, rg.world.OrgA.ID, rg.world.Users["guardian_bilal"].ID, 10)
		if len(ds) != 1 || ds[0].Notice.Category != pluttra.NoticePostDepartment || ds[0].Notice.Link != link {
			t.Fatalf("Bilal's guardian's notices = %+v", ds)
		}
		for _, v := range ds[0].Notice.Args {
			if strings.Contains(v, "Alva") {
				t.Fatalf("another family's notice names Alva: %+v", ds[0].Notice.Args)
			}
		}
		if ds, _ := rg.store.NoticeDeliveries(ctx, rg.world.OrgA.ID, rg.world.Users["guardian_dino"].ID, 10); len(ds) != 0 {
			t.Fatalf("a guardian of another department was told: %+v", ds)
		}
	})
	t.Run("EditingDoesNotTellAgain", func(t *testing.T) {
		rec := rg.do("POST", link+"/edit", url.Values{"body": {"Alva hittade två grodor."}, "audience": {"department"},
			"child": {fmt.Sprint(rg.world.Children["Alva"])}}.Encode(), c["educator_blabar"])
		if rec.Code != http.StatusSeeOther {
			t.Fatalf("edit = %d", rec.Code)
		}
		ds, _ := rg.store.NoticeDeliveries(context.Background(), rg.world.OrgA.ID, rg.world.Users["guardian_alva_mother"].ID, 10)
		if len(ds) != 1 {
			t.Fatalf("an edit notified again: %d notices", len(ds))
		}
	})
	t.Run("UnsubscribeStopsIt", func(t *testing.T) {
		if rec := rg.sendJSON("DELETE", "/push/subscriptions", map[string]string{"endpoint": ep.Endpoint()}, c["guardian_alva_father"]); rec.Code != http.StatusNotFound {
			t.Fatalf("another user removing the mother's device = %d", rec.Code)
		}
		if rec := rg.sendJSON("DELETE", "/push/subscriptions", map[string]string{"endpoint": ep.Endpoint()}, mother); rec.Code != http.StatusNoContent {
			t.Fatalf("unsubscribing = %d", rec.Code)
		}
	})
}

// TestHangingPushNeverDelaysPublishing: the guardian's push service
// hangs; the educator's publishing answers at once, since the request
// only writes rows and the worker (woken, in the background) waits alone.
func TestHangingPushNeverDelaysPublishing(t *testing.T) {
	t.Parallel()
	rg, c, worker := noticeRig(t, 30*time.Second)
	ep := pushtest.New()
	defer ep.Close()
	release := ep.Hang()
	defer release()
	ctx, stop := context.WithCancel(context.Background())
	defer stop()
	worker.Every = time.Hour // only the wake-up from publishing starts it
	go worker.Run(ctx)
	mother := c["guardian_alva_mother"]
	quietOff(t, rg, mother)
	if rec := rg.sendJSON("POST", "/push/subscriptions", subscription(ep), mother); rec.Code != http.StatusCreated {
		t.Fatalf("subscribing = %d", rec.Code)
	}
	start := time.Now()
	code, _, _ := publish(rg, c["educator_blabar"], url.Values{"body": {"Vi bakade bullar."}, "audience": {"department"},
		"child": {fmt.Sprint(rg.world.Children["Alva"])}, "publish": {"1"}})
	took := time.Since(start)
	if code != http.StatusSeeOther {
		t.Fatalf("publish = %d", code)
	}
	select {
	case <-ep.Arrived():
	case <-time.After(5 * time.Second):
		t.Fatal("the worker never tried the push")
	}
	if took > time.Second {
		t.Fatalf("publishing took %v while the push service hangs", took)
	}
}

// TestPostNoticesCommitWithThePost: a post the store refuses tells no
// one; a published one tells exactly the guardians post.view lets read it,
// each once, naming only their own child.
func TestPostNoticesCommitWithThePost(t *testing.T) {
	t.Parallel()
	rg, c := newPostRig(t)
	w := rg.world
	ctx := context.Background()
	guardians := []string{"guardian_alva_mother", "guardian_alva_father", "guardian_bilal", "guardian_cleo", "guardian_cleo_ended", "guardian_dino"}
	told := func(t *testing.T) map[string][]pluttra.Notice {
		t.Helper()
		out := map[string][]pluttra.Notice{}
		for _, g := range guardians {
			ds, err := rg.store.NoticeDeliveries(ctx, w.OrgA.ID, w.Users[g].ID, 50)
			if err != nil {
				t.Fatal(err)
			}
			for _, d := range ds {
				out[g] = append(out[g], d.Notice)
			}
		}
		return out
	}
	alva := fmt.Sprint(w.Children["Alva"])

	t.Run("ARefusedPostTellsNoOne", func(t *testing.T) {
		// Another department's photo: the store refuses it while saving.
		code, loc, body := publish(rg, c["educator_blabar"], url.Values{"body": {"Alva hittade en groda."}, "audience": {"department"},
			"child": {alva}, "media": {fmt.Sprint(w.Media["dino_photo"])}, "publish": {"1"}})
		if code != http.StatusBadRequest || loc != "" || !strings.Contains(body, "En fil finns inte längre för det här inlägget") {
			t.Fatalf("publishing with a foreign photo = %d %q", code, loc)
		}
		if got := told(t); len(got) != 0 {
			t.Fatalf("a post that was not saved told %v", got)
		}
	})
	t.Run("EachReaderToldOnceAboutTheirOwn", func(t *testing.T) {
		code, loc, _ := publish(rg, c["educator_blabar"], url.Values{"body": {"Alva hittade en groda."}, "audience": {"department"},
			"child": {alva}, "publish": {"1"}})
		if code != http.StatusSeeOther {
			t.Fatalf("publish = %d", code)
		}
		got := told(t)
		for _, g := range []string{"guardian_alva_mother", "guardian_alva_father"} {
			if ns := got[g]; len(ns) != 1 || ns[0].Category != pluttra.NoticePostChild || ns[0].Args["Child"] != "Alva" || ns[0].Link != loc {
				t.Fatalf("%s was told %+v", g, ns)
			}
		}
		if ns := got["guardian_bilal"]; len(ns) != 1 || ns[0].Category != pluttra.NoticePostDepartment || ns[0].Args["Child"] != "" || ns[0].Link != loc {
			t.Fatalf("the other family in the department was told %+v", ns)
		}
		if len(got) != 3 {
			t.Fatalf("told %d guardians, want Alva's two and Bilal's: %v", len(got), got)
		}
	})
	t.Run("APostForTheChildrenOnlyTellsTheirFamilies", func(t *testing.T) {
		before := told(t)
		code, loc, _ := publish(rg, c["educator_blabar"], url.Values{"body": {"Alva målade."}, "audience": {"children"}, "child": {alva}, "publish": {"1"}})
		if code != http.StatusSeeOther {
			t.Fatalf("publish = %d", code)
		}
		got := told(t)
		for _, g := range guardians {
			want := len(before[g])
			if g == "guardian_alva_mother" || g == "guardian_alva_father" {
				want++
				if got[g][0].Link != loc {
					t.Fatalf("%s's newest notice = %+v", g, got[g][0])
				}
			}
			if len(got[g]) != want {
				t.Fatalf("%s has %d notices, want %d", g, len(got[g]), want)
			}
		}
	})
}

// TestConversationNoticesCommitWithTheMessage: a reply that is refused
// tells no one; one that is saved tells the others taking part once each,
// never the writer or a guardian the thread is not addressed to.
func TestConversationNoticesCommitWithTheMessage(t *testing.T) {
	t.Parallel()
	rg, c := newPostRig(t)
	w := rg.world
	ctx := context.Background()
	path := fmt.Sprintf("/conversations/%d", w.Conversations["alva_mother"])
	count := func(t *testing.T, who string) int {
		t.Helper()
		ds, err := rg.store.NoticeDeliveries(ctx, w.OrgA.ID, w.Users[who].ID, 50)
		if err != nil {
			t.Fatal(err)
		}
		n := 0
		for _, d := range ds {
			if d.Notice.Link == path {
				n++
			}
		}
		return n
	}
	people := []string{"guardian_alva_mother", "guardian_alva_father", "educator_blabar", "educator_lingon_myran", "principal_ekbacken"}
	before := map[string]int{}
	for _, p := range people {
		before[p] = count(t, p)
	}
	if rec := rg.do("POST", path, url.Values{"body": {"  "}}.Encode(), c["educator_blabar"]); rec.Code != http.StatusBadRequest {
		t.Fatalf("an empty reply = %d", rec.Code)
	}
	for _, p := range people {
		if n := count(t, p); n != before[p] {
			t.Fatalf("a refused reply told %s", p)
		}
	}
	if rec := rg.do("POST", path, url.Values{"body": {"Tack, vi har noterat det."}}.Encode(), c["educator_blabar"]); rec.Code != http.StatusSeeOther {
		t.Fatalf("reply = %d", rec.Code)
	}
	for _, p := range people {
		want := before[p]
		if p == "guardian_alva_mother" {
			want++
		}
		if n := count(t, p); n != want {
			t.Fatalf("%s has %d notices of the thread, want %d", p, n, want)
		}
	}
}
