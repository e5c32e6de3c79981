package web

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"

	"github.com/pluttra/pluttra/internal/access"
	"github.com/pluttra/pluttra/internal/pluttra"
)

var receiptsLocation = regexp.MustCompile(`^/messages/(\d+)/receipts$`)

// TestImportantMessage: an educator sends an important message that asks
// for acknowledgement; one guardian reads and confirms, the receipts show
// exactly who has and who has not, a reminder reaches only the others,
// and bad messages are refused in the user's language with nothing sent.
func TestImportantMessage(t *testing.T) {
	t.Parallel()
	rg, c := newPostRig(t)
	w := rg.world
	ctx := context.Background()
	c["guardian_cleo"] = rg.sessionFor(t, "guardian_cleo")
	blabar := w.Depts["Blabar"]
	send := func(who, path string, form url.Values) (int, string, string) {
		rec := rg.do("POST", path, form.Encode(), c[who])
		return rec.Code, rec.Header().Get("Location"), rec.Body.String()
	}
	deptPath := fmt.Sprintf("/departments/%d/messages", blabar)
	sentCount := func() int {
		sent, err := rg.store.SentMessages(ctx, w.OrgA.ID, []int64{blabar}, []int64{w.Units["Ekbacken"]}, 100)
		if err != nil {
			t.Fatal(err)
		}
		return len(sent)
	}

	code, loc, body := send("educator_blabar", deptPath, url.Values{"scope": {"department"}, "title": {"Stängt på fredag"},
		"body": {"Förskolan har planeringsdag på fredag."}, "requires_ack": {"1"}})
	m := receiptsLocation.FindStringSubmatch(loc)
	if code != http.StatusSeeOther || m == nil {
		t.Fatalf("send = %d %q\n%s", code, loc, body)
	}
	receiptsPath, messagePath := m[0], "/messages/"+m[1]
	receipts := func() string {
		rec := rg.do("GET", receiptsPath, "", c["educator_blabar"])
		if rec.Code != http.StatusOK {
			t.Fatalf("receipts = %d", rec.Code)
		}
		return rec.Body.String()
	}

	t.Run("GuardiansSeeItApartUnreadFirst", func(t *testing.T) {
		inbox := rg.do("GET", "/messages", "", c["guardian_alva_mother"]).Body.String()
		if !strings.Contains(inbox, "Stängt på fredag") || !strings.Contains(inbox, "Bekräfta") {
			t.Fatalf("the mother's inbox lacks the message:\n%s", inbox)
		}
		// The fixture's message to her alone is read now; the new one stays
		// unread and must come first.
		rg.do("GET", fmt.Sprintf("/messages/%d", w.Messages["blabar_mother_only"]), "", c["guardian_alva_mother"])
		inbox = rg.do("GET", "/messages", "", c["guardian_alva_mother"]).Body.String()
		first, read := strings.Index(inbox, "Stängt på fredag"), strings.Index(inbox, "Meddelande blabar_mother_only")
		if first < 0 || read < 0 || first > read {
			t.Fatalf("unread does not come first:\n%s", inbox)
		}
		if strings.Contains(rg.do("GET", "/feed", "", c["guardian_alva_mother"]).Body.String(), "Stängt på fredag") {
			t.Fatal("the message is mixed into the feed")
		}
		if start := rg.do("GET", "/", "", c["guardian_alva_father"]).Body.String(); !strings.Contains(start, `id="unread-messages"`) {
			t.Fatal("the start page does not count unread messages")
		}
	})
	t.Run("RecipientsAreNotified", func(t *testing.T) {
		for _, who := range []string{"guardian_alva_mother", "guardian_bilal", "guardian_dino"} {
			ds, err := rg.store.NoticeDeliveries(ctx, w.OrgA.ID, w.Users[who].ID, 50)
			if err != nil {
				t.Fatal(err)
			}
			told := false
			for _, d := range ds {
				told = told || (d.Notice.Key == "notice.important" && d.Notice.Link == messagePath)
			}
			if told != (who != "guardian_dino") {
				t.Errorf("%s told: %t", who, told)
			}
		}
	})
	t.Run("OneGuardianReadsAndAcknowledges", func(t *testing.T) {
		page := rg.do("GET", messagePath, "", c["guardian_alva_mother"])
		if page.Code != http.StatusOK || !strings.Contains(page.Body.String(), "Jag har läst detta") {
			t.Fatalf("message page = %d\n%s", page.Code, page.Body.String())
		}
		if rec := rg.do("POST", messagePath+"/ack", "", c["guardian_alva_mother"]); rec.Code != http.StatusSeeOther {
			t.Fatalf("ack = %d", rec.Code)
		}
		if page := rg.do("GET", messagePath, "", c["guardian_alva_mother"]).Body.String(); !strings.Contains(page, `id="acked"`) {
			t.Fatal("the acknowledgement is not shown to the guardian")
		}
		r := receipts()
		pending, done := section(r, `id="pending"`), section(r, `id="done"`)
		if !strings.Contains(done, "guardian_alva_mother") || strings.Contains(pending, "guardian_alva_mother") ||
			!strings.Contains(pending, "guardian_alva_father") || !strings.Contains(pending, "guardian_bilal") ||
			!strings.Contains(r, "Läst av 1 av 3") || !strings.Contains(r, "bekräftat av 1 av 3") {
			t.Fatalf("receipts:\n%s", r)
		}
		if !strings.Contains(pending, "Alva") || !strings.Contains(pending, "Bilal") {
			t.Fatal("the receipts do not say whose guardian each is")
		}
		es, err := rg.store.AccessLog(ctx, w.OrgA.ID, pluttra.AccessQuery{ChildID: w.Children["Bilal"], UserID: w.Users["educator_blabar"].ID})
		if err != nil || len(es) == 0 || es[0].Action != string(access.ViewReceipts) {
			t.Fatalf("the receipts read is not in the access log: %+v %v", es, err)
		}
	})
	t.Run("RemindOnlyThoseWhoHaveNot", func(t *testing.T) {
		rec := rg.do("POST", messagePath+"/remind", "", c["educator_blabar"])
		if rec.Code != http.StatusSeeOther || !strings.HasSuffix(rec.Header().Get("Location"), "reminded=2") {
			t.Fatalf("remind = %d %q", rec.Code, rec.Header().Get("Location"))
		}
		reminded := func(who string) bool {
			ds, err := rg.store.NoticeDeliveries(ctx, w.OrgA.ID, w.Users[who].ID, 50)
			if err != nil {
				t.Fatal(err)
			}
			for _, d := range ds {
				if d.Notice.Key == "notice.important_reminder_ack" && d.Notice.Link == messagePath &&
					d.Notice.Args["Title"] == "Stängt på fredag" && d.Notice.Args["Where"] == "Blabar" {
					return true
				}
			}
			return false
		}
		if !reminded("guardian_alva_father") || !reminded("guardian_bilal") {
			t.Fatal("the guardians who have not confirmed were not reminded")
		}
		if reminded("guardian_alva_mother") {
			t.Fatal("the guardian who acknowledged was reminded")
		}
		again := rg.do("POST", messagePath+"/remind", "", c["educator_blabar"])
		if !strings.HasSuffix(again.Header().Get("Location"), "reminded=0") {
			t.Fatalf("a second reminder within the hour: %q", again.Header().Get("Location"))
		}
	})
	t.Run("OthersNeverSeeIt", func(t *testing.T) {
		for _, who := range []string{"guardian_dino", "admin"} {
			if rec := rg.do("GET", messagePath, "", c[who]); rec.Code != http.StatusNotFound {
				t.Errorf("%s reads the message: %d", who, rec.Code)
			}
		}
		if rec := rg.do("GET", receiptsPath, "", c["guardian_alva_father"]); rec.Code != http.StatusForbidden {
			t.Errorf("a guardian reads the receipts: %d", rec.Code)
		}
	})
	t.Run("PrincipalWritesToTheWholeUnit", func(t *testing.T) {
		code, loc, _ := send("principal_ekbacken", fmt.Sprintf("/units/%d/messages", w.Units["Ekbacken"]),
			url.Values{"title": {"Föräldramöte"}, "body": {"Välkomna på tisdag."}, "urgent": {"1"}})
		if code != http.StatusSeeOther {
			t.Fatalf("unit message = %d %q", code, loc)
		}
		if inbox := rg.do("GET", "/messages", "", c["guardian_cleo"]).Body.String(); !strings.Contains(inbox, "Föräldramöte") {
			t.Fatal("a guardian in another department of the unit did not get it")
		}
		if inbox := rg.do("GET", "/messages", "", c["guardian_dino"]).Body.String(); strings.Contains(inbox, "Föräldramöte") {
			t.Fatal("a guardian of another unit got it")
		}
	})
	t.Run("BadMessagesRefusedNothingSent", func(t *testing.T) {
		before := sentCount()
		cases := []struct {
			name, who string
			form      url.Values
			want      string
		}{
			{"ErrTitleRequired", "educator_blabar", url.Values{"scope": {"department"}, "title": {"  "}, "body": {"x"}}, "Fältet måste fyllas i"},
			{"ErrTitleTooLong", "educator_blabar", url.Values{"scope": {"department"}, "title": {strings.Repeat("å", 201)}, "body": {"x"}}, "Ämnet är för långt"},
			{"ErrBodyTooLong", "educator_blabar", url.Values{"scope": {"department"}, "title": {"x"}, "body": {strings.Repeat("a", 10001)}}, "Meddelandet är för långt"},
			{"ErrNoRecipients", "educator_blabar", url.Values{"scope": {"guardians"}, "title": {"x"}, "body": {"y"}}, "Ingen skulle få meddelandet"},
			{"ErrForeignRecipient", "educator_blabar", url.Values{"scope": {"guardians"}, "title": {"x"}, "body": {"y"},
				"recipient": {fmt.Sprint(w.Users["guardian_cleo"].ID)}}, "inte vårdnadshavare på den här avdelningen"},
			{"ErrUnitNotYours", "educator_blabar", url.Values{"scope": {"unit"}, "title": {"x"}, "body": {"y"}}, "Bara enhetens rektor"},
			{"ErrUnknownScope", "educator_blabar", url.Values{"scope": {"everyone"}, "title": {"x"}, "body": {"y"}}, "Uppgifterna är inte giltiga"},
			{"ErrForeignAttachment", "educator_blabar", url.Values{"scope": {"department"}, "title": {"x"}, "body": {"y"},
				"media": {fmt.Sprint(w.Media["dino_photo"])}}, "En fil finns inte längre"},
		}
		for _, tc := range cases {
			t.Run(tc.name, func(t *testing.T) {
				code, loc, body := send(tc.who, deptPath, tc.form)
				if code != http.StatusBadRequest || loc != "" {
					t.Fatalf("= %d %q", code, loc)
				}
				if !strings.Contains(body, tc.want) {
					t.Fatalf("the page does not say %q:\n%s", tc.want, body)
				}
			})
		}
		if sentCount() != before {
			t.Fatal("a refused message was saved")
		}
	})
}

// section is the part of a page from the element with marker to the end of
// its table.
func section(page, marker string) string {
	i := strings.Index(page, marker)
	if i < 0 {
		return ""
	}
	rest := page[i:]
	if j := strings.Index(rest, "</table>"); j >= 0 {
		return rest[:j]
	}
	return rest
}
