package e2e

import (
	"context"
	"encoding/json"
	"net/http"
	"net/url"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"github.com/pluttra/pluttra/internal/demo"
	"github.com/pluttra/pluttra/internal/pluttra"
	"github.com/pluttra/pluttra/internal/testrig"
)

// mailTo waits for mailpit to hold a mail to the address and returns its text.
func mailTo(t *testing.T, api, to string) string {
	t.Helper()
	deadline := time.Now().Add(patience)
	for time.Now().Before(deadline) {
		resp, err := http.Get(api + "/api/v1/search?query=" + url.QueryEscape("to:"+to))
		if err != nil {
			t.Fatal(err)
		}
		var found struct{ Messages []struct{ ID string } }
		json.NewDecoder(resp.Body).Decode(&found)
		resp.Body.Close()
		if len(found.Messages) > 0 {
			resp, err := http.Get(api + "/api/v1/message/" + found.Messages[0].ID)
			if err != nil {
				t.Fatal(err)
			}
			var msg struct{ Text string }
			json.NewDecoder(resp.Body).Decode(&msg)
			resp.Body.Close()
			return msg.Text
		}
		time.Sleep(200 * time.Millisecond)
	}
	t.Fatalf("no mail to %s arrived", to)
	return ""
}

// TestInvitationFromMailToFirstLogin: an educator invites a guardian, the
// mail arrives in a real SMTP server, the guardian opens the link, chooses a
// password, is logged in and sees exactly their own child; the link then
// refuses.
func TestInvitationFromMailToFirstLogin(t *testing.T) {
	smtpURL := testrig.Service(t, "PLUTTRA_TEST_SMTP_URL", "SMTP server (mailpit)")
	api := testrig.Service(t, "PLUTTRA_TEST_MAILPIT_URL", "mailpit API")
	base, a := startDemoApp(t, "--smtp-url", smtpURL)
	ctx := context.Background()
	org, err := a.Store.OrganisationBySlug(ctx, demo.Slug)
	if err != nil {
		t.Fatal(err)
	}
	// Alva (child 1) gets a new guardian with no account yet.
	email := "ny." + strings.ReplaceAll(time.Now().Format("150405.000000"), ".", "") + "@familj.example"
	gs, err := a.Store.LinkGuardian(ctx, org.ID, 1, &pluttra.User{Name: "Nadia Ny", Email: email}, testrig.Today())
	if err != nil {
		t.Fatal(err)
	}

	staff := browser(t)
	logIn(t, staff, base, "pedagog@solasen.example")
	do(t, staff,
		chromedp.Navigate(base+"/children/1/invite"),
		chromedp.WaitVisible(chromedp.CSS(`form:has(input[name=guardian][value="`+itoa(gs.GuardianID)+`"]) button`)),
		chromedp.Click(chromedp.CSS(`form:has(input[name=guardian][value="`+itoa(gs.GuardianID)+`"]) button`)),
		chromedp.WaitVisible(chromedp.CSS(".notice")),
	)

	text := mailTo(t, api, email)
	link := regexp.MustCompile(`http://127\.0\.0\.1:\d+/invite/[A-Za-z0-9_-]{43}`).FindString(text)
	if link == "" || !strings.Contains(text, "bjuder in dig till Pluttra") {
		t.Fatalf("mail without an invitation link:\n%s", text)
	}

	guardian := browser(t)
	do(t, guardian,
		chromedp.Navigate(link),
		chromedp.WaitVisible(chromedp.CSS("#password")),
		chromedp.SendKeys(chromedp.CSS("#password"), "blåbär och grädde"),
		chromedp.SendKeys(chromedp.CSS("#repeat"), "blåbär och grädde"),
		chromedp.Click(chromedp.CSS("button.primary")),
		chromedp.WaitVisible(chromedp.CSS(".cards")),
	)
	names := step(t, guardian, chromedp.Evaluate[[]string](`[...document.querySelectorAll(".cards h2")].map(e => e.textContent.trim())`))
	if strings.Join(names, ",") != "Alva" {
		t.Fatalf("the new guardian sees %v, want exactly Alva", names)
	}
	do(t, guardian, chromedp.Navigate(link), chromedp.WaitVisible(chromedp.CSS("main h1")))
	if body := step(t, guardian, chromedp.Text(chromedp.CSS("main"))); !strings.Contains(body, "redan använts") {
		t.Fatalf("the used link shows: %q", body)
	}
}

func itoa(n int64) string { return strconv.FormatInt(n, 10) }
