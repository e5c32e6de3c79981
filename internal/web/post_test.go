package web

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"

	"github.com/pluttra/pluttra/internal/pluttra"
	"github.com/pluttra/pluttra/internal/testrig"
)

// newPostRig is the fixture world with sessions for the people the post
// tests follow.
func newPostRig(t *testing.T) (*rig, map[string]*http.Cookie) {
	t.Helper()
	rg := newRig(t, testrig.SQLite, "http://localhost")
	cookies := map[string]*http.Cookie{}
	for _, name := range []string{"educator_blabar", "principal_ekbacken", "guardian_alva_mother", "guardian_alva_father", "guardian_bilal", "guardian_dino", "admin"} {
		cookies[name] = rg.sessionFor(t, name)
	}
	return rg, cookies
}

var postLocation = regexp.MustCompile(`^/posts/(\d+)$`)

// publish posts the composer's form for Blåbär and returns the status and
// the new post's path, if any.
func publish(rg *rig, c *http.Cookie, form url.Values) (int, string, string) {
	rec := rg.do("POST", fmt.Sprintf("/departments/%d/posts", rg.world.Depts["Blabar"]), form.Encode(), c)
	return rec.Code, rec.Header().Get("Location"), rec.Body.String()
}

func TestComposeAndFeed(t *testing.T) {
	t.Parallel()
	rg, c := newPostRig(t)
	w := rg.world
	alva, bilal := fmt.Sprint(w.Children["Alva"]), fmt.Sprint(w.Children["Bilal"])
	feed := func(who string) string { return rg.do("GET", "/feed", "", c[who]).Body.String() }

	t.Run("ComposerShowsEachChildsConsent", func(t *testing.T) {
		rec := rg.do("GET", fmt.Sprintf("/departments/%d/posts/new", w.Depts["Blabar"]), "", c["educator_blabar"])
		body := rec.Body.String()
		if rec.Code != 200 || !strings.Contains(body, "Alva Testsson") || !strings.Contains(body, `consent-shared">Avdelningen`) ||
			!strings.Contains(body, `consent-own">Bara den egna familjen`) {
			t.Fatalf("composer = %d\n%s", rec.Code, body)
		}
	})
	t.Run("ConsentRefusalNamesTheChild", func(t *testing.T) {
		code, loc, body := publish(rg, c["educator_blabar"], url.Values{"body": {"Vi målade med vattenfärg."}, "audience": {"department"},
			"child": {alva, bilal}, "publish": {"1"}})
		if code != 422 || loc != "" || !strings.Contains(body, "<strong dir=\"auto\">Bilal Testsson</strong>: andra familjer skulle se barnet") ||
			strings.Contains(body, "<strong dir=\"auto\">Alva") {
			t.Fatalf("publish with Bilal = %d %q\n%s", code, loc, body)
		}
		if strings.Contains(feed("guardian_alva_mother"), "vattenfärg") {
			t.Fatal("a refused post was published")
		}
	})
	var deptPost string
	t.Run("DepartmentPostReachesTheDepartmentNamingOnlyOwnChild", func(t *testing.T) {
		code, loc, _ := publish(rg, c["educator_blabar"], url.Values{"body": {"Vi byggde en koja i skogen."}, "audience": {"department"},
			"child": {alva}, "area": {"care_learning"}, "publish": {"1"}})
		if code != 303 || !postLocation.MatchString(loc) {
			t.Fatalf("publish = %d %q", code, loc)
		}
		deptPost = loc
		mother := feed("guardian_alva_mother")
		if !strings.Contains(mother, "koja i skogen") || !strings.Contains(mother, `dir="auto">Alva</a>`) {
			t.Fatal("Alva's mother does not see the post with Alva tagged")
		}
		other := feed("guardian_bilal")
		if !strings.Contains(other, "koja i skogen") || strings.Contains(other, "Alva") {
			t.Fatal("Bilal's guardian must see the department post without Alva's name")
		}
		if strings.Contains(feed("guardian_dino"), "koja i skogen") {
			t.Fatal("a guardian of another department sees the post")
		}
		if rec := rg.do("GET", loc, "", c["guardian_dino"]); rec.Code != 404 {
			t.Fatalf("another department's guardian opening the post: %d", rec.Code)
		}
		if rec := rg.do("GET", loc, "", c["admin"]); rec.Code != 403 {
			t.Fatalf("the admin opening documentation: %d", rec.Code)
		}
	})
	t.Run("ReadingIsInTheAccessLog", func(t *testing.T) {
		rg.do("GET", deptPost, "", c["guardian_alva_mother"])
		log, err := rg.store.AccessLog(context.Background(), w.OrgA.ID, pluttra.AccessQuery{ChildID: w.Children["Alva"]})
		if err != nil {
			t.Fatal(err)
		}
		found := false
		for _, e := range log {
			found = found || (e.UserID == w.Users["guardian_alva_mother"].ID && e.Action == "post.view")
		}
		if !found {
			t.Fatalf("no post.view by Alva's mother in %+v", log)
		}
	})
	t.Run("ConsentDropTakesThePostFromOtherFamilies", func(t *testing.T) {
		err := rg.store.RecordConsent(context.Background(), w.OrgA.ID, &pluttra.Consent{ChildID: w.Children["Alva"],
			GuardianID: w.Users["guardian_alva_father"].ID, Level: pluttra.ConsentOwn})
		if err != nil {
			t.Fatal(err)
		}
		if strings.Contains(feed("guardian_bilal"), "koja i skogen") {
			t.Fatal("the post still reaches another family after consent dropped")
		}
		if rec := rg.do("GET", deptPost, "", c["guardian_bilal"]); rec.Code != 404 {
			t.Fatalf("opening it: %d", rec.Code)
		}
		if !strings.Contains(feed("guardian_alva_mother"), "koja i skogen") {
			t.Fatal("Alva's own family lost the post")
		}
	})
	t.Run("ChildrenPostOnlyForTheirGuardians", func(t *testing.T) {
		code, loc, _ := publish(rg, c["educator_blabar"], url.Values{"body": {"Bilal läste sin första bok."}, "audience": {"children"},
			"child": {bilal}, "reflection": {"Språkutveckling i fokus."}, "reflection_visibility": {"guardians"}, "publish": {"1"}})
		if code != 303 {
			t.Fatalf("publish = %d", code)
		}
		if strings.Contains(feed("guardian_alva_mother"), "första bok") {
			t.Fatal("a post about Bilal reached Alva's family")
		}
		page := rg.do("GET", loc, "", c["guardian_bilal"]).Body.String()
		if !strings.Contains(page, "första bok") || !strings.Contains(page, "Språkutveckling i fokus.") || !strings.Contains(page, "Dela dem inte vidare") {
			t.Fatalf("Bilal's guardian's view:\n%s", page)
		}
	})
	t.Run("DraftIsTheAuthorsUntilPublished", func(t *testing.T) {
		code, loc, _ := publish(rg, c["educator_blabar"], url.Values{"body": {"Utkast om höstlöv."}, "audience": {"department"}, "draft": {"1"}})
		if code != 303 {
			t.Fatalf("save draft = %d", code)
		}
		if strings.Contains(feed("guardian_alva_mother"), "höstlöv") {
			t.Fatal("a draft reached a guardian")
		}
		if rec := rg.do("GET", loc, "", c["principal_ekbacken"]); rec.Code != 404 {
			t.Fatalf("someone else's draft: %d", rec.Code)
		}
		deptFeed := rg.do("GET", fmt.Sprintf("/departments/%d/feed", w.Depts["Blabar"]), "", c["educator_blabar"]).Body.String()
		if !strings.Contains(deptFeed, "höstlöv") || !strings.Contains(deptFeed, "Utkast") {
			t.Fatal("the author does not see the draft in the department's feed")
		}
		// Publishing it from the editor.
		rec := rg.do("POST", loc+"/edit", url.Values{"body": {"Om höstlöv."}, "audience": {"department"}, "publish": {"1"}}.Encode(), c["educator_blabar"])
		if rec.Code != 303 || !strings.Contains(feed("guardian_alva_mother"), "Om höstlöv.") {
			t.Fatalf("publish the draft = %d", rec.Code)
		}
	})
	t.Run("EditIsMarkedAndDeleteRemoves", func(t *testing.T) {
		// Alva's consent has dropped: the edit cannot keep her in a
		// department post, and says so.
		rec := rg.do("POST", deptPost+"/edit", url.Values{"body": {"Vi byggde en stor koja i skogen."}, "audience": {"department"}, "child": {alva}}.Encode(), c["educator_blabar"])
		if rec.Code != 422 || !strings.Contains(rec.Body.String(), "Alva Testsson") {
			t.Fatalf("edit keeping Alva = %d", rec.Code)
		}
		rec = rg.do("POST", deptPost+"/edit", url.Values{"body": {"Vi byggde en stor koja i skogen."}, "audience": {"department"}}.Encode(), c["educator_blabar"])
		if rec.Code != 303 {
			t.Fatalf("edit = %d\n%s", rec.Code, rec.Body.String())
		}
		page := rg.do("GET", deptPost, "", c["guardian_alva_mother"]).Body.String()
		if !strings.Contains(page, "stor koja") || !strings.Contains(page, "redigerat") {
			t.Fatal("the edit is not shown as edited")
		}
		if rec := rg.do("POST", deptPost+"/edit", url.Values{"body": {"x"}, "audience": {"department"}}.Encode(), c["guardian_alva_mother"]); rec.Code != 403 {
			t.Fatalf("a guardian editing: %d", rec.Code)
		}
		if rec := rg.do("POST", deptPost+"/delete", "", c["educator_blabar"]); rec.Code != 303 {
			t.Fatalf("delete = %d", rec.Code)
		}
		if rec := rg.do("GET", deptPost, "", c["guardian_alva_mother"]); rec.Code != 404 {
			t.Fatalf("a deleted post: %d", rec.Code)
		}
	})
	t.Run("PortfolioByArea", func(t *testing.T) {
		publish(rg, c["educator_blabar"], url.Values{"body": {"Alva hjälpte en kompis."}, "audience": {"children"}, "child": {alva}, "area": {"norms_values"}, "publish": {"1"}})
		path := "/children/" + alva + "/portfolio"
		all := rg.do("GET", path, "", c["guardian_alva_mother"]).Body.String()
		norms := rg.do("GET", path+"?area=norms_values", "", c["guardian_alva_mother"]).Body.String()
		if !strings.Contains(all, "hjälpte en kompis") || !strings.Contains(norms, "hjälpte en kompis") || strings.Contains(norms, "Idag har vi blabar_alva.") ||
			!strings.Contains(all, "Idag har vi blabar_alva.") {
			t.Fatal("the portfolio's area filter does not narrow the posts")
		}
	})
}

func TestFeedPages(t *testing.T) {
	t.Parallel()
	rg, c := newPostRig(t)
	for i := range 25 {
		code, _, _ := publish(rg, c["educator_blabar"], url.Values{"body": {fmt.Sprintf("Dag nummer %02d.", i)}, "audience": {"department"}, "publish": {"1"}})
		if code != 303 {
			t.Fatalf("publish %d = %d", i, code)
		}
	}
	first := rg.do("GET", "/feed", "", c["guardian_bilal"]).Body.String()
	if !strings.Contains(first, "Dag nummer 24.") || strings.Contains(first, "Dag nummer 04.") {
		t.Fatal("the first page is not the newest 20")
	}
	next := regexp.MustCompile(`href="/feed\?before=([0-9-]+)"`).FindStringSubmatch(first)
	if next == nil {
		t.Fatal("no link to older posts")
	}
	second := rg.do("GET", "/feed?before="+next[1], "", c["guardian_bilal"]).Body.String()
	if !strings.Contains(second, "Dag nummer 04.") || !strings.Contains(second, "Dag nummer 00.") || strings.Contains(second, "Dag nummer 05.") {
		t.Fatal("the second page does not continue where the first ended")
	}
}
