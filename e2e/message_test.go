package e2e

import (
	"context"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"

	"github.com/pluttra/pluttra/internal/demo"
	"github.com/pluttra/pluttra/internal/testrig"
)

// TestImportantMessageAcknowledgedByOneGuardian: an educator sends an
// important message that asks for confirmation to both guardians of a
// child (separate households); one reads and confirms it, the other never
// opens it, and the educator's receipts show exactly that.
func TestImportantMessageAcknowledgedByOneGuardian(t *testing.T) {
	base, a := startDemoApp(t)
	ctx := context.Background()
	f := findFamilies(t, a)
	org, err := a.Store.OrganisationBySlug(ctx, demo.Slug)
	must(t, err)
	// The child of the guardian of two in the educator's department, and
	// the other parent.
	vera, err := a.Store.UsersByEmail(ctx, "vardnadshavare@solasen.example")
	must(t, err)
	kids, err := a.Store.ChildrenOfGuardian(ctx, org.ID, vera[0].ID, testrig.Today())
	must(t, err)
	var other string
	var otherID, child int64
	for _, k := range kids {
		facts, err := a.Store.ChildFacts(ctx, org.ID, k.ID, testrig.Today())
		must(t, err)
		if len(facts.DepartmentIDs) == 0 || facts.DepartmentIDs[0] != f.dept.ID {
			continue
		}
		for _, g := range facts.GuardianIDs {
			if g != vera[0].ID {
				u, err := a.Store.User(ctx, org.ID, g)
				must(t, err)
				other, otherID, child = u.Email, g, k.ID
			}
		}
	}
	if child == 0 {
		t.Fatal("the demo lacks a child of the guardian of two with a second guardian in the educator's department")
	}
	b := browser(t)

	logIn(t, b, base, "pedagog@solasen.example")
	do(t, b,
		chromedp.Navigate(base+"/departments/"+itoa(f.dept.ID)+"/messages/new"),
		chromedp.WaitVisible(chromedp.CSS("#title")),
		chromedp.Click(chromedp.CSS(`input[name=scope][value=guardians]`)),
		chromedp.Click(chromedp.CSS(`input[name=recipient][value="`+itoa(vera[0].ID)+`"]`)),
		chromedp.Click(chromedp.CSS(`input[name=recipient][value="`+itoa(otherID)+`"]`)),
		chromedp.SendKeys(chromedp.CSS("#title"), "Lapp om vattenkalas"),
		chromedp.SendKeys(chromedp.CSS("#body"), "Ta med badkläder på onsdag."),
		chromedp.Click(chromedp.CSS(`input[name=requires_ack]`)),
		chromedp.Click(chromedp.CSS(`form.composer button.primary`)),
		chromedp.WaitVisible(chromedp.CSS("#receipt-counts")),
	)
	receiptsURL := step(t, b, chromedp.Evaluate[string](`location.pathname`))
	logOut(t, b)

	logIn(t, b, base, vera[0].Email)
	do(t, b,
		chromedp.Navigate(base+"/messages"),
		chromedp.WaitVisible(chromedp.CSS("#important")),
		chromedp.Click(chromedp.CSS(`#important li.unread a`)),
		chromedp.WaitVisible(chromedp.CSS("#ack")),
		chromedp.Click(chromedp.CSS("#ack")),
		chromedp.WaitVisible(chromedp.CSS("#acked")),
	)
	logOut(t, b)

	logIn(t, b, base, "pedagog@solasen.example")
	do(t, b, chromedp.Navigate(base+receiptsURL), chromedp.WaitVisible(chromedp.CSS("#receipt-counts")))
	counts := step(t, b, chromedp.Evaluate[string](`document.querySelector("#receipt-counts").textContent`))
	done := step(t, b, chromedp.Evaluate[[]string](`[...document.querySelectorAll("#done tr[data-user]")].map(r => r.dataset.user)`))
	pending := step(t, b, chromedp.Evaluate[[]string](`[...document.querySelectorAll("#pending tr[data-user]")].map(r => r.dataset.user)`))
	if !strings.Contains(counts, "Läst av 1 av 2") || !strings.Contains(counts, "bekräftat av 1 av 2") {
		t.Errorf("counts = %q", counts)
	}
	if len(done) != 1 || done[0] != itoa(vera[0].ID) || len(pending) != 1 || pending[0] != itoa(otherID) {
		t.Errorf("confirmed %v, waiting %v; want %d confirmed and %d (%s) waiting", done, pending, vera[0].ID, otherID, other)
	}
	screenshot(t, b, "message-receipts")
}

// logOut ends the browser's session through the page's own button.
func logOut(t *testing.T, ctx context.Context) {
	t.Helper()
	do(t, ctx, chromedp.Click(chromedp.CSS(`header form button.link`)), chromedp.WaitVisible(chromedp.CSS("#email")))
}
