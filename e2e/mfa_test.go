package e2e

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"github.com/pluttra/pluttra/internal/demo"
	"github.com/pluttra/pluttra/internal/mfa"
)

// TestStaffEnrolAndLogInWithTOTP: with the organisation requiring a second
// factor, an educator logs in, scans (here: reads) the secret, confirms a
// code, is shown recovery codes, and the next login asks for a code.
func TestStaffEnrolAndLogInWithTOTP(t *testing.T) {
	base, a := startDemoApp(t)
	org, err := a.Store.OrganisationBySlug(context.Background(), demo.Slug)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := a.Store.SetRequireStaffMFA(context.Background(), org.ID, true); err != nil {
		t.Fatal(err)
	}
	ctx := browser(t)
	logIn(t, ctx, base, "pedagog@solasen.example")
	if got := step(t, ctx, chromedp.Location()); !strings.HasSuffix(got, "/login/mfa") {
		t.Fatalf("after the password: %s", got)
	}
	if w := step(t, ctx, chromedp.Evaluate[float64](`document.querySelector(".qr img").naturalWidth`)); w < 100 {
		t.Fatalf("QR code not shown (width %.0f)", w)
	}
	secret := step(t, ctx, chromedp.Text(chromedp.CSS("code.secret")))
	code, err := mfa.Code(secret, time.Now())
	if err != nil {
		t.Fatal(err)
	}
	do(t, ctx,
		chromedp.SendKeys(chromedp.CSS("#code"), code),
		chromedp.Click(chromedp.CSS("button.primary")),
		chromedp.WaitVisible(chromedp.CSS("ol.codes")),
	)
	if n := step(t, ctx, chromedp.Evaluate[int](`document.querySelectorAll("ol.codes li").length`)); n != mfa.RecoveryCount {
		t.Fatalf("%d recovery codes shown", n)
	}
	do(t, ctx, chromedp.Click(chromedp.CSS("a.button")), chromedp.WaitVisible(chromedp.CSS(".children")))

	// Log out and in again: now only a code is asked for, no QR code.
	do(t, ctx, chromedp.Click(chromedp.CSS(".bar button.link")), chromedp.WaitVisible(chromedp.CSS("#email")))
	logIn(t, ctx, base, "pedagog@solasen.example")
	if n := step(t, ctx, chromedp.Evaluate[int](`document.querySelectorAll(".qr img").length`)); n != 0 {
		t.Fatal("the enrolment is shown again after it was confirmed")
	}
	next, err := mfa.Code(secret, time.Now().Add(30*time.Second)) // the step after the one just used
	if err != nil {
		t.Fatal(err)
	}
	do(t, ctx,
		chromedp.SendKeys(chromedp.CSS("#code"), next),
		chromedp.Click(chromedp.CSS("button.primary")),
		chromedp.WaitVisible(chromedp.CSS(".children")),
	)
	if heading := step(t, ctx, chromedp.Text(chromedp.CSS("main h1"))); heading != "Mina avdelningar" {
		t.Fatalf("after the code: %q", heading)
	}
}
