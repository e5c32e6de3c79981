package web

import (
	"net/http"
	"net/url"
	"regexp"
	"testing"

	"github.com/pluttra/pluttra/internal/mfa"
	"github.com/pluttra/pluttra/internal/testrig"
)

// loginWithSecondFactor logs a staff member in through both steps,
// enrolling their second factor, and returns the session cookie.
func loginWithSecondFactor(t *testing.T, rg *rig, name string) *http.Cookie {
	t.Helper()
	jar := browserJar{}
	rec := rg.do("POST", "/login", loginForm(rg.world.Users[name].Email, testrig.Password))
	jar.keep(rec)
	if rec.Header().Get("Location") != "/login/mfa" {
		t.Fatalf("%s: no second step after the password: %d %s", name, rec.Code, rec.Header().Get("Location"))
	}
	m := regexp.MustCompile(`<code class="secret" dir="ltr">([A-Z2-7]+)</code>`).FindStringSubmatch(rg.do("GET", "/login/mfa", "", jar.all()...).Body.String())
	if m == nil {
		t.Fatalf("%s: no secret to enrol", name)
	}
	code, err := mfa.Code(m[1], rg.clock.Now())
	if err != nil {
		t.Fatal(err)
	}
	jar.keep(rg.do("POST", "/login/mfa", url.Values{"code": {code}}.Encode(), jar.all()...))
	if jar[sessionCookie] == nil {
		t.Fatalf("%s: no session after the second step", name)
	}
	return jar[sessionCookie]
}

// When the admin starts requiring a second factor, staff who logged in
// without one are logged out and asked to set it up at their next login;
// staff who used one and guardians stay logged in.
func TestRequiringMFAEndsSessionsWithoutIt(t *testing.T) {
	t.Parallel()
	rg := newRig(t, testrig.SQLite, "http://localhost")
	withSecondFactor := loginWithSecondFactor(t, rg, "admin")
	setting := func(on bool) {
		body := "require_mfa="
		if on {
			body += "on"
		}
		if rec := rg.do("POST", "/admin/settings", body, withSecondFactor); rec.Code != http.StatusSeeOther {
			t.Fatalf("saving the setting: %d", rec.Code)
		}
	}
	setting(false)
	passwordLogin := func(name string) *http.Cookie {
		rec := rg.do("POST", "/login", loginForm(rg.world.Users[name].Email, testrig.Password))
		if rec.Code != http.StatusSeeOther || rec.Header().Get("Location") != "/" {
			t.Fatalf("%s: login without the rule: %d %s", name, rec.Code, rec.Header().Get("Location"))
		}
		return cookieNamed(rec, sessionCookie)
	}
	educator, principal, guardian := passwordLogin("educator_blabar"), passwordLogin("principal_ekbacken"), passwordLogin("guardian_alva_mother")

	setting(true)
	for name, c := range map[string]*http.Cookie{"educator": educator, "principal": principal} {
		if rec := rg.do("GET", "/", "", c); rec.Code != http.StatusSeeOther {
			t.Errorf("the %s who logged in without a second factor is still logged in: %d", name, rec.Code)
		}
	}
	for name, c := range map[string]*http.Cookie{"admin who used a second factor": withSecondFactor, "guardian": guardian} {
		if rec := rg.do("GET", "/", "", c); rec.Code != http.StatusOK {
			t.Errorf("the %s was logged out: %d", name, rec.Code)
		}
	}
	if rec := rg.do("POST", "/login", loginForm(rg.world.Users["educator_blabar"].Email, testrig.Password)); rec.Header().Get("Location") != "/login/mfa" {
		t.Fatalf("the educator's next login is not asked for a second factor: %d %s", rec.Code, rec.Header().Get("Location"))
	}
	// Saving the settings again with the rule already on logs no one out,
	// not even a session from before sessions recorded the second factor.
	older := rg.sessionFor(t, "principal_ekbacken")
	setting(true)
	if rg.do("GET", "/", "", older).Code != http.StatusOK {
		t.Fatal("saving the settings again ended a session")
	}
}
