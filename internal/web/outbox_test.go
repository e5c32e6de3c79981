package web

import (
	"context"
	"net/http"
	"strings"
	"testing"

	"github.com/pluttra/pluttra/internal/pluttra"
	"github.com/pluttra/pluttra/internal/testrig"
)

func TestOutbox(t *testing.T) {
	t.Parallel()
	rg := newRig(t, testrig.SQLite, "http://localhost")
	m := pluttra.OutboxMail{To: "anna@familj.example", Subject: "Inbjudan till Pluttra", Body: "Klicka: https://pluttra.example/invite/SECRET"}
	if err := rg.store.QueueMail(context.Background(), rg.world.OrgA.ID, &m); err != nil {
		t.Fatal(err)
	}
	admin := rg.sessionFor(t, "admin")

	rec := rg.do("GET", "/admin/outbox", "", admin)
	if rec.Code != http.StatusOK || !strings.Contains(rec.Body.String(), "Inbjudan till Pluttra") || !strings.Contains(rec.Body.String(), "Väntar") {
		t.Fatalf("outbox: %d", rec.Code)
	}
	if strings.Contains(rec.Body.String(), "SECRET") {
		t.Fatal("with a mail server configured, the admin reads invitation links")
	}
	rg.srv.deps.OutboxOnly = true
	if body := rg.do("GET", "/admin/outbox", "", admin).Body.String(); !strings.Contains(body, "SECRET") {
		t.Fatal("without a mail server, the outbox does not show the mail")
	}
	if rg.do("GET", "/admin/outbox", "", rg.sessionFor(t, "admin_norrby")).Body.String() == rec.Body.String() {
		t.Fatal("another organisation's admin sees this outbox")
	}
	if rg.do("GET", "/admin/outbox", "", rg.sessionFor(t, "principal_ekbacken")).Code != http.StatusForbidden {
		t.Fatal("a principal reads the outbox")
	}
}
