package web

import (
	"bytes"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strconv"
	"strings"
	"sync"
	"testing"

	"github.com/pluttra/pluttra/internal/login"
	"github.com/pluttra/pluttra/internal/securitylog"
	"github.com/pluttra/pluttra/internal/testrig"
)

// logBuffer keeps what the server logs, for tests to read.
type logBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (l *logBuffer) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.Write(p)
}

func (l *logBuffer) String() string {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.String()
}

// securityEvents are the security log lines of event e written for the
// request whose response is rec.
func (r *rig) securityEvents(t *testing.T, rec *httptest.ResponseRecorder, e securitylog.Event) []map[string]any {
	t.Helper()
	id := rec.Header().Get("X-Request-Id")
	var out []map[string]any
	for line := range strings.Lines(r.logs.String()) {
		var m map[string]any
		if err := json.Unmarshal([]byte(line), &m); err != nil {
			t.Fatalf("a log line that is not JSON: %q", line)
		}
		if m["msg"] == "security" && m["event"] == string(e) && m["request_id"] == id {
			out = append(out, m)
		}
	}
	return out
}

// from serves a form post from the client address addr.
func (r *rig) from(addr, target, body string, cookies ...*http.Cookie) *httptest.ResponseRecorder {
	req := httptest.NewRequest("POST", target, strings.NewReader(body))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	req.RemoteAddr = addr + ":40000"
	for _, c := range cookies {
		req.AddCookie(c)
	}
	return serve(r, req)
}

// Each security event is one JSON line with the user's id, the client's
// address and the request's id, and no password, email address or name
// appears anywhere in the log.
func TestSecurityLog(t *testing.T) {
	t.Parallel()
	const wrong = "not my password at all"
	check := func(t *testing.T, rg *rig, rec *httptest.ResponseRecorder, e securitylog.Event, userID int64, addr string, want map[string]any) {
		t.Helper()
		var m map[string]any
		for _, ev := range rg.securityEvents(t, rec, e) {
			if (userID == 0 && ev["user_id"] == nil) || ev["user_id"] == float64(userID) {
				m = ev
			}
		}
		if m == nil {
			t.Fatalf("no %s event about user %d for the request in the log:\n%s", e, userID, rg.logs.String())
		}
		if m["client_address"] != addr {
			t.Errorf("%s: client_address %v, want %s", e, m["client_address"], addr)
		}
		for k, v := range want {
			if m[k] != v {
				t.Errorf("%s: %s = %v, want %v", e, k, m[k], v)
			}
		}
		log := rg.logs.String()
		for _, secret := range []string{testrig.Password, wrong, "blåbärssoppa"} {
			if strings.Contains(log, secret) {
				t.Errorf("the log holds a password: %q", secret)
			}
		}
		for _, u := range rg.world.Users {
			// The fixture's names are words like educator_blabar; "admin"
			// alone is also part of the admin pages' routes.
			if strings.Contains(log, u.Email) || (strings.Contains(u.Name, "_") && strings.Contains(log, u.Name)) {
				t.Errorf("the log holds the email address or name of %s", u.Email)
			}
		}
	}
	rg := newRig(t, testrig.SQLite, "http://localhost")
	id := func(name string) int64 { return rg.world.Users[name].ID }
	admin := func() *http.Cookie { return rg.sessionFor(t, "admin") }

	t.Run("LoginFailed", func(t *testing.T) {
		rec := rg.from("198.51.100.11", "/login", loginForm(rg.world.Users["guardian_alva_mother"].Email, wrong))
		if rec.Code != http.StatusUnauthorized {
			t.Fatalf("status %d", rec.Code)
		}
		check(t, rg, rec, securitylog.LoginFailed, id("guardian_alva_mother"), "198.51.100.11", map[string]any{"check": "password", "level": "WARN"})
	})
	t.Run("Throttled", func(t *testing.T) {
		email := rg.world.Users["guardian_cleo"].Email
		for i := range login.DefaultLimits.AccountLimit {
			rg.from("198.51.100."+strconv.Itoa(20+i), "/login", loginForm(email, wrong))
		}
		rec := rg.from("198.51.100.12", "/login", loginForm(email, testrig.Password))
		if rec.Code != http.StatusTooManyRequests {
			t.Fatalf("status %d", rec.Code)
		}
		check(t, rg, rec, securitylog.Throttled, 0, "198.51.100.12", map[string]any{"check": "password"})
	})
	t.Run("PasswordChanged", func(t *testing.T) {
		const fresh = "blåbärssoppa i skogen"
		rec := rg.from("198.51.100.13", "/settings/password", url.Values{"current": {testrig.Password}, "new": {fresh}, "repeat": {fresh}}.Encode(),
			rg.sessionFor(t, "guardian_dino"))
		if rec.Code != http.StatusSeeOther {
			t.Fatalf("status %d", rec.Code)
		}
		check(t, rg, rec, securitylog.PasswordChanged, id("guardian_dino"), "198.51.100.13", map[string]any{"via": "settings"})
	})
	t.Run("MFAReset", func(t *testing.T) {
		rec := rg.from("198.51.100.14", "/admin/users/"+strconv.FormatInt(id("educator_blabar"), 10)+"/reset-mfa", "", admin())
		if rec.Code != http.StatusSeeOther {
			t.Fatalf("status %d", rec.Code)
		}
		check(t, rg, rec, securitylog.MFAReset, id("educator_blabar"), "198.51.100.14", map[string]any{"actor_id": float64(id("admin"))})
	})
	t.Run("AccountDeactivated", func(t *testing.T) {
		rec := rg.from("198.51.100.15", "/admin/users/"+strconv.FormatInt(id("educator_lingon_myran"), 10)+"/deactivate", "", admin())
		if rec.Code != http.StatusSeeOther {
			t.Fatalf("status %d", rec.Code)
		}
		check(t, rg, rec, securitylog.AccountDeactivated, id("educator_lingon_myran"), "198.51.100.15", map[string]any{"actor_id": float64(id("admin"))})
	})
	t.Run("SessionsEnded", func(t *testing.T) {
		// A rig of its own: the rule goes off and on again.
		rg := newRig(t, testrig.SQLite, "http://localhost")
		adminID := rg.world.Users["admin"].ID
		if _, err := rg.store.SetRequireStaffMFA(t.Context(), rg.world.OrgA.ID, false); err != nil {
			t.Fatal(err)
		}
		rg.sessionFor(t, "educator_blabar")
		rec := rg.from("198.51.100.16", "/admin/settings", "require_mfa=on", rg.sessionFor(t, "admin"))
		if rec.Code != http.StatusSeeOther {
			t.Fatalf("status %d", rec.Code)
		}
		check(t, rg, rec, securitylog.SessionsEnded, rg.world.Users["educator_blabar"].ID, "198.51.100.16",
			map[string]any{"reason": "mfa_required", "actor_id": float64(adminID)})
	})
}
