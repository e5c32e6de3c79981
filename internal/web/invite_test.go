package web

import (
	"context"
	"fmt"
	"net/http"
	"net/http/httptest"
	"net/url"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/pluttra/pluttra/internal/pluttra"
	"github.com/pluttra/pluttra/internal/testrig"
)

var linkRE = regexp.MustCompile(`http://localhost(/(?:invite|reset)/[A-Za-z0-9_-]{43})`)

// lastLink is the link in the newest mail to the address.
func lastLink(t *testing.T, rg *rig, to string) (string, pluttra.OutboxMail) {
	t.Helper()
	mails, err := rg.store.Outbox(context.Background(), rg.world.OrgA.ID, 100)
	if err != nil {
		t.Fatal(err)
	}
	for _, m := range mails {
		if m.To == to {
			if l := linkRE.FindStringSubmatch(m.Body); l != nil {
				return l[1], m
			}
		}
	}
	t.Fatalf("no mail with a link to %s", to)
	return "", pluttra.OutboxMail{}
}

func TestInvitation(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	rg := newRig(t, testrig.SQLite, "http://localhost")
	w := rg.world
	alva := w.Children["Alva"]
	gs, err := rg.store.LinkGuardian(ctx, w.OrgA.ID, alva, &pluttra.User{Name: "Nora Ny", Email: "nora@familj.example"}, w.Today)
	if err != nil {
		t.Fatal(err)
	}
	educator := rg.sessionFor(t, "educator_blabar")
	invite := func() {
		rec := rg.do("POST", fmt.Sprintf("/children/%d/invite", alva), url.Values{"guardian": {fmt.Sprint(gs.GuardianID)}}.Encode(), educator)
		if rec.Code != http.StatusSeeOther {
			t.Fatalf("invite: %d %s", rec.Code, rec.Body.String())
		}
	}
	setPassword := func(link, pw string) *httptest.ResponseRecorder {
		return rg.do("POST", link, url.Values{"password": {pw}, "repeat": {pw}}.Encode())
	}

	t.Run("MailSaysWhatHappenedInBothLanguages", func(t *testing.T) {
		invite()
		_, m := lastLink(t, rg, "nora@familj.example")
		if m.Subject != "Solbacka kommun bjuder in dig till Pluttra" || !strings.Contains(m.Body, "Hej Nora Ny!") || !strings.Contains(m.Body, "-- In English --") {
			t.Fatalf("mail = %q\n%s", m.Subject, m.Body)
		}
		page := rg.do("GET", fmt.Sprintf("/children/%d/invite", alva), "", educator).Body.String()
		if !strings.Contains(page, "Inbjuden") {
			t.Fatal("the invitation's status is not shown to staff")
		}
	})
	t.Run("ResendRevokesTheOldLink", func(t *testing.T) {
		old, _ := lastLink(t, rg, "nora@familj.example")
		invite()
		fresh, _ := lastLink(t, rg, "nora@familj.example")
		if fresh == old {
			t.Fatal("a re-sent invitation reuses the link")
		}
		rec := rg.do("GET", old, "")
		if rec.Code != http.StatusGone || !strings.Contains(rec.Body.String(), "ersatts av en nyare") {
			t.Fatalf("old link: %d", rec.Code)
		}
	})
	t.Run("ErrWeakPasswordKeepsTheLink", func(t *testing.T) {
		link, _ := lastLink(t, rg, "nora@familj.example")
		if rec := setPassword(link, "qwertyuiop"); rec.Code != http.StatusBadRequest || !strings.Contains(rec.Body.String(), "för vanligt") {
			t.Fatalf("weak password: %d", rec.Code)
		}
		if rg.do("GET", link, "").Code != http.StatusOK {
			t.Fatal("a refused password spent the link")
		}
	})
	t.Run("AcceptLogsInAndShowsOnlyOwnChild", func(t *testing.T) {
		link, _ := lastLink(t, rg, "nora@familj.example")
		rec := setPassword(link, "hallonsaft på verandan")
		session := cookieNamed(rec, sessionCookie)
		if rec.Code != http.StatusSeeOther || session == nil {
			t.Fatalf("accept: %d", rec.Code)
		}
		body := rg.do("GET", "/", "", session).Body.String()
		if !strings.Contains(body, "Alva") || strings.Contains(body, "Bilal") || strings.Contains(body, "Cleo") {
			t.Fatal("the new guardian does not see exactly her child")
		}
		again := rg.do("GET", link, "")
		if again.Code != http.StatusGone || !strings.Contains(again.Body.String(), "redan använts") || !strings.Contains(again.Body.String(), "Be förskolan") {
			t.Fatalf("used link: %d", again.Code)
		}
		if rec := setPassword(link, "ett annat lösenord här"); rec.Code != http.StatusGone {
			t.Fatalf("used link accepted a password: %d", rec.Code)
		}
	})
	t.Run("ErrExpired", func(t *testing.T) {
		g2, err := rg.store.LinkGuardian(ctx, w.OrgA.ID, alva, &pluttra.User{Name: "Otto Ny", Email: "otto@familj.example"}, w.Today)
		if err != nil {
			t.Fatal(err)
		}
		rg.do("POST", fmt.Sprintf("/children/%d/invite", alva), url.Values{"guardian": {fmt.Sprint(g2.GuardianID)}}.Encode(), educator)
		link, _ := lastLink(t, rg, "otto@familj.example")
		rg.clock.Add(15 * 24 * time.Hour)
		defer rg.clock.Add(-15 * 24 * time.Hour)
		if rec := rg.do("GET", link, ""); rec.Code != http.StatusGone || !strings.Contains(rec.Body.String(), "gått ut") {
			t.Fatalf("expired link: %d", rec.Code)
		}
	})
	t.Run("BounceShownToStaff", func(t *testing.T) {
		g3, err := rg.store.LinkGuardian(ctx, w.OrgA.ID, alva, &pluttra.User{Name: "Fel Adress", Email: "fel@adress.invalid"}, w.Today)
		if err != nil {
			t.Fatal(err)
		}
		rg.do("POST", fmt.Sprintf("/children/%d/invite", alva), url.Values{"guardian": {fmt.Sprint(g3.GuardianID)}}.Encode(), educator)
		_, m := lastLink(t, rg, "fel@adress.invalid")
		if err := rg.store.MarkMailFailed(ctx, m.ID, rg.clock.Now(), true, rg.clock.Now()); err != nil {
			t.Fatal(err)
		}
		page := rg.do("GET", fmt.Sprintf("/children/%d/invite", alva), "", educator).Body.String()
		if !strings.Contains(page, "E-posten studsade") {
			t.Fatal("a bounced invitation is not shown to staff")
		}
	})
	t.Run("ErrUnknownLinkSaysNothing", func(t *testing.T) {
		if rec := rg.do("GET", "/invite/"+strings.Repeat("A", 43), ""); rec.Code != http.StatusNotFound {
			t.Fatalf("unknown link: %d", rec.Code)
		}
	})
	t.Run("GuardiansMayNotInvite", func(t *testing.T) {
		rec := rg.do("POST", fmt.Sprintf("/children/%d/invite", alva), url.Values{"guardian": {fmt.Sprint(gs.GuardianID)}}.Encode(), rg.sessionFor(t, "guardian_alva_mother"))
		if rec.Code != http.StatusForbidden {
			t.Fatalf("guardian inviting: %d", rec.Code)
		}
	})
}

func TestInviteWholeDepartment(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	rg := newRig(t, testrig.SQLite, "http://localhost")
	w := rg.world
	for i, child := range []string{"Alva", "Bilal"} {
		if _, err := rg.store.LinkGuardian(ctx, w.OrgA.ID, w.Children[child], &pluttra.User{Name: "Ny", Email: fmt.Sprintf("ny%d@familj.example", i)}, w.Today); err != nil {
			t.Fatal(err)
		}
	}
	educator := rg.sessionFor(t, "educator_blabar")
	page := rg.do("GET", fmt.Sprintf("/departments/%d/invite", w.Depts["Blabar"]), "", educator).Body.String()
	if !strings.Contains(page, "2 vårdnadshavare har inte fått") {
		t.Fatal("the page does not count the two uninvited guardians")
	}
	rec := rg.do("POST", fmt.Sprintf("/departments/%d/invite", w.Depts["Blabar"]), "", educator)
	if rec.Code != http.StatusSeeOther || !strings.HasSuffix(rec.Header().Get("Location"), "sent=2") {
		t.Fatalf("invite all: %d %s", rec.Code, rec.Header().Get("Location"))
	}
	if page := rg.do("GET", rec.Header().Get("Location"), "", educator).Body.String(); !strings.Contains(page, "2 inbjudningar skickade.") || !strings.Contains(page, "0 vårdnadshavare") {
		t.Fatal("after inviting all, some are still uninvited")
	}
}

func TestPasswordReset(t *testing.T) {
	t.Parallel()
	rg := newRig(t, testrig.SQLite, "http://localhost")
	staff := rg.world.Users["educator_blabar"]
	before := rg.sessionFor(t, "educator_blabar")

	known := rg.do("POST", "/login/reset", url.Values{"email": {staff.Email}}.Encode())
	unknown := rg.do("POST", "/login/reset", url.Values{"email": {"nobody@solbacka.example"}}.Encode())
	if known.Code != 200 || unknown.Code != 200 || !strings.Contains(known.Body.String(), "Om det finns ett konto") || !strings.Contains(unknown.Body.String(), "Om det finns ett konto") {
		t.Fatal("the answers differ for known and unknown addresses")
	}
	link, m := lastLink(t, rg, staff.Email)
	if m.Subject != "Välj ett nytt lösenord i Pluttra" {
		t.Fatalf("subject %q", m.Subject)
	}
	rec := rg.do("POST", link, url.Values{"password": {"nytt lösenord för pedagogen"}, "repeat": {"nytt lösenord för pedagogen"}}.Encode())
	// Staff of this organisation need a second factor: the reset leads to
	// it, never straight into a session.
	if rec.Code != http.StatusSeeOther || rec.Header().Get("Location") != "/login/mfa" || cookieNamed(rec, sessionCookie) != nil {
		t.Fatalf("reset for staff: %d %s", rec.Code, rec.Header().Get("Location"))
	}
	if rg.do("GET", "/", "", before).Code != http.StatusSeeOther {
		t.Fatal("the sessions from before the reset still work")
	}
	for range resetLimit + 2 {
		rg.do("POST", "/login/reset", url.Values{"email": {rg.world.Users["guardian_dino"].Email}}.Encode())
	}
	mails, _ := rg.store.Outbox(context.Background(), rg.world.OrgA.ID, 100)
	n := 0
	for _, m := range mails {
		if m.To == rg.world.Users["guardian_dino"].Email {
			n++
		}
	}
	if n != resetLimit {
		t.Fatalf("%d reset mails to one address, want at most %d", n, resetLimit)
	}
}
