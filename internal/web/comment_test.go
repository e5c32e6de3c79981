package web

import (
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"testing"
)

// TestCommentsFollowTheRules walks docs/design.md section 2 for comments: on a
// department post a guardian's comment is between them and the staff, on
// a post about children the children's guardians read each other, staff
// hide, authors delete, and hearts are counted for staff only.
func TestCommentsFollowTheRules(t *testing.T) {
	t.Parallel()
	rg, c := newPostRig(t)
	w := rg.world
	week := fmt.Sprintf("/posts/%d", w.Posts["blabar_week"])
	alvaPost := fmt.Sprintf("/posts/%d", w.Posts["blabar_alva"])
	page := func(who, path string) string { return rg.do("GET", path, "", c[who]).Body.String() }
	say := func(who, path string, form url.Values) int {
		return rg.do("POST", path, form.Encode(), c[who]).Code
	}

	t.Run("DepartmentPostThreadsArePrivate", func(t *testing.T) {
		if code := say("guardian_alva_mother", week+"/comments", url.Values{"comment": {"Vilken fin vecka!"}}); code != http.StatusSeeOther {
			t.Fatalf("comment = %d", code)
		}
		if !strings.Contains(page("educator_blabar", week), "Vilken fin vecka!") || !strings.Contains(page("guardian_alva_mother", week), "Vilken fin vecka!") {
			t.Fatal("the staff or the author does not see the comment")
		}
		for _, other := range []string{"guardian_alva_father", "guardian_bilal"} {
			if strings.Contains(page(other, week), "Vilken fin vecka!") {
				t.Fatalf("%s reads another guardian's comment on a department post", other)
			}
		}
		mother := w.Users["guardian_alva_mother"].ID
		if code := say("educator_blabar", week+"/comments", url.Values{"comment": {"Tack, Alva byggde mest!"}, "thread": {fmt.Sprint(mother)}}); code != http.StatusSeeOther {
			t.Fatalf("staff answer = %d", code)
		}
		if !strings.Contains(page("guardian_alva_mother", week), "Tack, Alva byggde mest!") || strings.Contains(page("guardian_bilal", week), "Tack, Alva byggde mest!") {
			t.Fatal("the staff's answer went to the wrong readers")
		}
		bilal := w.Users["guardian_bilal"].ID
		if code := say("educator_blabar", week+"/comments", url.Values{"comment": {"Hej"}, "thread": {fmt.Sprint(bilal + 1000)}}); code != http.StatusBadRequest {
			t.Fatalf("answer into a conversation no guardian began = %d", code)
		}
	})
	t.Run("PostAboutAChildIsSharedByItsGuardians", func(t *testing.T) {
		if code := say("guardian_alva_father", alvaPost+"/comments", url.Values{"comment": {"Hon pratar om tornet hemma."}}); code != http.StatusSeeOther {
			t.Fatalf("comment = %d", code)
		}
		if !strings.Contains(page("guardian_alva_mother", alvaPost), "Hon pratar om tornet hemma.") {
			t.Fatal("the other guardian of the child does not read the comment")
		}
		if rec := rg.do("GET", alvaPost, "", c["guardian_bilal"]); rec.Code != http.StatusNotFound {
			t.Fatalf("another family reads the post about Alva: %d", rec.Code)
		}
	})
	t.Run("StaffHideAuthorsDelete", func(t *testing.T) {
		id := w.Comments["staff_note_on_week"]
		if rec := rg.do("GET", fmt.Sprintf("/comments/%d/hide", id), "", c["guardian_bilal"]); rec.Code != http.StatusForbidden {
			t.Fatalf("a guardian hiding = %d", rec.Code)
		}
		if code := say("educator_blabar", fmt.Sprintf("/comments/%d/hide", id), nil); code != http.StatusSeeOther {
			t.Fatalf("hide = %d", code)
		}
		if strings.Contains(page("guardian_bilal", week), "Kommentar staff_note_on_week") {
			t.Fatal("a hidden comment is still shown to a guardian")
		}
		if !strings.Contains(page("educator_blabar", week), "Dold av personalen") {
			t.Fatal("staff do not see the hidden comment marked")
		}
		mine := w.Comments["mother_on_week"]
		if code := say("educator_blabar", fmt.Sprintf("/comments/%d/delete", mine), nil); code != http.StatusForbidden {
			t.Fatalf("staff deleting a guardian's comment = %d", code)
		}
		if code := say("guardian_alva_mother", fmt.Sprintf("/comments/%d/delete", mine), nil); code != http.StatusSeeOther {
			t.Fatalf("author deleting = %d", code)
		}
		if strings.Contains(page("educator_blabar", week), "Kommentar mother_on_week") {
			t.Fatal("a deleted comment is still shown")
		}
	})
	t.Run("HeartsCountedForStaff", func(t *testing.T) {
		if code := say("guardian_alva_mother", week+"/heart", url.Values{"heart": {"1"}}); code != http.StatusSeeOther {
			t.Fatalf("heart = %d", code)
		}
		say("guardian_alva_mother", week+"/heart", url.Values{"heart": {"1"}})
		if staff := page("educator_blabar", week); !strings.Contains(staff, "Hjärtan: 1") {
			t.Fatalf("staff do not see one heart:\n%s", staff)
		}
		if mother := page("guardian_alva_mother", week); !strings.Contains(mother, "Du gav ett hjärta") || strings.Contains(mother, "Hjärtan:") {
			t.Fatal("the guardian's own heart is not shown, or the count is")
		}
		say("guardian_alva_mother", week+"/heart", url.Values{"heart": {"0"}})
		if !strings.Contains(page("educator_blabar", week), "Hjärtan: 0") {
			t.Fatal("a heart taken back still counts")
		}
	})
}
