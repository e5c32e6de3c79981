package web

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/pluttra/pluttra/internal/access"
	"github.com/pluttra/pluttra/internal/pluttra"
)

// TestAbsence: a guardian reports their child sick, staff see it on the
// department's day list with the note, a report after the morning hour is
// marked late, and bad reports are refused in the user's language with
// nothing saved.
func TestAbsence(t *testing.T) {
	t.Parallel()
	rg, c := newPostRig(t)
	w := rg.world
	alva, bilal := w.Children["Alva"], w.Children["Bilal"]
	today := rg.srv.deps.Policy.Today()
	// The rig's clock, at an hour of today in Stockholm.
	at := func(hour, minute int) {
		y, m, d := time.Now().In(access.Stockholm).Date()
		rg.clock.mu.Lock()
		rg.clock.now = time.Date(y, m, d, hour, minute, 0, 0, access.Stockholm)
		rg.clock.mu.Unlock()
	}
	report := func(who string, child int64, form url.Values) *http.Response {
		return rg.do("POST", fmt.Sprintf("/children/%d/absence", child), form.Encode(), c[who]).Result()
	}
	list := func(day pluttra.Date) string {
		rec := rg.do("GET", fmt.Sprintf("/departments/%d/absences?day=%s", w.Depts["Blabar"], day), "", c["educator_blabar"])
		if rec.Code != http.StatusOK {
			t.Fatalf("the day's list = %d", rec.Code)
		}
		return rec.Body.String()
	}

	t.Run("SickTodayOnTheDepartmentsList", func(t *testing.T) {
		at(7, 15)
		resp := report("guardian_alva_mother", alva, url.Values{"kind": {"sick"}, "from": {today.String()}, "note": {"Feber sedan i natt"}})
		if resp.StatusCode != http.StatusSeeOther {
			t.Fatalf("report = %d", resp.StatusCode)
		}
		page := rg.do("GET", fmt.Sprintf("/children/%d/absence?saved=1", alva), "", c["guardian_alva_father"]).Body.String()
		if !strings.Contains(page, "Frånvaron är anmäld") || !strings.Contains(page, "Feber sedan i natt") {
			t.Fatal("the other guardian does not see the report on the child's page")
		}
		day := list(today)
		if !strings.Contains(day, "Alva Testsson") || !strings.Contains(day, "Feber sedan i natt") || !strings.Contains(day, "Sjuka: 1") ||
			strings.Contains(day, `badge late`) {
			t.Fatalf("the list does not show Alva sick on time:\n%s", day)
		}
		es, err := rg.store.AccessLog(context.Background(), w.OrgA.ID, pluttra.AccessQuery{ChildID: alva, UserID: w.Users["educator_blabar"].ID})
		if err != nil || len(es) == 0 || es[0].Action != string(access.ViewAbsences) {
			t.Fatalf("the educator's read is not in the access log: %+v, %v", es, err)
		}
	})
	t.Run("AfterTheMorningHourIsLate", func(t *testing.T) {
		at(8, 40)
		if resp := report("guardian_bilal", bilal, url.Values{"kind": {"absent"}, "from": {today.String()}, "to": {today.AddDays(2).String()}}); resp.StatusCode != http.StatusSeeOther {
			t.Fatalf("report = %d", resp.StatusCode)
		}
		day := list(today)
		if !strings.Contains(day, "Bilal Testsson") || !strings.Contains(day, `badge late`) || !strings.Contains(day, "Lediga: 1") {
			t.Fatalf("Bilal's late report is not marked:\n%s", day)
		}
		if later := list(today.AddDays(2)); !strings.Contains(later, "Bilal Testsson") || strings.Contains(later, "Alva Testsson") {
			t.Fatalf("the day after tomorrow:\n%s", later)
		}
	})
	t.Run("MorningHourIsTheOrganisations", func(t *testing.T) {
		admin := c["admin"]
		if rec := rg.do("POST", "/admin/settings", url.Values{"absence_late_after": {"25:99"}}.Encode(), admin); rec.Code != http.StatusBadRequest ||
			!strings.Contains(rec.Body.String(), "Skriv tiden som timmar:minuter") {
			t.Fatalf("a time that is not one = %d", rec.Code)
		}
		if rec := rg.do("POST", "/admin/settings", url.Values{"absence_late_after": {"07:30"}}.Encode(), admin); rec.Code != http.StatusSeeOther {
			t.Fatalf("setting 07:30 = %d", rec.Code)
		}
		at(7, 45)
		report("guardian_alva_mother", alva, url.Values{"kind": {"absent"}, "from": {today.String()}})
		got, err := rg.store.AbsencesOfChild(context.Background(), w.OrgA.ID, alva, today)
		if err != nil || len(got) != 2 || got[0].Late || !got[1].Late {
			t.Fatalf("at 07:45 with the hour at 07:30: %+v, %v", got, err)
		}
	})
	t.Run("BadReportsRefusedNothingSaved", func(t *testing.T) {
		before, _ := rg.store.AbsencesOfChild(context.Background(), w.OrgA.ID, alva, today)
		for name, form := range map[string]url.Values{
			"Första dagen kan inte vara före i dag":     {"kind": {"sick"}, "from": {today.AddDays(-1).String()}},
			"Sista dagen kan inte vara före den första": {"kind": {"sick"}, "from": {today.AddDays(2).String()}, "to": {today.AddDays(1).String()}},
			"Välj sjuk eller ledig":                     {"kind": {"holiday"}, "from": {today.String()}},
			"Meddelandet är för långt":                  {"kind": {"sick"}, "from": {today.String()}, "note": {strings.Repeat("å", 501)}},
			"Skriv datumet som år-månad-dag":            {"kind": {"sick"}, "from": {"24/11"}},
		} {
			rec := rg.do("POST", fmt.Sprintf("/children/%d/absence", alva), form.Encode(), c["guardian_alva_mother"])
			if rec.Code != http.StatusBadRequest || !strings.Contains(rec.Body.String(), name) {
				t.Errorf("%q: %d\n%s", name, rec.Code, rec.Body)
			}
		}
		after, _ := rg.store.AbsencesOfChild(context.Background(), w.OrgA.ID, alva, today)
		if len(after) != len(before) {
			t.Fatalf("refused reports saved %d rows", len(after)-len(before))
		}
	})
	t.Run("OtherFamiliesAndTheAdminCannot", func(t *testing.T) {
		form := url.Values{"kind": {"sick"}, "from": {today.String()}}
		if resp := report("guardian_dino", alva, form); resp.StatusCode != http.StatusNotFound {
			t.Fatalf("another family's guardian = %d", resp.StatusCode)
		}
		if resp := report("admin", alva, form); resp.StatusCode != http.StatusForbidden {
			t.Fatalf("the org admin = %d", resp.StatusCode)
		}
	})
}
