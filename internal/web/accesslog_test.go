package web

import (
	"context"
	"encoding/csv"
	"fmt"
	"net/http"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/pluttra/pluttra/internal/pluttra"
	"github.com/pluttra/pluttra/internal/testrig"
)

func TestAccessLog(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	rg := newRig(t, testrig.SQLite, "http://localhost")
	org := rg.world.OrgA.ID
	alva := rg.world.Children["Alva"]
	edu := rg.world.Users["educator_blabar"]
	logOf := func(q pluttra.AccessQuery) []pluttra.AccessEntry {
		t.Helper()
		es, err := rg.store.AccessLog(ctx, org, q)
		if err != nil {
			t.Fatal(err)
		}
		return es
	}

	t.Run("ReadRecordedWithRequestID", func(t *testing.T) {
		rec := rg.do("GET", fmt.Sprintf("/children/%d", alva), "", rg.sessionFor(t, "educator_blabar"))
		if rec.Code != http.StatusOK {
			t.Fatalf("status %d", rec.Code)
		}
		es := logOf(pluttra.AccessQuery{ChildID: alva, UserID: edu.ID})
		if len(es) != 1 || es[0].Action != "child.view" || es[0].RequestID != rec.Header().Get("X-Request-Id") {
			t.Fatalf("log = %+v", es)
		}
	})
	t.Run("ReloadWithinAMinuteRecordedOnce", func(t *testing.T) {
		guardian := rg.world.Users["guardian_alva_mother"]
		c := rg.sessionFor(t, "guardian_alva_mother")
		reads := func() int { return len(logOf(pluttra.AccessQuery{ChildID: alva, UserID: guardian.ID})) }
		path := fmt.Sprintf("/children/%d", alva)
		for range 3 {
			if rec := rg.do("GET", path, "", c); rec.Code != http.StatusOK {
				t.Fatalf("status %d", rec.Code)
			}
		}
		if n := reads(); n != 1 {
			t.Fatalf("three reads within a minute made %d entries, want 1", n)
		}
		rg.clock.Add(accessCoalesce)
		rg.do("GET", path, "", c)
		if n := reads(); n != 2 {
			t.Fatalf("a read a minute later made %d entries in all, want 2", n)
		}
	})
	t.Run("RefusedReadNotRecorded", func(t *testing.T) {
		before := len(logOf(pluttra.AccessQuery{}))
		rg.do("GET", fmt.Sprintf("/children/%d", rg.world.Children["Dino"]), "", rg.sessionFor(t, "educator_blabar"))
		rg.do("GET", fmt.Sprintf("/children/%d", alva), "", rg.sessionFor(t, "guardian_dino"))
		if after := len(logOf(pluttra.AccessQuery{})); after != before {
			t.Fatalf("refused reads added %d entries", after-before)
		}
	})
	t.Run("ListRecordsEveryChildShown", func(t *testing.T) {
		rg.do("GET", fmt.Sprintf("/departments/%d/children", rg.world.Depts["Blabar"]), "", rg.sessionFor(t, "principal_ekbacken"))
		es := logOf(pluttra.AccessQuery{UserID: rg.world.Users["principal_ekbacken"].ID})
		seen := map[int64]bool{}
		for _, e := range es {
			if e.Action == "department.children" {
				seen[e.ChildID] = true
			}
		}
		if len(seen) != 2 || !seen[alva] || !seen[rg.world.Children["Bilal"]] {
			t.Fatalf("list recorded %v", seen)
		}
	})
	t.Run("PrincipalReadsChildLog", func(t *testing.T) {
		body := rg.do("GET", fmt.Sprintf("/children/%d/access", alva), "", rg.sessionFor(t, "principal_ekbacken")).Body.String()
		if !strings.Contains(body, edu.Name) || !strings.Contains(body, "Barnets sida") {
			t.Fatal("the child's log does not show the educator's read")
		}
		if rg.do("GET", fmt.Sprintf("/children/%d/access", alva), "", rg.sessionFor(t, "educator_blabar")).Code != http.StatusForbidden {
			t.Fatal("an educator reads the access log")
		}
	})
	t.Run("AdminExportsCSV", func(t *testing.T) {
		rec := rg.do("GET", "/admin/access-log.csv", "", rg.sessionFor(t, "admin"))
		if rec.Code != http.StatusOK || !strings.HasPrefix(rec.Header().Get("Content-Type"), "text/csv") {
			t.Fatalf("export: %d %s", rec.Code, rec.Header().Get("Content-Type"))
		}
		rows, err := csv.NewReader(rec.Body).ReadAll()
		if err != nil {
			t.Fatal(err)
		}
		want := len(logOf(pluttra.AccessQuery{Limit: 10000})) + 1
		if len(rows) != want || rows[0][0] != "time" {
			t.Fatalf("export has %d rows, want %d", len(rows), want)
		}
		found := false
		for _, r := range rows[1:] {
			found = found || (r[2] == edu.Name && r[4] == "Alva Testsson" && r[5] == "child.view")
		}
		if !found {
			t.Fatal("export lacks the educator's read of Alva")
		}
	})
}

// TestAccessLogRecordsWhatHappened is the golden list of what pages write
// to the access log: a form or confirmation is the read it is, never the
// act it leads to; the act is written when it is done; and a post shown
// to a viewer is in the log of every child it tags, named to that viewer
// or not.
func TestAccessLogRecordsWhatHappened(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	rg := newRig(t, testrig.SQLite, "http://localhost")
	w := rg.world
	child := func(name string) string { return strconv.FormatInt(w.Children[name], 10) }
	alva, bilal := child("Alva"), child("Bilal")
	id := func(m map[string]int64, name string) int64 {
		t.Helper()
		v, ok := m[name]
		if !ok {
			t.Fatalf("no fixture %q", name)
		}
		return v
	}
	cases := []struct {
		name, user, method, path, form string
		want                           []string // "child action", sorted
		hidden                         string   // a name the page must not show
	}{
		{name: "ChildPageIsAView", user: "educator_blabar", method: "GET", path: "/children/" + alva,
			want: []string{alva + " child.view"}},
		{name: "ChildEditFormIsAView", user: "principal_ekbacken", method: "GET", path: "/children/" + alva + "/edit",
			want: []string{alva + " child.manage.view"}},
		{name: "InviteFormIsAView", user: "principal_ekbacken", method: "GET", path: "/children/" + alva + "/invite",
			want: []string{alva + " child.invite.view"}},
		{name: "ConsentFormIsAView", user: "guardian_alva_mother", method: "GET", path: "/children/" + alva + "/consent",
			want: []string{alva + " child.consent.view"}},
		{name: "ConsentAnswerIsTheAct", user: "guardian_alva_father", method: "POST", path: "/children/" + alva + "/consent",
			form: "level=shared", want: []string{alva + " consent.record"}},
		{name: "ConversationFormIsAView", user: "guardian_alva_mother", method: "GET", path: "/children/" + alva + "/conversations/new",
			want: []string{alva + " child.conversation.view"}},
		{name: "ComposerIsAView", user: "educator_blabar", method: "GET", path: fmt.Sprintf("/departments/%d/posts/new", id(w.Depts, "Blabar")),
			want: []string{alva + " department.post.view", bilal + " department.post.view"}},
		{name: "PostEditFormIsAView", user: "educator_blabar", method: "GET", path: fmt.Sprintf("/posts/%d/edit", id(w.Posts, "blabar_alva")),
			want: []string{alva + " post.edit.view", bilal + " post.edit.view"}},
		{name: "MessageComposerIsAView", user: "educator_blabar", method: "GET", path: fmt.Sprintf("/departments/%d/messages/new", id(w.Depts, "Blabar")),
			want: []string{alva + " department.message.view", bilal + " department.message.view"}},
		{name: "CommentsPageIsAView", user: "guardian_alva_father", method: "GET", path: fmt.Sprintf("/posts/%d/comments", id(w.Posts, "blabar_alva")),
			want: []string{alva + " post.comment.view"}},
		{name: "HeartsListIsAView", user: "educator_blabar", method: "GET", path: fmt.Sprintf("/posts/%d/hearts", id(w.Posts, "blabar_alva")),
			want: []string{alva + " post.heart.view"}},
		{name: "HideConfirmationIsAView", user: "educator_blabar", method: "GET", path: fmt.Sprintf("/comments/%d/hide", id(w.Comments, "father_on_alva")),
			want: []string{alva + " comment.hide.view"}},
		{name: "DeleteConfirmationIsAView", user: "guardian_alva_father", method: "GET", path: fmt.Sprintf("/comments/%d/delete", id(w.Comments, "father_on_alva")),
			want: []string{alva + " comment.delete.view"}},
		{name: "CommentIsTheAct", user: "guardian_alva_father", method: "POST", path: fmt.Sprintf("/posts/%d/comments", id(w.Posts, "blabar_alva")),
			form: "comment=Vilken+fin+dag", want: []string{alva + " post.comment"}},
		{name: "HidingIsTheAct", user: "educator_blabar", method: "POST", path: fmt.Sprintf("/comments/%d/hide", id(w.Comments, "father_on_alva")),
			want: []string{alva + " comment.hide"}},
		{name: "TalkCancelConfirmationIsAView", user: "guardian_alva_mother", method: "GET", path: fmt.Sprintf("/talks/%d/cancel", id(w.Talks, "blabar_alva")),
			want: []string{alva + " talk.cancel.view"}},
		{name: "TalkCancelIsTheAct", user: "guardian_bilal", method: "POST", path: fmt.Sprintf("/talks/%d/cancel", id(w.Talks, "blabar_bilal")),
			want: []string{bilal + " talk.cancel"}},
		{name: "GuardianFeedLogsEveryTaggedChild", user: "guardian_bilal", method: "GET", path: "/feed",
			want: []string{alva + " feed.view", bilal + " feed.view"}, hidden: "Alva"},
		{name: "GuardianPostLogsEveryTaggedChild", user: "guardian_bilal", method: "GET", path: fmt.Sprintf("/posts/%d", id(w.Posts, "blabar_alva_dept")),
			want: []string{alva + " post.view"}, hidden: "Alva"},
		{name: "GuardianLiveCardLogsEveryTaggedChild", user: "guardian_bilal", method: "GET", path: fmt.Sprintf("/posts/%d/card", id(w.Posts, "blabar_alva_dept")),
			want: []string{alva + " post.view"}, hidden: "Alva"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			rg.clock.Add(accessCoalesce) // an earlier case's read is not coalesced with this one
			rec := rg.do(tc.method, tc.path, tc.form, rg.sessionFor(t, tc.user))
			if rec.Code >= 400 {
				t.Fatalf("%s %s: status %d", tc.method, tc.path, rec.Code)
			}
			if tc.hidden != "" && strings.Contains(rec.Body.String(), tc.hidden) {
				t.Fatalf("the page names %s to %s", tc.hidden, tc.user)
			}
			es, err := rg.store.AccessLog(ctx, w.OrgA.ID, pluttra.AccessQuery{UserID: w.Users[tc.user].ID, Limit: 1000})
			if err != nil {
				t.Fatal(err)
			}
			var got []string
			for _, e := range es {
				if e.RequestID == rec.Header().Get("X-Request-Id") {
					got = append(got, fmt.Sprintf("%d %s", e.ChildID, e.Action))
				}
			}
			slices.Sort(got)
			if !slices.Equal(got, tc.want) {
				t.Fatalf("%s %s logged %q, want %q", tc.method, tc.path, got, tc.want)
			}
		})
	}
	t.Run("PrincipalAndExportNameWhoSawThePost", func(t *testing.T) {
		rg.clock.Add(accessCoalesce)
		path := fmt.Sprintf("/posts/%d", id(w.Posts, "blabar_alva_dept"))
		if rec := rg.do("GET", path, "", rg.sessionFor(t, "guardian_bilal")); rec.Code != http.StatusOK {
			t.Fatalf("the post: %d", rec.Code)
		}
		body := rg.do("GET", "/children/"+alva+"/access", "", rg.sessionFor(t, "principal_ekbacken")).Body.String()
		sv := rg.srv.deps.Catalog.Locale("sv")
		if !strings.Contains(body, "guardian_bilal") || !strings.Contains(body, sv.T("access.action.post.view")) {
			t.Fatal("Alva's access log does not show that Bilal's guardian read a post tagging her")
		}
		rows, err := csv.NewReader(rg.do("GET", "/admin/access-log.csv", "", rg.sessionFor(t, "admin")).Body).ReadAll()
		if err != nil {
			t.Fatal(err)
		}
		found := false
		for _, r := range rows[1:] {
			found = found || (r[2] == "guardian_bilal" && r[4] == "Alva Testsson" && r[5] == "post.view")
		}
		if !found {
			t.Fatal("the export lacks Bilal's guardian reading a post tagging Alva")
		}
	})
	t.Run("FormReadNamedOnTheChildsLog", func(t *testing.T) {
		rg.clock.Add(accessCoalesce)
		if rec := rg.do("GET", "/children/"+alva+"/consent", "", rg.sessionFor(t, "guardian_alva_mother")); rec.Code != http.StatusOK {
			t.Fatalf("the consent form: %d", rec.Code)
		}
		body := rg.do("GET", "/children/"+alva+"/access", "", rg.sessionFor(t, "principal_ekbacken")).Body.String()
		sv := rg.srv.deps.Catalog.Locale("sv")
		if !strings.Contains(body, sv.T("access.action.child.consent.view")) {
			t.Fatal("the child's log does not name the consent form's read")
		}
	})
}
