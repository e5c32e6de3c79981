package web

import (
	"context"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/pluttra/pluttra/internal/testrig"
)

func TestPasswordChange(t *testing.T) {
	t.Parallel()
	rg := newRig(t, testrig.SQLite, "http://localhost")
	email := rg.world.Users["guardian_alva_father"].Email
	login := func(pw string) *http.Cookie {
		return cookieNamed(rg.do("POST", "/login", loginForm(email, pw)), sessionCookie)
	}
	form := func(current, next, repeat string) string {
		return url.Values{"current": {current}, "new": {next}, "repeat": {repeat}}.Encode()
	}
	const fresh = "blåbärssoppa i skogen"

	t.Run("ErrBadInputChangesNothing", func(t *testing.T) {
		here := login(testrig.Password)
		cases := map[string]string{
			form("wrong password!", fresh, fresh):              "Det nuvarande lösenordet stämmer inte.",
			form(testrig.Password, "qwertyuiop", "qwertyuiop"): "Lösenordet är för vanligt",
			form(testrig.Password, "kort", "kort"):             "minst 10 tecken",
			form(testrig.Password, fresh, fresh+"x"):           "Lösenorden är inte likadana.",
		}
		for body, msg := range cases {
			rec := rg.do("POST", "/settings/password", body, here)
			if rec.Code != http.StatusBadRequest || !strings.Contains(rec.Body.String(), msg) || !strings.Contains(rec.Body.String(), `aria-invalid="true"`) {
				t.Errorf("status %d, want 400 with %q", rec.Code, msg)
			}
		}
		if login(testrig.Password) == nil {
			t.Fatal("a refused change altered the password")
		}
	})
	t.Run("OKEndsOtherSessions", func(t *testing.T) {
		elsewhere := login(testrig.Password)
		here := login(testrig.Password)
		rec := rg.do("POST", "/settings/password", form(testrig.Password, fresh, fresh), here)
		if rec.Code != http.StatusSeeOther {
			t.Fatalf("status %d: %s", rec.Code, rec.Body.String())
		}
		renewed := cookieNamed(rec, sessionCookie)
		if renewed == nil || renewed.Value == here.Value {
			t.Fatal("no fresh session for the browser that changed the password")
		}
		if rg.do("GET", "/", "", renewed).Code != http.StatusOK {
			t.Fatal("the changing browser is logged out")
		}
		for name, c := range map[string]*http.Cookie{"other device": elsewhere, "old session here": here} {
			if rg.do("GET", "/", "", c).Code != http.StatusSeeOther {
				t.Errorf("%s still logged in after the change", name)
			}
		}
		if login(testrig.Password) != nil {
			t.Fatal("the old password still works")
		}
		if login(fresh) == nil {
			t.Fatal("the new password does not work")
		}
		u := rg.world.Users["guardian_alva_father"]
		es, err := rg.store.AuditLog(context.Background(), u.OrgID, 0, 10)
		if err != nil || len(es) == 0 || es[0].Action != "user.password" || es[0].UserID != u.ID || es[0].RequestID != rec.Header().Get("X-Request-Id") {
			t.Fatalf("the change is not audited: %+v %v", es, err)
		}
	})
}
