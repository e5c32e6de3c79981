package web

import (
	"net/http"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/pluttra/pluttra/internal/access"
	"github.com/pluttra/pluttra/internal/i18n"
	"github.com/pluttra/pluttra/internal/pluttra"
	"github.com/pluttra/pluttra/internal/testrig"
)

func TestLanguage(t *testing.T) {
	t.Parallel()
	rg := newRig(t, testrig.SQLite, "http://localhost")
	get := func(headers map[string]string, cookies ...*http.Cookie) string {
		req := httpRequest("GET", "/login", headers)
		for _, c := range cookies {
			req.AddCookie(c)
		}
		return serve(rg, req).Body.String()
	}
	t.Run("SwedishByDefault", func(t *testing.T) {
		if b := get(nil); !strings.Contains(b, `lang="sv" dir="ltr"`) || !strings.Contains(b, "Logga in") {
			t.Fatal("default is not Swedish")
		}
	})
	t.Run("AcceptLanguage", func(t *testing.T) {
		for lang, dir := range map[string]string{"en": "ltr", "ar": "rtl", "fa": "rtl", "prs": "rtl", "so": "ltr"} {
			if b := get(map[string]string{"Accept-Language": lang}); !strings.Contains(b, `lang="`+lang+`" dir="`+dir+`"`) {
				t.Errorf("%s: not served as %s %s", lang, lang, dir)
			}
		}
	})
	t.Run("ChosenLanguageWins", func(t *testing.T) {
		rec := rg.do("POST", "/language", "lang=so&return=/login")
		c := cookieNamed(rec, langCookie)
		if rec.Code != http.StatusSeeOther || c == nil || rec.Header().Get("Location") != "/login" {
			t.Fatalf("choose: %d %v", rec.Code, c)
		}
		if b := get(map[string]string{"Accept-Language": "ar"}, c); !strings.Contains(b, `lang="so"`) {
			t.Fatal("the chosen language does not beat Accept-Language")
		}
	})
	t.Run("UserSettingKept", func(t *testing.T) {
		s := rg.sessionFor(t, "guardian_bilal")
		rg.do("POST", "/language", "lang=fa&return=/", s)
		if b := rg.do("GET", "/", "", s).Body.String(); !strings.Contains(b, `lang="fa" dir="rtl"`) {
			t.Fatal("the user's language setting is not used")
		}
	})
	t.Run("ErrUnknownLanguage", func(t *testing.T) {
		rec := rg.do("POST", "/language", "lang=xx&return=/login")
		if rec.Code != http.StatusBadRequest || !strings.Contains(rec.Body.String(), "Språket finns inte") {
			t.Fatalf("unknown language: %d", rec.Code)
		}
	})
}

// TestEveryKeyUsedExists scans the templates and the Go code for message
// keys and fails when Swedish (and so, through the catalog test, every
// language) lacks one.
func TestEveryKeyUsedExists(t *testing.T) {
	catalog, err := i18n.Load()
	if err != nil {
		t.Fatal(err)
	}
	have := catalog.Keys("sv")
	var files []string
	for _, pattern := range []string{"templates/*.html", "*.go", "../*/*.go"} {
		m, _ := filepath.Glob(pattern)
		files = append(files, m...)
	}
	inTemplate := regexp.MustCompile(`(?:L\.T|"Label") "([a-z_.]+)"`)
	inGo := regexp.MustCompile(`"((?:error|login|nav|start|structure|unit|department|child|accesslog|form|period|organisation|settings|import|invite|token|reset|mfa|outbox)\.[a-z_.]+)"`)
	found := 0
	for _, f := range files {
		// Action names look like keys but are shown only through
		// access.action.<name>, which TestEveryActionHasAName checks.
		if strings.HasSuffix(f, "_test.go") || strings.HasSuffix(f, filepath.Join("access", "action.go")) ||
			strings.HasSuffix(f, filepath.Join("access", "page_read.go")) || strings.HasSuffix(f, filepath.Join("pluttra", "audit.go")) {
			continue
		}
		b, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		re := inGo
		if strings.HasSuffix(f, ".html") {
			re = inTemplate
		}
		for _, m := range re.FindAllStringSubmatch(string(b), -1) {
			found++
			if strings.HasSuffix(m[1], ".") || strings.HasSuffix(m[1], ".go") || strings.HasSuffix(m[1], ".html") {
				continue
			}
			if !slices.Contains(have, m[1]) {
				t.Errorf("%s uses %q, which the catalog lacks", f, m[1])
			}
		}
	}
	if found < 50 {
		t.Fatalf("found only %d keys: the scan is broken", found)
	}
}

// TestEveryActionHasAName: the access log names actions in words.
func TestEveryActionHasAName(t *testing.T) {
	catalog, err := i18n.Load()
	if err != nil {
		t.Fatal(err)
	}
	for a := range access.Actions {
		if !slices.Contains(catalog.Keys("sv"), "access.action."+string(a)) {
			t.Errorf("action %s has no access.action name", a)
		}
	}
	for _, a := range access.PageReads() {
		if !slices.Contains(catalog.Keys("sv"), "access.action."+string(a)) {
			t.Errorf("page read %s has no access.action name", a)
		}
	}
	for _, st := range []string{"pending", "retrying", "sent", "bounced"} {
		if !slices.Contains(catalog.Keys("sv"), "outbox.status."+st) {
			t.Errorf("outbox status %s has no name", st)
		}
		if (pluttra.OutboxMail{}).Status() == "" {
			t.Fatal("a mail without a status")
		}
	}
	for _, k := range pluttra.UserKinds {
		if !slices.Contains(catalog.Keys("sv"), "user.kind."+string(k)) {
			t.Errorf("user kind %s has no name", k)
		}
	}
	for _, a := range pluttra.ChangeActions {
		if !slices.Contains(catalog.Keys("sv"), "access.action."+a) {
			t.Errorf("change %s has no access.action name", a)
		}
	}
}
