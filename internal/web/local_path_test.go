package web

import (
	"net/http"
	"net/url"
	"testing"

	"github.com/pluttra/pluttra/internal/testrig"
)

// openRedirects are addresses known to send a browser, or a later step
// that decodes them, to another site when used as a redirect target.
var openRedirects = []string{
	"//evil.example",
	"//evil.example/",
	"///evil.example",
	"////evil.example",
	"/\\evil.example",
	"\\/evil.example",
	"\\\\evil.example",
	"/\\/evil.example",
	"/%2F%2Fevil.example",
	"/%2f%2fevil.example",
	"/%2F/evil.example",
	"//%2Fevil.example",
	"/%5Cevil.example",
	"/%5cevil.example",
	"/%255Cevil.example",
	"/%252F%252Fevil.example",
	"/%25252F%25252Fevil.example",
	"/\t/evil.example",
	"/\n/evil.example",
	"/\r/evil.example",
	"/%09/evil.example",
	"/%0a/evil.example",
	"/%0d/evil.example",
	"/%00/evil.example",
	"/ /evil.example",
	"/%20/evil.example",
	"/.//evil.example",
	"/./evil.example/..//x",
	"/..//evil.example",
	"/%2e%2e//evil.example",
	"/%2e/%2fevil.example",
	"https:evil.example",
	"https:/evil.example",
	"https://evil.example",
	"http://evil.example",
	"HTTP://evil.example",
	"javascript:alert(1)",
	"JaVaScRiPt:alert(1)",
	"data:text/html,<script>alert(1)</script>",
	"evil.example",
	"@evil.example",
	"//user@evil.example",
	"/\u3000/evil.example",
	"/\u2028/evil.example",
	"/\x7f/evil.example",
	"",
	"%2F%2Fevil.example",
	"/%zz",
}

func TestLocalPath(t *testing.T) {
	t.Run("ErrOpenRedirects", func(t *testing.T) {
		for _, p := range openRedirects {
			if got := localPath(p); got != "/" {
				t.Errorf("localPath(%q) = %q, want the start page", p, got)
			}
		}
	})
	t.Run("OKOwnPaths", func(t *testing.T) {
		for _, p := range []string{"/", "/children/12", "/feed", "/calendar?week=2026-W10", "/departments/3/consents#list",
			"/search?q=a%2Fb", "/children/12/posts?area=omsorg%2Blek", "/talks/5.ics", "/files/a..b"} {
			if got := localPath(p); got != p {
				t.Errorf("localPath(%q) = %q, want it kept", p, got)
			}
		}
	})
}

// A login and a language change return only to this site's own pages.
func TestRedirectTargetsStayOnSite(t *testing.T) {
	t.Parallel()
	rg := newRig(t, testrig.SQLite, "http://localhost")
	email := rg.world.Users["guardian_alva_mother"].Email
	for _, p := range append(openRedirects, "/children/1") {
		want := "/"
		if p == "/children/1" {
			want = p
		}
		t.Run(url.PathEscape(p), func(t *testing.T) {
			rec := rg.do("POST", "/login", loginForm(email, testrig.Password)+"&next="+url.QueryEscape(p))
			if rec.Code != http.StatusSeeOther || rec.Header().Get("Location") != want {
				t.Errorf("login: %d to %q, want %q", rec.Code, rec.Header().Get("Location"), want)
			}
			rec = rg.do("POST", "/language", "lang=en&return="+url.QueryEscape(p))
			if rec.Code != http.StatusSeeOther || rec.Header().Get("Location") != want {
				t.Errorf("language: %d to %q, want %q", rec.Code, rec.Header().Get("Location"), want)
			}
		})
	}
}
