package web

import (
	"context"
	"crypto/sha256"
	"net/http"
	"net/http/httptest"
	"net/url"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/pluttra/pluttra/internal/login"
	"github.com/pluttra/pluttra/internal/mfa"
	"github.com/pluttra/pluttra/internal/pluttra"
	"github.com/pluttra/pluttra/internal/testrig"
)

// browserJar carries cookies between requests like a browser would.
type browserJar map[string]*http.Cookie

func (j browserJar) keep(rec interface{ Result() *http.Response }) {
	for _, c := range rec.Result().Cookies() {
		if c.MaxAge < 0 {
			delete(j, c.Name)
		} else {
			j[c.Name] = c
		}
	}
}

func (j browserJar) all() []*http.Cookie {
	var out []*http.Cookie
	for _, c := range j {
		out = append(out, c)
	}
	return out
}

func TestMFA(t *testing.T) {
	t.Parallel()
	rg := newRig(t, testrig.SQLite, "http://localhost")
	email := rg.world.Users["educator_blabar"].Email
	secretRE := regexp.MustCompile(`<code class="secret" dir="ltr">([A-Z2-7]+)</code>`)
	codesRE := regexp.MustCompile(`<li><code>([a-z2-9]{4}(?:-[a-z2-9]{4}){3})</code></li>`)
	var secret string
	var recovery []string
	code := func(at time.Time) string {
		c, err := mfa.Code(secret, at)
		if err != nil {
			t.Fatal(err)
		}
		return c
	}
	// passwordStep logs in with the password and returns the browser's
	// cookies, half-way.
	passwordStep := func() browserJar {
		jar := browserJar{}
		rec := rg.do("POST", "/login", loginForm(email, testrig.Password))
		jar.keep(rec)
		if rec.Code != http.StatusSeeOther || rec.Header().Get("Location") != "/login/mfa" || jar[sessionCookie] != nil {
			t.Fatalf("password step: %d %s, session %v", rec.Code, rec.Header().Get("Location"), jar[sessionCookie])
		}
		return jar
	}
	submit := func(jar browserJar, c string) *httptest.ResponseRecorder {
		rec := rg.do("POST", "/login/mfa", url.Values{"code": {c}}.Encode(), jar.all()...)
		jar.keep(rec)
		return rec
	}

	t.Run("HalfwayIsNotLoggedIn", func(t *testing.T) {
		jar := passwordStep()
		if rg.do("GET", "/", "", jar.all()...).Code != http.StatusSeeOther {
			t.Fatal("the password alone gives a session")
		}
	})
	t.Run("EnrolShowsTheSameSecretUntilConfirmed", func(t *testing.T) {
		jar := passwordStep()
		page := rg.do("GET", "/login/mfa", "", jar.all()...).Body.String()
		m := secretRE.FindStringSubmatch(page)
		if m == nil || !strings.Contains(page, `src="data:image/png;base64,`) {
			t.Fatal("no QR code and secret on the enrolment page")
		}
		secret = m[1]
		wrong := submit(jar, "000000")
		if wrong.Code != http.StatusUnauthorized || !strings.Contains(wrong.Body.String(), secret) {
			t.Fatal("a wrong code changed the secret being enrolled")
		}
	})
	t.Run("EnrolConfirmsAndGivesRecoveryCodes", func(t *testing.T) {
		jar := passwordStep()
		rec := submit(jar, code(rg.clock.Now()))
		for _, m := range codesRE.FindAllStringSubmatch(rec.Body.String(), -1) {
			recovery = append(recovery, m[1])
		}
		if rec.Code != http.StatusOK || len(recovery) != mfa.RecoveryCount || jar[sessionCookie] == nil {
			t.Fatalf("enrolment: %d, %d recovery codes", rec.Code, len(recovery))
		}
		if rg.do("GET", "/", "", jar.all()...).Code != http.StatusOK {
			t.Fatal("not logged in after enrolment")
		}
		// What is stored is keyed: the codes' plain SHA-256 finds nothing.
		u := rg.world.Users["educator_blabar"]
		for _, c := range recovery {
			plain := sha256.Sum256([]byte(c))
			if err := rg.store.UseRecoveryCode(context.Background(), u.OrgID, u.ID, plain[:]); pluttra.ErrorCode(err) != pluttra.ENOTFOUND {
				t.Fatalf("a recovery code is stored as its plain SHA-256 (%v)", err)
			}
		}
	})
	t.Run("ErrCodeNeverAcceptedTwice", func(t *testing.T) {
		// The code of the step used to enrol is spent.
		jar := passwordStep()
		if rec := submit(jar, code(rg.clock.Now())); rec.Code != http.StatusUnauthorized || !strings.Contains(rec.Body.String(), "redan använts") {
			t.Fatalf("replayed code: %d", rec.Code)
		}
		rg.clock.Add(30 * time.Second)
		fresh := code(rg.clock.Now())
		if rec := submit(jar, fresh); rec.Code != http.StatusSeeOther || jar[sessionCookie] == nil {
			t.Fatalf("fresh code: %d", rec.Code)
		}
		again := passwordStep()
		if rec := submit(again, fresh); rec.Code != http.StatusUnauthorized {
			t.Fatalf("the same code worked twice: %d", rec.Code)
		}
	})
	t.Run("RecoveryCodeOnce", func(t *testing.T) {
		jar := passwordStep()
		if rec := submit(jar, strings.ToUpper(recovery[0])); rec.Code != http.StatusSeeOther {
			t.Fatalf("recovery code: %d", rec.Code)
		}
		jar = passwordStep()
		if rec := submit(jar, recovery[0]); rec.Code != http.StatusUnauthorized {
			t.Fatalf("a recovery code worked twice: %d", rec.Code)
		}
	})
	t.Run("ErrForgedOrExpiredStep", func(t *testing.T) {
		jar := passwordStep()
		c := *jar[mfaCookie]
		c.Value = strings.Replace(c.Value, ".", ".9", 1)
		if rec := rg.do("POST", "/login/mfa", "code=123456", &c); rec.Code != http.StatusSeeOther || !strings.HasPrefix(rec.Header().Get("Location"), "/login") {
			t.Fatalf("forged cookie: %d", rec.Code)
		}
		rg.clock.Add(mfaWindow + time.Second)
		if rec := submit(jar, code(rg.clock.Now())); rec.Code != http.StatusSeeOther || jar[sessionCookie] != nil {
			t.Fatalf("expired step still logs in: %d", rec.Code)
		}
	})
	t.Run("ThrottledAfterManyWrongCodes", func(t *testing.T) {
		jar := passwordStep()
		for range login.DefaultLimits.AccountLimit {
			submit(jar, "999999")
		}
		rg.clock.Add(30 * time.Second)
		if rec := submit(jar, code(rg.clock.Now())); rec.Code != http.StatusTooManyRequests {
			t.Fatalf("after %d wrong codes: %d", login.DefaultLimits.AccountLimit, rec.Code)
		}
	})
	t.Run("AdminResetEnrolsAnew", func(t *testing.T) {
		admin := rg.sessionFor(t, "admin")
		mine := rg.sessionFor(t, "educator_blabar")
		rec := rg.do("POST", "/admin/users/"+strconv.FormatInt(rg.world.Users["educator_blabar"].ID, 10)+"/reset-mfa", "", admin)
		if rec.Code != http.StatusSeeOther {
			t.Fatalf("reset: %d", rec.Code)
		}
		if rg.do("GET", "/", "", mine).Code != http.StatusSeeOther {
			t.Fatal("sessions survive a second-factor reset")
		}
		rg.clock.Add(login.DefaultLimits.Window) // past the throttle of the earlier subtest
		jar := passwordStep()
		if page := rg.do("GET", "/login/mfa", "", jar.all()...).Body.String(); secretRE.FindStringSubmatch(page) == nil {
			t.Fatal("after a reset the next login does not enrol anew")
		}
		if rec := rg.do("POST", "/admin/users/"+strconv.FormatInt(rg.world.Users["educator_blabar"].ID, 10)+"/reset-mfa", "", rg.sessionFor(t, "principal_ekbacken")); rec.Code != http.StatusForbidden {
			t.Fatalf("a principal resetting: %d", rec.Code)
		}
	})
	t.Run("GuardiansAndOptOutNeedNoSecondStep", func(t *testing.T) {
		rec := rg.do("POST", "/login", loginForm(rg.world.Users["guardian_dino"].Email, testrig.Password))
		if rec.Header().Get("Location") != "/" {
			t.Fatalf("guardian sent to %q", rec.Header().Get("Location"))
		}
		admin := rg.sessionFor(t, "admin")
		if rec := rg.do("POST", "/admin/settings", "", admin); rec.Code != http.StatusSeeOther {
			t.Fatalf("settings: %d", rec.Code)
		}
		rec = rg.do("POST", "/login", loginForm(rg.world.Users["educator_lingon_myran"].Email, testrig.Password))
		if rec.Header().Get("Location") != "/" {
			t.Fatalf("with the setting off, staff sent to %q", rec.Header().Get("Location"))
		}
		o, _ := rg.store.Organisation(context.Background(), rg.world.OrgA.ID)
		if o.RequireStaffMFA {
			t.Fatal("setting not saved")
		}
	})
}
