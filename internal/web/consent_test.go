package web

import (
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"testing"
)

// TestConsentDropsTakeEffectAtOnce follows one guardian lowering their
// answer: the department post about their child stops reaching another
// family on the next page load, staff see it on the review list and the
// quick list, and the answer is kept in the history.
func TestConsentDropsTakeEffectAtOnce(t *testing.T) {
	t.Parallel()
	rg, c := newPostRig(t)
	w := rg.world
	alva := w.Children["Alva"]
	blabar := w.Depts["Blabar"]
	consentPath := fmt.Sprintf("/children/%d/consent", alva)
	postPath := fmt.Sprintf("/posts/%d", w.Posts["blabar_alva_dept"])

	if rec := rg.do("GET", postPath, "", c["guardian_bilal"]); rec.Code != http.StatusOK {
		t.Fatalf("before: another family's view of the department post = %d", rec.Code)
	}
	if body := rg.do("GET", fmt.Sprintf("/departments/%d/review", blabar), "", c["educator_blabar"]).Body.String(); strings.Contains(body, "Idag har vi blabar_alva_dept.") {
		t.Fatal("before: the post is already on the review list")
	}

	t.Run("OnlyTheChildsGuardianAnswers", func(t *testing.T) {
		form := url.Values{"level": {"none"}}.Encode()
		if rec := rg.do("POST", consentPath, form, c["educator_blabar"]); rec.Code != http.StatusForbidden {
			t.Errorf("educator answering = %d", rec.Code)
		}
		if rec := rg.do("POST", consentPath, form, c["guardian_bilal"]); rec.Code != http.StatusNotFound {
			t.Errorf("another family answering = %d", rec.Code)
		}
		if rec := rg.do("POST", consentPath, url.Values{"level": {"everyone"}}.Encode(), c["guardian_alva_father"]); rec.Code != http.StatusBadRequest ||
			!strings.Contains(rec.Body.String(), "Välj ett av svaren.") {
			t.Errorf("a made-up level = %d", rec.Code)
		}
	})
	t.Run("FatherLowersToOwn", func(t *testing.T) {
		rec := rg.do("POST", consentPath, url.Values{"level": {"own"}}.Encode(), c["guardian_alva_father"])
		if rec.Code != http.StatusSeeOther {
			t.Fatalf("answer = %d %s", rec.Code, rec.Body)
		}
		page := rg.do("GET", rec.Header().Get("Location"), "", c["guardian_alva_father"]).Body.String()
		if !strings.Contains(page, "Ditt svar är sparat") || !strings.Contains(page, `value="own" checked`) ||
			!strings.Contains(page, `consent-own">Bara den egna familjen`) {
			t.Fatalf("consent page after answering:\n%s", page)
		}
	})
	t.Run("OtherFamilyLosesThePostAtOnce", func(t *testing.T) {
		if rec := rg.do("GET", postPath, "", c["guardian_bilal"]); rec.Code != http.StatusNotFound {
			t.Fatalf("another family's view after the drop = %d", rec.Code)
		}
		if strings.Contains(rg.do("GET", "/feed", "", c["guardian_bilal"]).Body.String(), "Idag har vi blabar_alva_dept.") {
			t.Fatal("the post is still in another family's feed")
		}
		if rec := rg.do("GET", postPath, "", c["guardian_alva_mother"]); rec.Code != http.StatusOK {
			t.Fatalf("the child's own family = %d", rec.Code)
		}
	})
	t.Run("StaffReviewAndQuickList", func(t *testing.T) {
		review := rg.do("GET", fmt.Sprintf("/departments/%d/review", blabar), "", c["educator_blabar"]).Body.String()
		if !strings.Contains(review, "Idag har vi blabar_alva_dept.") || !strings.Contains(review, `<strong dir="auto">Alva</strong>: andra familjer skulle se barnet`) {
			t.Fatalf("review list:\n%s", review)
		}
		if strings.Contains(review, "Idag har vi blabar_alva.") {
			t.Fatal("a post only for Alva's own family is on the review list")
		}
		quick := rg.do("GET", fmt.Sprintf("/departments/%d/consents", blabar), "", c["educator_blabar"])
		if quick.Code != http.StatusOK || !strings.Contains(quick.Body.String(), `<span class="badge consent-own">Bara den egna familjen</span>`) {
			t.Fatalf("quick list = %d\n%s", quick.Code, quick.Body)
		}
		for who, want := range map[string]int{"guardian_alva_mother": http.StatusForbidden, "admin": http.StatusForbidden, "educator_lingon_myran": http.StatusNotFound} {
			if rec := rg.do("GET", fmt.Sprintf("/departments/%d/consents", blabar), "", rg.sessionFor(t, who)); rec.Code != want {
				t.Errorf("%s quick list = %d, want %d", who, rec.Code, want)
			}
		}
		child := rg.do("GET", fmt.Sprintf("/children/%d", alva), "", c["educator_blabar"]).Body.String()
		if !strings.Contains(child, "Lämnade svar") || strings.Count(child, "<td>Bara den egna familjen</td>") != 1 || strings.Count(child, "<td>Avdelningen</td>") != 2 {
			t.Fatalf("the child's consent history for staff:\n%s", child)
		}
	})
}
