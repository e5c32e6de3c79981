package web

import (
	"html/template"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strconv"
	"strings"
	"sync"
	"testing"

	"github.com/pluttra/pluttra/internal/login"
	"github.com/pluttra/pluttra/internal/testrig"
)

// says reports whether a page shows the message of key (in Swedish, the
// language the test requests get).
func (r *rig) says(body, key string) bool {
	return strings.Contains(body, template.HTMLEscapeString(r.srv.deps.Catalog.Locale("sv").T(key)))
}

// The current password on the password page is guessed no faster than at
// the login form: per account, per address, and with many guesses at once.
func TestPasswordPageThrottled(t *testing.T) {
	t.Parallel()
	rg := newRig(t, testrig.SQLite, "http://localhost")
	change := func(from string, c *http.Cookie, current string) *httptest.ResponseRecorder {
		const fresh = "blåbärssoppa i skogen"
		req := httptest.NewRequest("POST", "/settings/password", strings.NewReader(url.Values{"current": {current}, "new": {fresh}, "repeat": {fresh}}.Encode()))
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
		req.RemoteAddr = from + ":40000"
		req.AddCookie(c)
		return serve(rg, req)
	}
	limit := login.DefaultLimits.AccountLimit

	t.Run("PerAccount", func(t *testing.T) {
		c := rg.sessionFor(t, "guardian_bilal")
		for i := range limit {
			// From a new address each time: only the account's count fills.
			if rec := change("198.51.100."+strconv.Itoa(i), c, "wrong password "+strconv.Itoa(i)); rec.Code != http.StatusBadRequest || !rg.says(rec.Body.String(), "error.password_wrong") {
				t.Fatalf("guess %d: status %d", i, rec.Code)
			}
		}
		rec := change("198.51.100.200", c, testrig.Password)
		if rec.Code != http.StatusTooManyRequests || !rg.says(rec.Body.String(), "login.error.throttled") {
			t.Fatalf("after %d wrong guesses: status %d, want throttled", limit, rec.Code)
		}
		if rg.do("POST", "/login", loginForm(rg.world.Users["guardian_bilal"].Email, testrig.Password)).Code != http.StatusSeeOther {
			t.Fatal("the refused change altered the password")
		}
	})
	t.Run("PerAddress", func(t *testing.T) {
		c := rg.sessionFor(t, "guardian_dino")
		for i := range login.DefaultLimits.AddressLimit {
			req := httptest.NewRequest("POST", "/login", strings.NewReader(loginForm("guess"+strconv.Itoa(i)+"@nowhere.example", "wrong password")))
			req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
			req.RemoteAddr = "203.0.113.5:40000"
			serve(rg, req)
		}
		if rec := change("203.0.113.5", c, testrig.Password); rec.Code != http.StatusTooManyRequests {
			t.Fatalf("from an address over its limit: status %d, want throttled", rec.Code)
		}
		if rec := change("203.0.113.6", c, testrig.Password); rec.Code != http.StatusSeeOther {
			t.Fatalf("from another address: status %d, want the change made", rec.Code)
		}
	})
	t.Run("ConcurrentGuessesCheckedAtMostTheLimit", func(t *testing.T) {
		c := rg.sessionFor(t, "guardian_alva_father")
		const attempts = 30
		var wg sync.WaitGroup
		var mu sync.Mutex
		checked := 0
		for i := range attempts {
			wg.Go(func() {
				rec := change("192.0.2.77", c, "wrong password "+strconv.Itoa(i))
				if rec.Code == http.StatusBadRequest && rg.says(rec.Body.String(), "error.password_wrong") {
					mu.Lock()
					checked++
					mu.Unlock()
				} else if rec.Code != http.StatusTooManyRequests {
					t.Errorf("status %d", rec.Code)
				}
			})
		}
		wg.Wait()
		if checked > limit {
			t.Fatalf("%d of %d guesses at once were checked, want at most %d", checked, attempts, limit)
		}
	})
}
