package web

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"

	goical "github.com/emersion/go-ical"

	"github.com/pluttra/pluttra/internal/pluttra"
)

var talkLocation = regexp.MustCompile(`^/talks/(\d+)\?booked=1$`)

// TestTalks: an educator offers a round of talks; two families choose the
// same time and the second is told it was just taken, without learning
// whose it is; Alva's mother books another, her father is told and sees
// it, both can add it to their calendars; the family answers the
// questions, the staff read them (in the access log); the summary stays
// the staff's until shared into Alva's portfolio after the talk. Bad input
// is refused with the reason and nothing saved.
func TestTalks(t *testing.T) {
	t.Parallel()
	rg, c := newPostRig(t)
	w := rg.world
	ctx := context.Background()
	org := w.OrgA.ID
	blabar, alva, bilal := w.Depts["Blabar"], w.Children["Alva"], w.Children["Bilal"]
	post := func(who, path string, form url.Values) *http.Response {
		return rg.do("POST", path, form.Encode(), c[who]).Result()
	}
	page := func(who, path string) (int, string) {
		rec := rg.do("GET", path, "", c[who])
		return rec.Code, rec.Body.String()
	}
	day := w.Today.AddDays(3)

	// The round the educator starts, and its three times of 30 minutes.
	resp := post("educator_blabar", fmt.Sprintf("/departments/%d/talks", blabar), url.Values{"title": {"Vårens samtal"},
		"intro": {"Välkomna!"}, "questions": {"Vad leker ert barn helst?\r\n\r\nHur trivs ert barn?"}})
	if resp.StatusCode != http.StatusSeeOther {
		t.Fatalf("create round = %d", resp.StatusCode)
	}
	roundPath := resp.Header.Get("Location")
	slotForm := url.Values{"day": {day.String()}, "start": {"14:00"}, "minutes": {"30"}, "count": {"3"}, "pause": {"0"},
		"mode": {"in_person"}, "place": {"Ateljén"}}
	if resp := post("educator_blabar", roundPath+"/slots", slotForm); resp.StatusCode != http.StatusSeeOther {
		t.Fatalf("add times = %d", resp.StatusCode)
	}
	rounds, err := rg.store.TalkRounds(ctx, org, []int64{blabar})
	if err != nil {
		t.Fatal(err)
	}
	round := rounds[0]
	slots, err := rg.store.TalkSlots(ctx, org, round.ID)
	if err != nil || len(slots) != 3 || len(round.Questions) != 2 {
		t.Fatalf("round %+v with times %+v, %v", round, slots, err)
	}
	if got := slots[2].Start.In(pluttra.CalendarZone).Format("15:04"); got != "15:00" {
		t.Fatalf("the third time starts at %s", got)
	}

	t.Run("BadInputIsRefusedAndNothingSaved", func(t *testing.T) {
		cases := []struct {
			path  string
			form  url.Values
			shows string
		}{
			{fmt.Sprintf("/departments/%d/talks", blabar), url.Values{"title": {" "}}, "Fältet måste fyllas i"},
			{fmt.Sprintf("/departments/%d/talks", blabar), url.Values{"title": {"x"}, "questions": {strings.Repeat("Fråga?\n", 11)}}, "Högst tio frågor"},
			{roundPath + "/slots", with(slotForm, "mode", "video", "video_url", "http://example.com/m"), "börjar med https://"},
			{roundPath + "/slots", with(slotForm, "count", "0"), "mellan 1 och 40 tider"},
			{roundPath + "/slots", with(slotForm, "minutes", "600"), "mellan 5 minuter och 4 timmar"},
			{roundPath + "/slots", with(slotForm, "day", w.Today.AddDays(-1).String()), "framåt i tiden"},
			{roundPath + "/slots", with(slotForm, "start", "25:00"), "timmar:minuter"},
		}
		for _, tc := range cases {
			rec := rg.do("POST", tc.path, tc.form.Encode(), c["educator_blabar"])
			if rec.Code != http.StatusBadRequest || !strings.Contains(rec.Body.String(), tc.shows) {
				t.Errorf("%s %v = %d, want 400 showing %q", tc.path, tc.form, rec.Code, tc.shows)
			}
		}
		if got, _ := rg.store.TalkRounds(ctx, org, []int64{blabar}); len(got) != 2 { // the fixture's and this one
			t.Fatalf("rounds after bad input: %d", len(got))
		}
		if got, _ := rg.store.TalkSlots(ctx, org, round.ID); len(got) != 3 {
			t.Fatalf("times after bad input: %d", len(got))
		}
		// Another department's round is not found under this one.
		if code, _ := page("educator_blabar", fmt.Sprintf("/departments/%d/talks/%d", w.Depts["Lingon"], round.ID)); code != http.StatusNotFound {
			t.Fatalf("round under the wrong department = %d", code)
		}
	})

	var alvaSlot int64
	t.Run("SecondFamilyForTheSameTimeIsToldItIsTaken", func(t *testing.T) {
		code, body := page("guardian_alva_mother", fmt.Sprintf("/children/%d/talks", alva))
		if code != http.StatusOK || strings.Count(body, `class="talk-book"`) != 3 || !strings.Contains(body, "Vårens samtal") {
			t.Fatalf("Alva's talks = %d\n%s", code, body)
		}
		first := fmt.Sprint(slots[0].ID)
		if resp := post("guardian_bilal", fmt.Sprintf("/children/%d/talks", bilal), url.Values{"slot": {first}}); resp.StatusCode != http.StatusSeeOther ||
			!talkLocation.MatchString(resp.Header.Get("Location")) {
			t.Fatalf("Bilal's booking = %d %q", resp.StatusCode, resp.Header.Get("Location"))
		}
		rec := rg.do("POST", fmt.Sprintf("/children/%d/talks", alva), url.Values{"slot": {first}}.Encode(), c["guardian_alva_mother"])
		body = rec.Body.String()
		if rec.Code != http.StatusConflict || !strings.Contains(body, "En annan familj bokade den här tiden") || strings.Count(body, `class="talk-book"`) != 2 {
			t.Fatalf("the second booking = %d\n%s", rec.Code, body)
		}
		if strings.Contains(body, "Bilal") {
			t.Fatal("the taken time names the other family's child")
		}
		resp := post("guardian_alva_mother", fmt.Sprintf("/children/%d/talks", alva), url.Values{"slot": {fmt.Sprint(slots[1].ID)}})
		m := talkLocation.FindStringSubmatch(resp.Header.Get("Location"))
		if m == nil {
			t.Fatalf("Alva's booking = %d %q", resp.StatusCode, resp.Header.Get("Location"))
		}
		fmt.Sscan(m[1], &alvaSlot)
	})

	t.Run("BothGuardiansSeeTheBookingAndGetTheCalendarFile", func(t *testing.T) {
		ds, err := rg.store.NoticeDeliveries(ctx, org, w.Users["guardian_alva_father"].ID, 20)
		if err != nil {
			t.Fatal(err)
		}
		told := false
		for _, d := range ds {
			told = told || (d.Notice.Key == "notice.talk_booked" && d.Notice.Link == fmt.Sprintf("/talks/%d", alvaSlot) && d.Notice.Args["Child"] == "Alva")
		}
		if !told {
			t.Fatalf("Alva's father was not told: %+v", ds)
		}
		code, body := page("guardian_alva_father", fmt.Sprintf("/talks/%d", alvaSlot))
		if code != http.StatusOK || !strings.Contains(body, "Alva") || !strings.Contains(body, "guardian_alva_mother") || !strings.Contains(body, "14:30–15:00") {
			t.Fatalf("the father's view = %d\n%s", code, body)
		}
		rec := rg.do("GET", fmt.Sprintf("/talks/%d/ics", alvaSlot), "", c["guardian_alva_father"])
		cal, err := goical.NewDecoder(strings.NewReader(rec.Body.String())).Decode()
		if err != nil {
			t.Fatalf("the .ics does not parse: %v\n%s", err, rec.Body.String())
		}
		events := cal.Events()
		if len(events) != 1 {
			t.Fatalf("events in the .ics: %d", len(events))
		}
		start, err := events[0].DateTimeStart(nil)
		summary, _ := events[0].Props.Text(goical.PropSummary)
		if err != nil || !start.Equal(slots[1].Start) || summary != "Utvecklingssamtal: Alva" {
			t.Fatalf("the .ics event starts %v (%v), summary %q", start, err, summary)
		}
		// Other families see neither the time nor whose it is.
		if code, _ := page("guardian_bilal", fmt.Sprintf("/talks/%d", alvaSlot)); code != http.StatusNotFound {
			t.Fatalf("Bilal's guardian opens Alva's talk: %d", code)
		}
	})

	t.Run("FamilyPreparesAndStaffReadTheAnswers", func(t *testing.T) {
		resp := post("guardian_alva_father", fmt.Sprintf("/talks/%d/prepare", alvaSlot), url.Values{"answer_0": {"Hon bygger kojor"}, "answer_1": {"Bra!"}})
		if resp.StatusCode != http.StatusSeeOther {
			t.Fatalf("prepare = %d", resp.StatusCode)
		}
		rec := rg.do("POST", fmt.Sprintf("/talks/%d/prepare", alvaSlot), url.Values{"answer_0": {strings.Repeat("a", pluttra.MaxTalkAnswer+1)}}.Encode(), c["guardian_alva_father"])
		if rec.Code != http.StatusBadRequest || !strings.Contains(rec.Body.String(), "högst 2 000 tecken") {
			t.Fatalf("too long an answer = %d", rec.Code)
		}
		educator := w.Users["educator_blabar"].ID
		code, body := page("educator_blabar", fmt.Sprintf("/talks/%d", alvaSlot))
		if code != http.StatusOK || !strings.Contains(body, "Hon bygger kojor") {
			t.Fatalf("the educator's view = %d\n%s", code, body)
		}
		entries, err := rg.store.AccessLog(ctx, org, pluttra.AccessQuery{ChildID: alva, UserID: educator})
		if err != nil {
			t.Fatal(err)
		}
		logged := false
		for _, e := range entries {
			logged = logged || e.Action == "talk.view"
		}
		if !logged {
			t.Fatalf("the educator's reading is not in Alva's access log: %+v", entries)
		}
		if rec := rg.do("GET", fmt.Sprintf("/talks/%d", alvaSlot), "", rg.sessionFor(t, "educator_lingon_myran")); rec.Code != http.StatusNotFound {
			t.Fatalf("another department's educator reads the talk: %d", rec.Code)
		}
	})

	t.Run("SummaryStaysWithStaffUntilSharedAfterTheTalk", func(t *testing.T) {
		path := fmt.Sprintf("/talks/%d/summary", alvaSlot)
		if resp := post("educator_blabar", path, url.Values{"summary": {"Utkast om kojor"}}); resp.StatusCode != http.StatusSeeOther {
			t.Fatalf("save = %d", resp.StatusCode)
		}
		if _, body := page("guardian_alva_mother", fmt.Sprintf("/talks/%d", alvaSlot)); strings.Contains(body, "Utkast om kojor") {
			t.Fatal("the family reads the staff's draft")
		}
		rec := rg.do("POST", path, url.Values{"summary": {"Delad text"}, "share": {"1"}}.Encode(), c["educator_blabar"])
		if rec.Code != http.StatusBadRequest || !strings.Contains(rec.Body.String(), "när samtalet har börjat") {
			t.Fatalf("sharing before the talk = %d", rec.Code)
		}
		if code, _ := page("guardian_alva_mother", fmt.Sprintf("/talks/%d/remove", alvaSlot)); code != http.StatusForbidden {
			t.Fatalf("a guardian may remove the time: %d", code)
		}
	})

	t.Run("CancellingTellsTheOtherGuardianAndFreesTheTime", func(t *testing.T) {
		resp := post("guardian_alva_mother", fmt.Sprintf("/talks/%d/cancel", alvaSlot), nil)
		if resp.StatusCode != http.StatusSeeOther || resp.Header.Get("Location") != fmt.Sprintf("/children/%d/talks?cancelled=1", alva) {
			t.Fatalf("cancel = %d %q", resp.StatusCode, resp.Header.Get("Location"))
		}
		ds, _ := rg.store.NoticeDeliveries(ctx, org, w.Users["guardian_alva_father"].ID, 20)
		if len(ds) == 0 || ds[0].Notice.Key != "notice.talk_cancelled" {
			t.Fatalf("the father's newest notice = %+v", ds)
		}
		if _, body := page("guardian_alva_mother", fmt.Sprintf("/children/%d/talks", alva)); strings.Count(body, `class="talk-book"`) != 2 {
			t.Fatalf("the freed time is not offered again:\n%s", body)
		}
	})
}

// with is a copy of the form with fields replaced, given as name, value pairs.
func with(form url.Values, pairs ...string) url.Values {
	out := url.Values{}
	for k, v := range form {
		out[k] = append([]string(nil), v...)
	}
	for i := 0; i+1 < len(pairs); i += 2 {
		out.Set(pairs[i], pairs[i+1])
	}
	return out
}
