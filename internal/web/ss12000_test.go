package web

import (
	"bytes"
	"context"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/pluttra/pluttra/internal/pluttra"
	"github.com/pluttra/pluttra/internal/ss12000/ss12000test"
	"github.com/pluttra/pluttra/internal/testrig"
)

func TestSS12000Page(t *testing.T) {
	t.Parallel()
	rg := newRig(t, testrig.SQLite, "http://localhost")
	admin := rg.sessionFor(t, "admin")
	org := rg.world.OrgA.ID
	src := ss12000test.Start(t)
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
	t.Run("PlainHTTPRefused", func(t *testing.T) {
		code, body := post(url.Values{"mode": {"save"}, "url": {"http://ss12000.exempelstad.se/v2"}, "token": {"t"}, "interval": {"24"}})
		if code != http.StatusBadRequest || !strings.Contains(body, "Adressen måste börja med https://") {
			t.Fatalf("save over http = %d", code)
		}
		if _, err := rg.store.SS12000Source(ctx, org); pluttra.ErrorCode(err) != pluttra.ENOTFOUND {
			t.Fatalf("a refused setting was stored: %v", err)
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
