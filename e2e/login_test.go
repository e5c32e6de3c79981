package e2e

import (
	"strings"
	"testing"

	"github.com/chromedp/chromedp"
)

// TestGuardianSeesExactlyTheirOwnChildren: a guardian opens Pluttra, is
// sent to the login page, logs in and sees their two children and nobody
// else's; another child's page answers as if it did not exist.
func TestGuardianSeesExactlyTheirOwnChildren(t *testing.T) {
	base := startDemo(t)
	ctx := browser(t)
	logIn(t, ctx, base, "vardnadshavare@solasen.example")

	heading := step(t, ctx, chromedp.Text(chromedp.CSS("main h1")))
	if heading != "Mina barn" {
		t.Fatalf("heading = %q", heading)
	}
	names := step(t, ctx, chromedp.Evaluate[[]string](`[...document.querySelectorAll(".cards h2")].map(e => e.textContent.trim())`))
	if strings.Join(names, ",") != "Alva,Elsa" {
		t.Fatalf("guardian sees children %v, want exactly Alva and Elsa", names)
	}
	screenshot(t, ctx, "guardian-start")

	// Child 3 belongs to another family.
	do(t, ctx, chromedp.Navigate(base+"/children/3"), chromedp.WaitVisible(chromedp.CSS("main h1")))
	body := step(t, ctx, chromedp.Text(chromedp.CSS("main")))
	if !strings.Contains(body, "Sidan finns inte") {
		t.Fatalf("another family's child page shows: %q", body)
	}
	// Nor may the guardian read the department's child list.
	do(t, ctx, chromedp.Navigate(base+"/departments/1/children"), chromedp.WaitVisible(chromedp.CSS("main h1")))
	if body := step(t, ctx, chromedp.Text(chromedp.CSS("main"))); strings.Contains(body, "Amira") {
		t.Fatal("guardian reads the department's child list")
	}
}

// TestPrincipalSeesProtectedIdentityMarked: the principal's start page
// lists the unit's children and marks the one with protected identity.
func TestPrincipalSeesProtectedIdentityMarked(t *testing.T) {
	base := startDemo(t)
	ctx := browser(t)
	logIn(t, ctx, base, "rektor@solasen.example")
	count := step(t, ctx, chromedp.Evaluate[int](`document.querySelectorAll(".children li").length`))
	marked := step(t, ctx, chromedp.Evaluate[int](`document.querySelectorAll(".children .badge.protected").length`))
	if count != 20 || marked != 1 {
		t.Fatalf("principal sees %d children with %d marked protected, want 20 and 1", count, marked)
	}
	screenshot(t, ctx, "principal-start")

	// Logging out ends the session: the start page asks for a login again.
	do(t, ctx, chromedp.Click(chromedp.CSS(".bar button.link")), chromedp.WaitVisible(chromedp.CSS("#email")))
	do(t, ctx, chromedp.Navigate(base+"/"), chromedp.WaitVisible(chromedp.CSS("#email")))
}
