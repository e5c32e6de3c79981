package web

import (
	"context"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/pluttra/pluttra/internal/testrig"
)

func loginForm(email, pw string) string {
	return url.Values{"email": {email}, "password": {pw}}.Encode()
}

func cookieNamed(rec interface{ Result() *http.Response }, name string) *http.Cookie {
	for _, c := range rec.Result().Cookies() {
		if c.Name == name {
			return c
		}
	}
	return nil
}

func TestLogin(t *testing.T) {
	t.Parallel()
	rg := newRig(t, testrig.SQLite, "http://localhost")
	// A guardian: staff of these organisations also need a second factor,
	// which TestMFA covers.
	email := rg.world.Users["guardian_alva_mother"].Email

	t.Run("OK", func(t *testing.T) {
		rec := rg.do("POST", "/login", loginForm(email, testrig.Password))
		if rec.Code != http.StatusSeeOther || rec.Header().Get("Location") != "/" {
			t.Fatalf("status %d location %q", rec.Code, rec.Header().Get("Location"))
		}
		c := cookieNamed(rec, sessionCookie)
		if c == nil || !c.HttpOnly || c.SameSite != http.SameSiteLaxMode || c.Path != "/" || len(c.Value) < 40 {
			t.Fatalf("session cookie = %+v", c)
		}
		page := rg.do("GET", "/", "", c)
		if page.Code != http.StatusOK || !strings.Contains(page.Body.String(), "Blabar") {
			t.Fatalf("start page after login: %d", page.Code)
		}
	})
	t.Run("RotatesSessionAtLogin", func(t *testing.T) {
		planted := rg.sessionFor(t, "guardian_alva_mother")
		rec := rg.do("POST", "/login", loginForm(email, testrig.Password), planted)
		fresh := cookieNamed(rec, sessionCookie)
		if fresh == nil || fresh.Value == planted.Value {
			t.Fatal("session id not rotated at login")
		}
		if rg.do("GET", "/", "", planted).Code != http.StatusSeeOther {
			t.Fatal("the session from before login still works")
		}
	})
	t.Run("NextStaysOnSite", func(t *testing.T) {
		for next, want := range map[string]string{"/children/1": "/children/1", "//evil.example/": "/", "https://evil.example": "/"} {
			rec := rg.do("POST", "/login", loginForm(email, testrig.Password)+"&next="+url.QueryEscape(next))
			if got := rec.Header().Get("Location"); got != want {
				t.Errorf("next=%q: redirected to %q, want %q", next, got, want)
			}
		}
	})
	t.Run("ErrWrongPasswordSameAsUnknownAccount", func(t *testing.T) {
		wrong := rg.do("POST", "/login", loginForm(email, "not the password"))
		unknown := rg.do("POST", "/login", loginForm("nobody@solbacka.example", "not the password"))
		if wrong.Code != http.StatusUnauthorized || unknown.Code != http.StatusUnauthorized {
			t.Fatalf("statuses %d %d", wrong.Code, unknown.Code)
		}
		msg := "Fel e-postadress eller lösenord."
		if !strings.Contains(wrong.Body.String(), msg) || !strings.Contains(unknown.Body.String(), msg) {
			t.Fatal("the two failures do not give the same message")
		}
		if cookieNamed(wrong, sessionCookie) != nil {
			t.Fatal("a failed login set a session")
		}
	})
	t.Run("Logout", func(t *testing.T) {
		c := cookieNamed(rg.do("POST", "/login", loginForm(email, testrig.Password)), sessionCookie)
		rec := rg.do("POST", "/logout", "", c)
		if rec.Code != http.StatusSeeOther || cookieNamed(rec, sessionCookie).MaxAge >= 0 {
			t.Fatalf("logout: %d", rec.Code)
		}
		if rg.do("GET", "/", "", c).Code != http.StatusSeeOther {
			t.Fatal("session still valid after logout")
		}
	})
}

func TestSessionTimeouts(t *testing.T) {
	t.Parallel()
	rg := newRig(t, testrig.SQLite, "http://localhost")
	email := rg.world.Users["guardian_dino"].Email
	login := func() *http.Cookie {
		return cookieNamed(rg.do("POST", "/login", loginForm(email, testrig.Password)), sessionCookie)
	}

	t.Run("Idle", func(t *testing.T) {
		c := login()
		rg.clock.Add(90 * time.Minute)
		if rg.do("GET", "/", "", c).Code != http.StatusOK {
			t.Fatal("active session ended early")
		}
		rg.clock.Add(90 * time.Minute) // 90 minutes after the last use: within the 2 h idle limit
		if rg.do("GET", "/", "", c).Code != http.StatusOK {
			t.Fatal("use did not push the idle timeout forward")
		}
		rg.clock.Add(2*time.Hour + time.Second)
		if rg.do("GET", "/", "", c).Code != http.StatusSeeOther {
			t.Fatal("idle session still valid")
		}
	})
	t.Run("Absolute", func(t *testing.T) {
		c := login()
		for range 13 {
			rg.clock.Add(time.Hour + 50*time.Minute)
			if rg.do("GET", "/", "", c).Code != http.StatusOK {
				t.Fatal("session ended before its absolute limit")
			}
		}
		rg.clock.Add(time.Hour)
		if rg.do("GET", "/", "", c).Code != http.StatusSeeOther {
			t.Fatal("session outlived its absolute limit")
		}
	})
	t.Run("DeactivationEndsSessionsAtOnce", func(t *testing.T) {
		c := rg.sessionFor(t, "educator_lingon_myran")
		if rg.do("GET", "/", "", c).Code != http.StatusOK {
			t.Fatal("session not valid before deactivation")
		}
		u := rg.world.Users["educator_lingon_myran"]
		if err := rg.store.DeactivateUser(context.Background(), u.OrgID, u.ID); err != nil {
			t.Fatal(err)
		}
		if rg.do("GET", "/", "", c).Code != http.StatusSeeOther {
			t.Fatal("deactivated user still served")
		}
	})
}

func TestSecureCookiesOverHTTPS(t *testing.T) {
	t.Parallel()
	rg := newRig(t, testrig.SQLite, "https://pluttra.example.se")
	rec := rg.do("POST", "/login", loginForm(rg.world.Users["guardian_dino"].Email, testrig.Password))
	c := cookieNamed(rec, "__Host-"+sessionCookie)
	if c == nil || !c.Secure || !c.HttpOnly || c.Domain != "" || c.Path != "/" {
		t.Fatalf("session cookie over https = %+v", c)
	}
	if d := cookieNamed(rec, "__Host-"+deviceCookie); d == nil || !d.Secure {
		t.Fatalf("device cookie over https = %+v", d)
	}
	if rec.Header().Get("Strict-Transport-Security") == "" {
		t.Fatal("no HSTS over https")
	}
	if newRig(t, testrig.SQLite, "http://localhost").do("GET", "/login", "").Header().Get("Strict-Transport-Security") != "" {
		t.Fatal("HSTS sent over plain http")
	}
}

func TestCrossOriginStateChangesRefused(t *testing.T) {
	t.Parallel()
	rg := newRig(t, testrig.SQLite, "http://localhost")
	c := rg.sessionFor(t, "admin")
	for _, h := range []map[string]string{
		{"Sec-Fetch-Site": "cross-site"},
		{"Origin": "https://evil.example"},
	} {
		req := httpRequest("POST", "/logout", h)
		req.AddCookie(c)
		rec := serve(rg, req)
		if rec.Code != http.StatusForbidden {
			t.Errorf("%v: status %d, want 403", h, rec.Code)
		}
	}
	if rg.do("GET", "/", "", c).Code != http.StatusOK {
		t.Fatal("a refused cross-origin logout ended the session")
	}
}
