package e2e

import (
	"strings"
	"testing"

	"github.com/chromedp/chromedp"
)

// TestRightToLeftLayout chooses Arabic from the language menu and checks
// that the page is laid out right to left, not merely labelled so: the
// brand, first in the header, sits at the right edge.
func TestRightToLeftLayout(t *testing.T) {
	base := startDemo(t)
	ctx := browser(t)
	do(t, ctx,
		chromedp.Navigate(base+"/login"),
		chromedp.WaitVisible(chromedp.CSS("#lang")),
		chromedp.SetValue(chromedp.CSS("#lang"), "ar"),
		chromedp.Submit(chromedp.CSS("form.lang")),
		chromedp.WaitVisible(chromedp.CSS(`html[dir="rtl"] #email`)),
	)
	left := step(t, ctx, chromedp.Evaluate[float64](`document.querySelector(".brand").getBoundingClientRect().left`))
	width := step(t, ctx, chromedp.Evaluate[float64](`document.documentElement.clientWidth`))
	if left < width/2 {
		t.Fatalf("brand at x=%.0f of %.0f: the header is not mirrored", left, width)
	}
	title := step(t, ctx, chromedp.Text(chromedp.CSS("main h1")))
	if title == "Logga in" || title == "Log in" {
		t.Fatalf("Arabic login page titled %q", title)
	}
	screenshot(t, ctx, "login-ar")
}

// TestPhoneWidth checks every start page at 320 px: nothing may force the
// page wider than the screen.
func TestPhoneWidth(t *testing.T) {
	base := startDemo(t)
	for _, email := range []string{"vardnadshavare@solasen.example", "pedagog@solasen.example", "admin@solasen.example"} {
		t.Run(email, func(t *testing.T) {
			ctx := browser(t)
			do(t, ctx, chromedp.EmulateViewport(320, 640))
			logIn(t, ctx, base, email)
			paths := []string{"/", "/departments/1", "/children/1"}
			if email == "admin@solasen.example" {
				paths = append(paths, "/children/1/edit", "/departments/1/edit", "/admin/organisation", "/admin/access-log")
			}
			for _, path := range paths {
				do(t, ctx, chromedp.Navigate(base+path), chromedp.WaitVisible(chromedp.CSS("main h1")))
				scroll := step(t, ctx, chromedp.Evaluate[float64](`document.documentElement.scrollWidth`))
				if scroll > 320 {
					t.Errorf("%s at 320 px is %.0f px wide", path, scroll)
				}
				screenshot(t, ctx, "phone"+strings.ReplaceAll(path, "/", "-"))
			}
		})
	}
}
