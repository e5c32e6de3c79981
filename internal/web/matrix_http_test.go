package web

import (
	"cmp"
	"encoding/csv"
	"fmt"
	"net/http"
	"os"
	"strings"
	"testing"

	"github.com/pluttra/pluttra/internal/access"
	"github.com/pluttra/pluttra/internal/testrig"
)

// actionPath is the page that exercises each action, by resource id.
var actionPath = map[access.Action]string{
	access.ViewStart:          "/",
	access.ChangePassword:     "/settings/password",
	access.ViewStructure:      "/admin/structure",
	access.ViewUnit:           "/units/%d",
	access.ViewDepartment:     "/departments/%d",
	access.ListDepartmentKids: "/departments/%d/children",
	access.ViewChild:          "/children/%d",
	access.ViewChildAccessLog: "/children/%d/access",
	access.ViewOrgAccessLog:   "/admin/access-log",
	access.ManageOrganisation: "/admin/organisation",
	access.ViewOutbox:         "/admin/outbox",
	access.SendOutbox:         "/admin/outbox/send",
	access.ImportRoster:       "/admin/import",
	access.ManageUnit:         "/units/%d/edit",
	access.ManageDepartment:   "/departments/%d/edit",
	access.ManageChild:        "/children/%d/edit",
	access.InviteGuardian:     "/children/%d/invite",
	access.InviteGuardians:    "/departments/%d/invite",
	access.ViewFeed:           "/feed",
	access.ViewPost:           "/posts/%d",
	access.EditPost:           "/posts/%d/edit",
	access.WritePost:          "/departments/%d/posts/new",
	access.ViewDeptFeed:       "/departments/%d/feed",
	access.ViewPortfolio:      "/children/%d/portfolio",
	access.ViewMedia:          "/media/%d",
	access.UploadMedia:        "/uploads/%d",
	access.AnswerConsent:      "/children/%d/consent",
	access.ViewConsents:       "/departments/%d/consents",
	access.ReportAbsence:      "/children/%d/absence",
	access.ViewAbsences:       "/departments/%d/absences",
	access.ReviewPosts:        "/departments/%d/review",
	access.ListenLive:         "/events",
	access.CommentOnPost:      "/posts/%d/comments",
	access.HeartPost:          "/posts/%d/hearts",
	access.HideComment:        "/comments/%d/hide",
	access.DeleteComment:      "/comments/%d/delete",
	access.ViewInbox:          "/messages",
	access.SendMessage:        "/departments/%d/messages/new",
	access.SendUnitMessage:    "/units/%d/messages/new",
	access.ViewMessage:        "/messages/%d",
	access.AckMessage:         "/messages/%d/ack",
	access.ViewReceipts:       "/messages/%d/receipts",
	access.StartConversation:  "/children/%d/conversations/new",
	access.ViewConversation:   "/conversations/%d",
	access.ReplyConversation:  "/conversations/%d",
	access.ManageNotices:      "/settings/notifications",
	access.ManagePush:         "/push/key",
	access.ViewCalendar:       "/calendar",
	access.ManageSubscription: "/calendar/subscription",
	access.ManageDeptCalendar: "/departments/%d/calendar",
	access.ManageUnitCalendar: "/units/%d/calendar",
	access.ViewEvent:          "/calendar/events/%d",
	access.ManageEvent:        "/calendar/events/%d/edit",
	access.ManageTalks:        "/departments/%d/talks",
	access.ChildTalks:         "/children/%d/talks",
	access.ViewTalk:           "/talks/%d",
	access.CancelTalk:         "/talks/%d/cancel",
	access.PrepareTalk:        "/talks/%d/prepare",
	access.ManageTalk:         "/talks/%d/remove",
}

// actionMethod is the method of an action's request when it is not GET.
var actionMethod = map[access.Action]string{access.UploadMedia: "HEAD", access.AckMessage: "POST", access.ReplyConversation: "POST",
	access.PrepareTalk: "POST", access.SendOutbox: "POST"}

// allowedStatus is the status of an allowed request when it is not 200,
// with a text its body must hold: the fixture's upload has no bytes on
// disk, so tus itself answers that the upload is gone, which shows the
// request got past the access check (a refusal is the error page).
var allowedStatus = map[access.Action]struct {
	code int
	body string
}{
	access.UploadMedia: {http.StatusNotFound, "Uppladdningen finns inte längre"},
	// Acknowledging answers with the message page to go back to.
	access.AckMessage: {http.StatusSeeOther, ""},
	// An empty answer is refused by the form, not by the policy.
	access.ReplyConversation: {http.StatusBadRequest, "Fältet måste fyllas i"},
	// Saving no answers is saving the questionnaire as it is.
	access.PrepareTalk: {http.StatusSeeOther, ""},
	// Sending the waiting mail answers with the outbox to go back to.
	access.SendOutbox: {http.StatusSeeOther, ""},
}

var decisionStatus = map[access.Decision]int{
	access.Allow: http.StatusOK, access.Deny: http.StatusForbidden,
	access.Hidden: http.StatusNotFound, access.Login: http.StatusSeeOther,
}

// TestMatrixThroughHTTP asserts the golden matrix's cells on the real
// router: each principal requests each resource's page and gets exactly
// the status its decision maps to.
func TestMatrixThroughHTTP(t *testing.T) {
	f, err := os.Open("../access/testdata/matrix.csv")
	if err != nil {
		t.Fatal(err)
	}
	recs, err := csv.NewReader(f).ReadAll()
	f.Close()
	if err != nil {
		t.Fatal(err)
	}
	golden := map[string]access.Decision{}
	for _, r := range recs[1:] {
		golden[r[0]+" "+r[1]+" "+r[2]] = access.Decision(r[3])
	}
	for _, b := range testrig.Backends() {
		t.Run(b.Name, func(t *testing.T) {
			t.Parallel()
			rg := newRig(t, b.Open, "http://localhost")
			asserted := 0
			for _, cell := range testrig.Cells(rg.world) {
				want, ok := golden[cell.Principal+" "+cell.Resource+" "+string(cell.Action)]
				if !ok {
					t.Fatalf("cell %s %s %s missing from the golden matrix", cell.Principal, cell.Resource, cell.Action)
				}
				path, ok := actionPath[cell.Action]
				if !ok {
					t.Fatalf("action %s has no page to assert it through", cell.Action)
				}
				// The structure page always shows the user's own
				// organisation; another one cannot be named in a URL.
				if cell.Kind == access.KindOrganisation && cell.ID != ownOrg(rg, cell.Principal) {
					continue
				}
				if strings.Contains(path, "%d") {
					path = fmt.Sprintf(path, cell.ID)
				}
				method := cmp.Or(actionMethod[cell.Action], "GET")
				rec := rg.do(method, path, "", rg.sessionFor(t, cell.Principal))
				status, body := decisionStatus[want], ""
				if s, ok := allowedStatus[cell.Action]; ok && want == access.Allow {
					status, body = s.code, s.body
				}
				if rec.Code != status || !strings.Contains(rec.Body.String(), body) {
					t.Errorf("%s %s %s (%s %s): status %d, golden %s", cell.Principal, method, path, cell.Resource, cell.Action, rec.Code, want)
				}
				if want == access.Login && !strings.HasPrefix(rec.Header().Get("Location"), "/login") {
					t.Errorf("%s GET %s: redirected to %q, want the login page", cell.Principal, path, rec.Header().Get("Location"))
				}
				asserted++
			}
			if asserted < 250 {
				t.Fatalf("only %d cells asserted", asserted)
			}
		})
	}
}

// TestEveryRouteHasAPolicyDecision fails on a route that names neither an
// access action nor a reason to be public, and on an action no route uses.
func TestEveryRouteHasAPolicyDecision(t *testing.T) {
	rg := newRig(t, testrig.SQLite, "http://localhost")
	used := map[access.Action]bool{}
	for _, r := range rg.srv.Routes() {
		switch {
		case r.Action != "" && r.Public != "":
			t.Errorf("%s: both an action and public", r.Pattern)
		case r.Action != "":
			if _, known := access.Actions[r.Action]; !known {
				t.Errorf("%s: unknown action %q", r.Pattern, r.Action)
			}
			used[r.Action] = true
		case len(r.Public) < 20:
			t.Errorf("%s: neither an action nor a reason to be public", r.Pattern)
		}
	}
	for a := range access.Actions {
		if !used[a] {
			t.Errorf("action %s has no route", a)
		}
		if _, ok := actionPath[a]; !ok {
			t.Errorf("action %s is not asserted through HTTP", a)
		}
	}
}

// ownOrg is the organisation a principal's structure page shows; the
// anonymous visitor is asserted against the first organisation.
func ownOrg(rg *rig, principal string) int64 {
	if u := rg.world.Users[principal]; u != nil {
		return u.OrgID
	}
	return rg.world.OrgA.ID
}
