package web

import (
	"bytes"
	"context"
	"html/template"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"

	"github.com/pluttra/pluttra/internal/pluttra"
	"github.com/pluttra/pluttra/internal/ss12000/ss12000test"
	"github.com/pluttra/pluttra/internal/testrig"
)

func TestSS12000Page(t *testing.T) {
	t.Parallel()
	src := ss12000test.Start(t)
	rg := newRig(t, testrig.SQLite, "http://localhost", func(o *Options) { o.SS12000 = ss12000test.ClientOptions() })
	admin := rg.sessionFor(t, "admin")
	org := rg.world.OrgA.ID
	ctx := context.Background()
	children := func() int {
		cs, err := rg.store.Children(ctx, org, pluttra.Filter{})
		if err != nil {
			t.Fatal(err)
		}
		return len(cs)
	}
	before := children()
	post := func(v url.Values) (int, string) {
		rec := rg.do("POST", "/admin/ss12000", v.Encode(), admin)
		return rec.Code, rec.Body.String()
	}

	t.Run("NothingToPullBeforeSettings", func(t *testing.T) {
		rec := rg.do("GET", "/admin/ss12000", "", admin)
		if rec.Code != http.StatusOK || strings.Contains(rec.Body.String(), `value="preview"`) {
			t.Fatalf("page = %d, or it offers a preview without a connection", rec.Code)
		}
		if code, body := post(url.Values{"mode": {"preview"}}); code != http.StatusConflict || !strings.Contains(body, "Ingen koppling är sparad än.") {
			t.Fatalf("preview without settings = %d", code)
		}
	})
	t.Run("SavedWithTheTokenSealed", func(t *testing.T) {
		code, _ := post(url.Values{"mode": {"save"}, "url": {src.URL}, "token": {src.Token}, "interval": {"24"}})
		if code != http.StatusSeeOther {
			t.Fatalf("save = %d", code)
		}
		// Saving again with the token left blank keeps it.
		if code, _ := post(url.Values{"mode": {"save"}, "url": {src.URL}, "token": {""}, "interval": {"6"}}); code != http.StatusSeeOther {
			t.Fatalf("second save = %d", code)
		}
		stored, err := rg.store.SS12000Source(ctx, org)
		if err != nil {
			t.Fatal(err)
		}
		if stored.IntervalHours != 6 || bytes.Contains(stored.TokenSealed, []byte(src.Token)) || len(stored.TokenSealed) == 0 {
			t.Fatalf("stored = %+v", stored)
		}
	})
	t.Run("BadRecordNamedNothingChanged", func(t *testing.T) {
		guardian := "0b000000-0000-4000-8000-000000000013"
		src.Edit(func(d map[string][]ss12000test.Record) {
			ss12000test.Find(d, "persons", guardian)["emails"] = []any{map[string]any{"value": "amina på förskolan", "type": "Privat"}}
		})
		code, body := post(url.Values{"mode": {"apply"}})
		if code != http.StatusUnprocessableEntity || !strings.Contains(body, "persons/"+guardian) || !strings.Contains(body, "<code>emails</code>") ||
			!strings.Contains(body, "Ange en giltig e-postadress.") {
			t.Fatalf("apply with a bad record = %d\n%s", code, body)
		}
		if children() != before {
			t.Fatal("a bad record changed something")
		}
		page := rg.do("GET", "/admin/ss12000", "", admin).Body.String()
		if !strings.Contains(page, "misslyckades") || !strings.Contains(page, "1 post går inte att använda") {
			t.Fatal("the failed pull is not shown")
		}
		src.Edit(func(d map[string][]ss12000test.Record) {
			ss12000test.Find(d, "persons", guardian)["emails"] = []any{map[string]any{"value": "amina.hassan@example.se", "type": "Privat"}}
		})
	})
	t.Run("PreviewThenApply", func(t *testing.T) {
		code, body := post(url.Values{"mode": {"preview"}})
		if code != http.StatusOK || !strings.Contains(body, "Alva Lind") || !strings.Contains(body, "Noor Hassan") || !strings.Contains(body, `value="apply"`) {
			t.Fatalf("preview = %d\n%s", code, body)
		}
		if children() != before {
			t.Fatal("the preview changed something")
		}
		if code, _ := post(url.Values{"mode": {"apply"}}); code != http.StatusSeeOther {
			t.Fatalf("apply = %d", code)
		}
		if children() != before+4 {
			t.Fatalf("children = %d, want %d", children(), before+4)
		}
		page := rg.do("GET", "/admin/ss12000?applied=1", "", admin).Body.String()
		if !strings.Contains(page, "genomförd, 27 ändringar") {
			t.Fatalf("the applied pull is not shown:\n%s", page)
		}
		if _, body := post(url.Values{"mode": {"preview"}}); !strings.Contains(body, "Skoldatasystemet stämmer redan med Pluttra") {
			t.Fatalf("a second preview plans changes:\n%s", body)
		}
	})
}

// TestSS12000RefusesWhatTheSourceMayNot: without the test setting, plain
// http is refused when the connection is saved, and an address inside
// the server's network when a pull dials it, each with its translated
// message.
func TestSS12000RefusesWhatTheSourceMayNot(t *testing.T) {
	t.Parallel()
	rg := newRig(t, testrig.SQLite, "http://localhost")
	admin := rg.sessionFor(t, "admin")
	org := rg.world.OrgA.ID
	sv := rg.srv.deps.Catalog.Locale("sv")
	post := func(v url.Values) (int, string) {
		rec := rg.do("POST", "/admin/ss12000", v.Encode(), admin)
		return rec.Code, rec.Body.String()
	}
	t.Run("ErrPlainHTTP", func(t *testing.T) {
		code, body := post(url.Values{"mode": {"save"}, "url": {"http://ss12000.exempelstad.se/v2"}, "token": {"t"}, "interval": {"24"}})
		if code != http.StatusBadRequest || !strings.Contains(body, template.HTMLEscapeString(sv.T("ss12000.error.https"))) {
			t.Fatalf("save over http = %d", code)
		}
		if _, err := rg.store.SS12000Source(context.Background(), org); pluttra.ErrorCode(err) != pluttra.ENOTFOUND {
			t.Fatalf("a refused setting was stored: %v", err)
		}
	})
	t.Run("ErrAddressInsideAtPull", func(t *testing.T) {
		inside := httptest.NewTLSServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			t.Errorf("the pull reached a server on loopback: %s", r.URL)
		}))
		defer inside.Close()
		if code, _ := post(url.Values{"mode": {"save"}, "url": {inside.URL + "/v2"}, "token": {"t"}, "interval": {"0"}}); code != http.StatusSeeOther {
			t.Fatalf("save = %d", code)
		}
		code, body := post(url.Values{"mode": {"preview"}})
		if code != http.StatusBadGateway || !strings.Contains(body, template.HTMLEscapeString(sv.T("ss12000.error.address"))) {
			t.Fatalf("preview of an address inside = %d\n%s", code, body)
		}
	})
}

// TestSS12000PageNeverShowsTheSourcesWords: when the school-data system
// fails, the admin reads Pluttra's translated message, never what the
// system sent (which may name people and their records), neither at once
// nor later as the last run.
func TestSS12000PageNeverShowsTheSourcesWords(t *testing.T) {
	t.Parallel()
	src := ss12000test.Start(t)
	rg := newRig(t, testrig.SQLite, "http://localhost", func(o *Options) { o.SS12000 = ss12000test.ClientOptions() })
	admin := rg.sessionFor(t, "admin")
	sv := rg.srv.deps.Catalog.Locale("sv")
	const leak = "UPSTREAM-7731"
	src.Answer("persons", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		w.WriteHeader(http.StatusInternalServerError)
		w.Write([]byte(`{"code":"` + leak + `","message":"person 0b000000-0000-4000-8000-000000000013 (Alva Lind) failed"}`))
	})
	if rec := rg.do("POST", "/admin/ss12000", url.Values{"mode": {"save"}, "url": {src.URL}, "token": {src.Token}, "interval": {"0"}}.Encode(), admin); rec.Code != http.StatusSeeOther {
		t.Fatalf("save = %d", rec.Code)
	}
	for _, mode := range []string{"preview", "apply"} {
		rec := rg.do("POST", "/admin/ss12000", url.Values{"mode": {mode}}.Encode(), admin)
		body := rec.Body.String()
		if rec.Code != http.StatusBadGateway || !strings.Contains(body, template.HTMLEscapeString(sv.T("ss12000.error.status"))) {
			t.Fatalf("%s = %d without the translated message\n%s", mode, rec.Code, body)
		}
		for _, w := range []string{leak, "Alva", "0b000000-0000-4000-8000-000000000013"} {
			if strings.Contains(body, w) {
				t.Fatalf("%s shows the source's words %q", mode, w)
			}
		}
	}
	page := rg.do("GET", "/admin/ss12000", "", admin).Body.String()
	if !strings.Contains(page, template.HTMLEscapeString(sv.T("ss12000.error.status"))) || strings.Contains(page, leak) {
		t.Fatal("the last run shows the source's words, or not the translated message")
	}
}
