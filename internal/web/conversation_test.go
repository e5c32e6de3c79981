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

var conversationLocation = regexp.MustCompile(`^/conversations/(\d+)$`)

// TestConversation: a guardian writes to the department about their child
// without the other guardian (separated households), every educator of
// the department reads and answers, the other guardian never sees it, and
// bad messages are refused with nothing saved.
func TestConversation(t *testing.T) {
	t.Parallel()
	rg, c := newPostRig(t)
	w := rg.world
	ctx := context.Background()
	c["educator_lingon_myran"] = rg.sessionFor(t, "educator_lingon_myran")
	alva := w.Children["Alva"]
	start := func(who string, form url.Values) (int, string, string) {
		rec := rg.do("POST", fmt.Sprintf("/children/%d/conversations", alva), form.Encode(), c[who])
		return rec.Code, rec.Header().Get("Location"), rec.Body.String()
	}
	inbox := func(who string) string { return rg.do("GET", "/messages", "", c[who]).Body.String() }

	code, loc, body := start("guardian_alva_mother", url.Values{"subject": {"Hämtning torsdag"}, "body": {"Mormor hämtar Alva på torsdag."}})
	if code != http.StatusSeeOther || !conversationLocation.MatchString(loc) {
		t.Fatalf("start = %d %q\n%s", code, loc, body)
	}
	path := loc

	t.Run("TheOtherGuardianIsNotAddressed", func(t *testing.T) {
		if strings.Contains(inbox("guardian_alva_father"), "Hämtning torsdag") {
			t.Fatal("the father sees a thread his co-parent did not address to him")
		}
		if rec := rg.do("GET", path, "", c["guardian_alva_father"]); rec.Code != http.StatusNotFound {
			t.Fatalf("the father opens it: %d", rec.Code)
		}
	})
	t.Run("StaffAreNotifiedNotTheOtherHousehold", func(t *testing.T) {
		told := func(who string) bool {
			ds, err := rg.store.NoticeDeliveries(ctx, w.OrgA.ID, w.Users[who].ID, 50)
			if err != nil {
				t.Fatal(err)
			}
			for _, d := range ds {
				if d.Notice.Key == "notice.conversation" && d.Notice.Link == path && d.Notice.Args["Child"] == "Alva" {
					return true
				}
			}
			return false
		}
		if !told("educator_blabar") || told("educator_lingon_myran") || told("guardian_alva_father") || told("guardian_alva_mother") {
			t.Fatal("the notice of a new conversation went to the wrong people")
		}
	})
	t.Run("StaffReadAndAnswer", func(t *testing.T) {
		list := inbox("educator_blabar")
		if !strings.Contains(list, "Hämtning torsdag") || !strings.Contains(section(list, `id="conversations"`), "Oläst") {
			t.Fatalf("the educator's list:\n%s", list)
		}
		if rec := rg.do("POST", path, url.Values{"body": {"Tack, vi har noterat det."}}.Encode(), c["educator_blabar"]); rec.Code != http.StatusSeeOther {
			t.Fatalf("reply = %d", rec.Code)
		}
		page := rg.do("GET", path, "", c["guardian_alva_mother"]).Body.String()
		if !strings.Contains(page, "Mormor hämtar Alva") || !strings.Contains(page, "Tack, vi har noterat det.") {
			t.Fatalf("the mother's page:\n%s", page)
		}
		es, err := rg.store.AccessLog(ctx, w.OrgA.ID, pluttra.AccessQuery{ChildID: alva, UserID: w.Users["guardian_alva_mother"].ID})
		if err != nil || len(es) == 0 || es[0].Action != string(access.ViewConversation) {
			t.Fatalf("the read is not in the access log: %+v %v", es, err)
		}
		if rec := rg.do("GET", path, "", c["educator_lingon_myran"]); rec.Code != http.StatusNotFound {
			t.Fatalf("an educator of another department reads it: %d", rec.Code)
		}
	})
	t.Run("AddressingTheOtherGuardian", func(t *testing.T) {
		code, loc, _ := start("guardian_alva_mother", url.Values{"subject": {"Semester"}, "body": {"Vi är borta vecka 30."},
			"guardian": {fmt.Sprint(w.Users["guardian_alva_father"].ID)}})
		if code != http.StatusSeeOther {
			t.Fatalf("start = %d", code)
		}
		if rec := rg.do("GET", loc, "", c["guardian_alva_father"]); rec.Code != http.StatusOK || !strings.Contains(rec.Body.String(), "vecka 30") {
			t.Fatalf("the addressed father: %d", rec.Code)
		}
	})
	t.Run("StaffWriteToEveryGuardianByDefault", func(t *testing.T) {
		form := rg.do("GET", fmt.Sprintf("/children/%d/conversations/new", alva), "", c["educator_blabar"]).Body.String()
		if strings.Count(form, `name="guardian"`) != 2 || strings.Count(form, " checked") != 2 {
			t.Fatalf("the staff form does not offer both guardians ticked:\n%s", form)
		}
	})
	t.Run("BadInputSavesNothing", func(t *testing.T) {
		before, err := rg.store.GuardianConversations(ctx, w.OrgA.ID, w.Users["guardian_alva_mother"].ID, rg.srv.deps.Policy.Today())
		if err != nil {
			t.Fatal(err)
		}
		for name, tc := range map[string]struct {
			form url.Values
			want string
		}{
			"ErrBodyRequired":  {url.Values{"subject": {"x"}, "body": {" "}}, "Fältet måste fyllas i"},
			"ErrBodyTooLong":   {url.Values{"subject": {"x"}, "body": {strings.Repeat("a", 5001)}}, "Meddelandet är för långt"},
			"ErrSubjectLong":   {url.Values{"subject": {strings.Repeat("a", 201)}, "body": {"x"}}, "Ämnet är för långt"},
			"ErrOtherFamilies": {url.Values{"subject": {"x"}, "body": {"y"}, "guardian": {fmt.Sprint(w.Users["guardian_bilal"].ID)}}, "inte barnets vårdnadshavare"},
		} {
			code, loc, body := start("guardian_alva_mother", tc.form)
			if code != http.StatusBadRequest || loc != "" || !strings.Contains(body, tc.want) {
				t.Errorf("%s: %d %q, want the page to say %q", name, code, loc, tc.want)
			}
		}
		if rec := rg.do("POST", path, url.Values{"body": {""}}.Encode(), c["guardian_alva_mother"]); rec.Code != http.StatusBadRequest {
			t.Errorf("an empty reply = %d", rec.Code)
		}
		after, _ := rg.store.GuardianConversations(ctx, w.OrgA.ID, w.Users["guardian_alva_mother"].ID, rg.srv.deps.Policy.Today())
		entries, _ := rg.store.ConversationEntries(ctx, w.OrgA.ID, after[0].ID)
		if len(after) != len(before) || len(entries) > 2 {
			t.Fatalf("something was saved: %d → %d conversations", len(before), len(after))
		}
	})
}

// TestAbsenceWithdraw: a guardian takes back a report when the child comes
// after all; the day's list no longer shows it.
func TestAbsenceWithdraw(t *testing.T) {
	t.Parallel()
	rg, c := newPostRig(t)
	w := rg.world
	alva := w.Children["Alva"]
	today := rg.srv.deps.Policy.Today()
	form := url.Values{"kind": {"absent"}, "from": {today.AddDays(1).String()}, "to": {today.AddDays(2).String()}}
	if rec := rg.do("POST", fmt.Sprintf("/children/%d/absence", alva), form.Encode(), c["guardian_alva_mother"]); rec.Code != http.StatusSeeOther {
		t.Fatalf("report = %d", rec.Code)
	}
	reports, err := rg.store.AbsencesOfChild(context.Background(), w.OrgA.ID, alva, today)
	if err != nil || len(reports) != 1 {
		t.Fatalf("reports = %+v %v", reports, err)
	}
	withdraw := fmt.Sprintf("/children/%d/absence/%d/withdraw", alva, reports[0].ID)
	if rec := rg.do("POST", fmt.Sprintf("/children/%d/absence/%d/withdraw", w.Children["Bilal"], reports[0].ID), "", c["guardian_bilal"]); rec.Code != http.StatusNotFound {
		t.Fatalf("another child's guardian withdraws it: %d", rec.Code)
	}
	if rec := rg.do("POST", withdraw, "", c["guardian_alva_father"]); rec.Code != http.StatusSeeOther {
		t.Fatalf("withdraw = %d", rec.Code)
	}
	list := rg.do("GET", fmt.Sprintf("/departments/%d/absences?day=%s", w.Depts["Blabar"], today.AddDays(1)), "", c["educator_blabar"]).Body.String()
	if strings.Contains(list, "Alva Testsson") {
		t.Fatal("the withdrawn absence is still on the list")
	}
}
