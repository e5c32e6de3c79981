package e2e

import (
	"encoding/json"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"github.com/pluttra/pluttra/internal/push"
	"github.com/pluttra/pluttra/internal/push/pushtest"
)

// TestInstalledAppPushAndOffline: a guardian's browser finds the manifest
// and installs the service worker; the guardian turns push on through the
// app's own endpoint (with a test push service's address and keys); an
// educator publishes a post about the guardian's child and the push
// service receives a message it decrypts, linking the post; with the
// server gone, the feed the guardian last saw is still readable, marked
// as such.
func TestInstalledAppPushAndOffline(t *testing.T) {
	base, a, stopServer := startStoppableDemo(t, "--push-allow-local")
	f := findFamilies(t, a)
	ep := pushtest.New()
	defer ep.Close()

	guardian := browser(t)
	logIn(t, guardian, base, f.guardianA)
	manifest := step(t, guardian, chromedp.Evaluate[map[string]any](
		`fetch(document.querySelector('link[rel=manifest]').href).then(r => r.json())`, chromedp.EvalAwaitPromise))
	icons, _ := manifest["icons"].([]any)
	if manifest["short_name"] != "Pluttra" || manifest["display"] != "standalone" || manifest["start_url"] != "/" || len(icons) != 3 {
		t.Fatalf("manifest = %v", manifest)
	}
	state := step(t, guardian, chromedp.Evaluate[string](
		`navigator.serviceWorker.ready.then(r => new Promise(ok => {
			const w = r.active; if (w.state === "activated") return ok(w.state);
			w.addEventListener("statechange", () => { if (w.state === "activated") ok(w.state); });
		}))`, chromedp.EvalAwaitPromise))
	if state != "activated" {
		t.Fatalf("service worker = %q", state)
	}

	// Quiet hours off, so the test does not depend on the hour it runs.
	do(t, guardian,
		chromedp.Navigate(base+"/settings/notifications"),
		chromedp.WaitVisible(chromedp.CSS(`input[name=quiet]`)),
		chromedp.Evaluate[chromedp.Void](`document.querySelector("input[name=quiet]").checked = false`),
		chromedp.Click(chromedp.CSS(`form[action="/settings/notifications"] > button.primary`)),
		chromedp.WaitVisible(chromedp.CSS(`p.notice[role=status]`)),
	)
	sub, _ := json.Marshal(map[string]any{"endpoint": ep.Endpoint(), "keys": map[string]string{"p256dh": ep.P256dh(), "auth": ep.Auth()}})
	status := step(t, guardian, chromedp.Evaluate[float64](`fetch("/push/subscriptions", {method: "POST",
		headers: {"Content-Type": "application/json"}, body: `+"`"+string(sub)+"`"+`}).then(r => r.status)`, chromedp.EvalAwaitPromise))
	if status != 201 {
		t.Fatalf("subscribing through the app = %v", status)
	}
	do(t, guardian, chromedp.Navigate(base+"/feed"), chromedp.WaitVisible(chromedp.CSS("[data-live-feed]")))

	staff := browser(t)
	logIn(t, staff, base, "pedagog@solasen.example")
	body := "Vi plockade blåbär " + time.Now().Format("15:04:05.000")
	do(t, staff,
		chromedp.Navigate(base+"/departments/"+itoa(f.dept.ID)+"/posts/new"),
		chromedp.WaitVisible(chromedp.CSS("#body")),
		chromedp.SendKeys(chromedp.CSS("#body"), body),
		chromedp.Click(chromedp.CSS(`input[name=audience][value=department]`)),
		chromedp.Click(chromedp.CSS(`input[name=child][value="`+itoa(f.sharedA.ID)+`"]`)),
		chromedp.Click(chromedp.CSS(`button[name=publish]`)),
		chromedp.WaitVisible(chromedp.CSS("article.post")),
	)
	postURL := step(t, staff, chromedp.Location())

	deadline := time.Now().Add(patience)
	for len(ep.Received()) == 0 && time.Now().Before(deadline) {
		time.Sleep(100 * time.Millisecond)
	}
	got := ep.Received()
	if len(got) != 1 {
		t.Fatalf("the push service received %d messages (failures %v)", len(got), ep.Failures())
	}
	var m push.Message
	if err := json.Unmarshal(got[0].Plain, &m); err != nil {
		t.Fatal(err)
	}
	if m.URL != postURL || !strings.Contains(m.Title, f.sharedA.FirstName) {
		t.Fatalf("decrypted message = %+v, want the link %s naming %s", m, postURL, f.sharedA.FirstName)
	}

	// The guardian's feed, seen once, is readable without the server.
	do(t, guardian, chromedp.Navigate(base+"/feed"), chromedp.WaitVisible(chromedp.CSS("[data-live-feed]")))
	stopServer()
	do(t, guardian, chromedp.Navigate(base+"/feed"), chromedp.WaitVisible(chromedp.CSS("[data-offline-note]")))
	note := step(t, guardian, chromedp.Text(chromedp.CSS("[data-offline-note]")))
	feed := step(t, guardian, chromedp.Text(chromedp.CSS("[data-live-feed]")))
	// In the guardian's own language (the demo's guardians differ).
	if !strings.Contains(note, "offline") || !strings.Contains(feed, body) {
		t.Fatalf("offline: note %q, feed holds the new post: %v", note, strings.Contains(feed, body))
	}
	// Another page was never kept: the offline page stands in.
	do(t, guardian, chromedp.Navigate(base+"/settings/notifications"), chromedp.WaitVisible(chromedp.CSS("main h1")))
	if h := step(t, guardian, chromedp.Text(chromedp.CSS("main h1"))); !strings.Contains(h, "offline") {
		t.Fatalf("an uncached page offline shows %q", h)
	}
}
