package e2e

import (
	"context"
	"strings"
	"sync"
	"testing"

	"github.com/chromedp/chromedp"

	"github.com/pluttra/pluttra/internal/demo"
	"github.com/pluttra/pluttra/internal/pluttra"
	"github.com/pluttra/pluttra/internal/testrig"
)

// TestTwoGuardiansRaceForOneTalkTime: the educator offers one time in a
// new round of development talks; the guardians of two children of her
// department open it in their own browsers and press "book" at the same
// moment. Exactly one gets the time; the other is told that another
// family was first, and is not told whose child it is.
func TestTwoGuardiansRaceForOneTalkTime(t *testing.T) {
	base, a := startDemoApp(t)
	ctx := context.Background()
	f := findFamilies(t, a)
	org, err := a.Store.OrganisationBySlug(ctx, demo.Slug)
	must(t, err)
	type family struct {
		child pluttra.Child
		email string
	}
	var families []family
	kids, err := a.Store.ChildrenInDepartment(ctx, org.ID, f.dept.ID, testrig.Today())
	must(t, err)
	for _, c := range kids {
		email := guardianEmail(t, a, org.ID, c.ID)
		if len(families) == 1 && families[0].email == email {
			continue
		}
		families = append(families, family{c, email})
		if len(families) == 2 {
			break
		}
	}
	if len(families) < 2 {
		t.Fatal("the demo department lacks two families")
	}
	day := testrig.Today().AddDays(2).String()

	staff := browser(t)
	logIn(t, staff, base, "pedagog@solasen.example")
	do(t, staff,
		chromedp.Navigate(base+"/departments/"+itoa(f.dept.ID)+"/talks"),
		chromedp.WaitVisible(chromedp.CSS(`input[name=title]`)),
		chromedp.SendKeys(chromedp.CSS(`input[name=title]`), "Extra samtal"),
		chromedp.SendKeys(chromedp.CSS(`textarea[name=questions]`), "Hur har hösten varit?"),
		chromedp.Click(chromedp.CSS(`form.card button.primary`)),
		chromedp.WaitVisible(chromedp.CSS(`input[name=day]`)),
		chromedp.SetValue(chromedp.CSS(`input[name=day]`), day),
		chromedp.SetValue(chromedp.CSS(`input[name=start]`), "16:00"),
		chromedp.SetValue(chromedp.CSS(`input[name=count]`), "1"),
		chromedp.SendKeys(chromedp.CSS(`input[name=place]`), "Lilla rummet"),
		chromedp.Click(chromedp.CSS(`form.card button.primary`)),
		chromedp.WaitVisible(chromedp.CSS(`p.notice`)),
	)
	rounds, err := a.Store.TalkRounds(ctx, org.ID, []int64{f.dept.ID})
	must(t, err)
	slots, err := a.Store.TalkSlots(ctx, org.ID, rounds[0].ID)
	must(t, err)
	if rounds[0].Title != "Extra samtal" || len(slots) != 1 {
		t.Fatalf("the educator's round %q has %d times", rounds[0].Title, len(slots))
	}
	button := `button.talk-book[data-slot="` + itoa(slots[0].ID) + `"]`

	// Both families have the time on screen before either presses.
	tabs := make([]context.Context, 2)
	for i, fam := range families {
		tabs[i] = browser(t)
		logIn(t, tabs[i], base, fam.email)
		do(t, tabs[i], chromedp.Navigate(base+"/children/"+itoa(fam.child.ID)+"/talks"), chromedp.WaitVisible(chromedp.CSS(button)))
	}
	outcome := make([]string, 2)
	errs := make([]error, 2)
	var wg sync.WaitGroup
	for i := range tabs {
		wg.Add(1)
		go func() {
			defer wg.Done()
			sctx, cancel := context.WithTimeout(tabs[i], patience)
			defer cancel()
			if _, errs[i] = chromedp.Run(sctx, chromedp.Steps(chromedp.Click(chromedp.CSS(button)),
				chromedp.WaitVisible(chromedp.CSS(`p.notice, p.field-error`)))); errs[i] != nil {
				return
			}
			outcome[i], errs[i] = chromedp.Run(sctx, chromedp.Evaluate[string](`(e => e.className + ": " + e.textContent)(document.querySelector("p.notice, p.field-error"))`))
		}()
	}
	wg.Wait()
	for _, err := range errs {
		must(t, err)
	}
	booked, taken := -1, -1
	for i, o := range outcome {
		switch {
		// Each guardian reads the page in their own language.
		case strings.HasPrefix(o, "notice: ") && (strings.Contains(o, "Samtalet är bokat") || strings.Contains(o, "The talk is booked")):
			booked = i
		case strings.HasPrefix(o, "field-error: ") && (strings.Contains(o, "En annan familj bokade den här tiden") || strings.Contains(o, "Another family booked this time")):
			taken = i
		}
	}
	if booked < 0 || taken < 0 {
		t.Fatalf("outcomes %q: want one booked and one told it was taken", outcome)
	}
	got, err := a.Store.TalkSlot(ctx, org.ID, slots[0].ID)
	must(t, err)
	if got.ChildID != families[booked].child.ID {
		t.Fatalf("the time is %s's, the page told %s's guardian it was theirs", got.ChildName, families[booked].child.FirstName)
	}
	page := step(t, tabs[taken], chromedp.Evaluate[string](`document.querySelector("main").textContent`))
	if strings.Contains(page, families[booked].child.FirstName) {
		t.Errorf("the family that lost sees whose the time is: %q", page)
	}
	screenshot(t, tabs[taken], "talk-taken")
}
