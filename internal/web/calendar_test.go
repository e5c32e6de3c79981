package web

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
	"regexp"
	"slices"
	"strings"
	"testing"
	"time"

	goical "github.com/emersion/go-ical"

	"github.com/pluttra/pluttra/internal/access"
	"github.com/pluttra/pluttra/internal/live"
	"github.com/pluttra/pluttra/internal/pluttra"
)

var eventLocation = regexp.MustCompile(`^/calendar/events/(\d+)\?saved=created$`)

// nextSummerTimeChange is the next change to or from summer time (the last
// Sunday of March or October) at least a week after today.
func nextSummerTimeChange(today pluttra.Date) pluttra.Date {
	for d := today.AddDays(7); ; d = d.AddDays(1) {
		t := pluttra.WallTime(d, 12*60)
		if (t.Month() == time.March || t.Month() == time.October) && t.Weekday() == time.Sunday && t.AddDate(0, 0, 7).Month() != t.Month() {
			return d
		}
	}
}

// TestCalendar: an educator adds a weekly forest day to her department's
// calendar and the principal a planning day to the unit's; guardians see
// exactly their children's departments and units; bad input is refused
// field by field with nothing saved; editing the series raises its
// sequence, and a cancelled occurrence shows struck through.
func TestCalendar(t *testing.T) {
	t.Parallel()
	rg, c := newPostRig(t)
	w := rg.world
	ctx := context.Background()
	org := w.OrgA.ID
	blabar, ekbacken := w.Depts["Blabar"], w.Units["Ekbacken"]
	change := nextSummerTimeChange(w.Today)
	firstMonday := change.AddDays(-13)
	post := func(who, path string, form url.Values) *http.Response {
		return rg.do("POST", path, form.Encode(), c[who]).Result()
	}
	page := func(who, path string) (int, string) {
		rec := rg.do("GET", path, "", c[who])
		return rec.Code, rec.Body.String()
	}
	forestForm := url.Values{"kind": {"outing"}, "title": {"Skogsdag"}, "place": {"Skogen vid bäcken"}, "start_date": {firstMonday.String()},
		"start_time": {"09:00"}, "end_time": {"11:30"}, "repeat": {"weekly"}, "interval": {"1"}, "weekday": {"1"}, "count": {"4"}}
	var forest int64

	t.Run("EducatorAddsWeeklyForestDay", func(t *testing.T) {
		events, stop := rg.srv.deps.Live.Subscribe(org)
		defer stop()
		resp := post("educator_blabar", fmt.Sprintf("/departments/%d/calendar", blabar), forestForm)
		m := eventLocation.FindStringSubmatch(resp.Header.Get("Location"))
		if resp.StatusCode != http.StatusSeeOther || m == nil {
			t.Fatalf("create = %d %q", resp.StatusCode, resp.Header.Get("Location"))
		}
		fmt.Sscan(m[1], &forest)
		select {
		case e := <-events:
			if e != (live.Event{OrgID: org, Kind: "calendar", ID: forest}) {
				t.Fatalf("live event = %+v", e)
			}
		case <-time.After(2 * time.Second):
			t.Fatal("no live event for an open calendar")
		}
		code, body := page("guardian_alva_mother", "/calendar?from="+firstMonday.String())
		if code != http.StatusOK || strings.Count(body, "Skogsdag") != 4 || !strings.Contains(body, "09:00–11:30") || !strings.Contains(body, "Blabar") {
			t.Fatalf("Alva's mother's calendar = %d\n%s", code, body)
		}
		if _, body := page("guardian_dino", "/calendar?from="+firstMonday.String()); strings.Contains(body, "Skogsdag") {
			t.Fatal("another department's family sees the forest day")
		}
		told := func(who string) bool {
			ds, err := rg.store.NoticeDeliveries(ctx, org, w.Users[who].ID, 50)
			if err != nil {
				t.Fatal(err)
			}
			for _, d := range ds {
				if d.Notice.Key == "notice.calendar_created" && d.Notice.Args["Title"] == "Skogsdag" && d.Notice.Args["Where"] == "Blabar" {
					return true
				}
			}
			return false
		}
		if !told("guardian_alva_mother") || !told("guardian_bilal") || told("guardian_dino") {
			t.Fatal("the department's families are not told of the new event, or others are")
		}
		audit, err := rg.store.AuditLog(ctx, org, 0, 5)
		if err != nil || len(audit) == 0 || audit[0].Action != pluttra.ChangeEventCreate || audit[0].UserID != w.Users["educator_blabar"].ID {
			t.Fatalf("audit = %+v, %v", audit, err)
		}
	})
	t.Run("PrincipalAddsUnitPlanningDay", func(t *testing.T) {
		form := url.Values{"kind": {"planning_day"}, "title": {"Planeringsdag"}, "all_day": {"1"}, "start_date": {firstMonday.AddDays(4).String()}}
		if resp := post("educator_blabar", fmt.Sprintf("/units/%d/calendar", ekbacken), form); resp.StatusCode != http.StatusForbidden {
			t.Fatalf("an educator adding to the unit's calendar = %d", resp.StatusCode)
		}
		if resp := post("principal_ekbacken", fmt.Sprintf("/units/%d/calendar", ekbacken), form); resp.StatusCode != http.StatusSeeOther {
			t.Fatalf("the principal = %d", resp.StatusCode)
		}
		for who, sees := range map[string]bool{"guardian_bilal": true, "educator_blabar": true, "educator_lingon_myran": true, "guardian_dino": false} {
			if c[who] == nil {
				c[who] = rg.sessionFor(t, who)
			}
			_, body := page(who, "/calendar?from="+firstMonday.String())
			if strings.Contains(body, "Planeringsdag") != sees {
				t.Errorf("%s sees the planning day: %v", who, !sees)
			}
		}
	})
	t.Run("BadInputRefusedPerFieldNothingSaved", func(t *testing.T) {
		scope := pluttra.CalendarScope{DepartmentIDs: []int64{blabar}}
		before, _ := rg.store.CalendarEvents(ctx, org, scope, w.Today.AddDays(-1000), w.Today.AddDays(1000))
		with := func(k, v string) url.Values {
			f := url.Values{}
			for key, vs := range forestForm {
				f[key] = slices.Clone(vs)
			}
			f.Set(k, v)
			return f
		}
		for name, form := range map[string]url.Values{
			"Slutet kan inte vara före början":                        with("end_time", "08:00"),
			"Fältet måste fyllas i":                                   with("title", "  "),
			"Rubriken är för lång":                                    with("title", strings.Repeat("å", 101)),
			"Beskrivningen är för lång":                               with("description", strings.Repeat("a", 1001)),
			"Välj en typ av händelse":                                 with("kind", "party"),
			"En serie kan ha högst 200 tillfällen":                    with("count", "201"),
			"En serie måste sluta inom två år":                        with("count", "150"),
			"Ange ett slutdatum eller ett antal gånger för serien":    with("count", ""),
			"Skriv tiden som timmar:minuter":                          with("start_time", "9.00"),
			"Skriv datumet som år-månad-dag, till exempel 2026-11-24": with("start_date", "24/11"),
		} {
			if name == "En serie måste sluta inom två år" {
				form.Set("interval", "12") // every twelfth week, 150 times: far beyond two years
			}
			rec := rg.do("POST", fmt.Sprintf("/departments/%d/calendar", blabar), form.Encode(), c["educator_blabar"])
			if rec.Code != http.StatusBadRequest || !strings.Contains(rec.Body.String(), name) {
				t.Errorf("%q: %d", name, rec.Code)
			}
		}
		after, _ := rg.store.CalendarEvents(ctx, org, scope, w.Today.AddDays(-1000), w.Today.AddDays(1000))
		if len(after) != len(before) {
			t.Fatalf("refused events saved %d rows", len(after)-len(before))
		}
	})
	t.Run("EditSeriesRaisesSequence", func(t *testing.T) {
		form := url.Values{}
		for k, v := range forestForm {
			form[k] = v
		}
		form.Set("title", "Skogsdag med matsäck")
		if resp := post("educator_blabar", fmt.Sprintf("/calendar/events/%d/edit", forest), form); resp.StatusCode != http.StatusSeeOther {
			t.Fatalf("edit = %d", resp.StatusCode)
		}
		e, err := rg.store.CalendarEvent(ctx, org, forest)
		if err != nil || e.Sequence != 1 || e.Title != "Skogsdag med matsäck" {
			t.Fatalf("after the edit: %+v, %v", e, err)
		}
		if resp := post("guardian_alva_mother", fmt.Sprintf("/calendar/events/%d/edit", forest), form); resp.StatusCode != http.StatusForbidden {
			t.Fatalf("a guardian editing = %d", resp.StatusCode)
		}
		if code, _ := page("guardian_dino", fmt.Sprintf("/calendar/events/%d", forest)); code != http.StatusNotFound {
			t.Fatalf("another family reading the event = %d", code)
		}
	})
	t.Run("CancelOneOccurrenceStruckThrough", func(t *testing.T) {
		day := firstMonday.AddDays(14) // the first after the change
		code, body := page("educator_blabar", fmt.Sprintf("/calendar/events/%d/cancel?day=%s", forest, day))
		if code != http.StatusOK || !strings.Contains(body, "Ställ in tillfället") {
			t.Fatalf("confirm = %d\n%s", code, body)
		}
		if code, _ := page("educator_blabar", fmt.Sprintf("/calendar/events/%d/cancel?day=%s", forest, day.AddDays(1))); code != http.StatusBadRequest {
			t.Fatalf("a day without an occurrence = %d", code)
		}
		if resp := post("educator_blabar", fmt.Sprintf("/calendar/events/%d/cancel", forest), url.Values{"day": {day.String()}}); resp.StatusCode != http.StatusSeeOther {
			t.Fatalf("cancel = %d", resp.StatusCode)
		}
		_, body = page("guardian_alva_mother", "/calendar?from="+firstMonday.String())
		if strings.Count(body, "<del>") != 1 || strings.Count(body, "Skogsdag med matsäck") != 4 {
			t.Fatalf("the calendar does not strike one occurrence:\n%s", body)
		}
		if e, _ := rg.store.CalendarEvent(ctx, org, forest); e.Sequence != 2 {
			t.Fatalf("sequence after cancelling one = %d", e.Sequence)
		}
	})
}

// subscribe makes a feed address for the user and returns its secret.
func subscribe(t *testing.T, rg *rig, cookie *http.Cookie) string {
	t.Helper()
	rec := rg.do("POST", "/calendar/subscription", "", cookie)
	m := regexp.MustCompile(`value="https?://[^"]*/calendar/feed/([A-Za-z0-9_-]{43})\.ics"`).FindStringSubmatch(rec.Body.String())
	if rec.Code != http.StatusOK || m == nil || !strings.Contains(rec.Body.String(), `value="webcal://`) {
		t.Fatalf("subscribe = %d\n%s", rec.Code, rec.Body)
	}
	return m[1]
}

// fetchFeed reads a feed as a calendar app does and parses it with a
// library other than the one that wrote it.
func fetchFeed(t *testing.T, rg *rig, secret string) (*goical.Calendar, string) {
	t.Helper()
	rec := rg.do("GET", "/calendar/feed/"+secret+".ics", "")
	if rec.Code != http.StatusOK || rec.Header().Get("Content-Type") != "text/calendar; charset=utf-8" {
		t.Fatalf("feed = %d %q\n%s", rec.Code, rec.Header().Get("Content-Type"), rec.Body)
	}
	cal, err := goical.NewDecoder(strings.NewReader(rec.Body.String())).Decode()
	if err != nil {
		t.Fatalf("the feed does not parse: %v\n%s", err, rec.Body)
	}
	return cal, rec.Body.String()
}

func feedEvent(cal *goical.Calendar, summaryPrefix string) *goical.Event {
	for _, e := range cal.Events() {
		if s, _ := e.Props.Text(goical.PropSummary); strings.HasPrefix(s, summaryPrefix) {
			return &e
		}
	}
	return nil
}

// TestCalendarFeed: a guardian's subscription address serves their
// children's calendars as iCalendar that another parser reads: the
// weekly event at 09:00 Stockholm time on both sides of summer time, a
// cancelled occurrence excepted, a cancelled series with its status,
// never a child's name; a rotated or unknown address is not found, an
// ended guardianship or a deactivated account stops showing, and more
// than the hour's limit is refused with Retry-After.
func TestCalendarFeed(t *testing.T) {
	t.Parallel()
	rg, c := newPostRig(t)
	w := rg.world
	ctx := context.Background()
	org := w.OrgA.ID
	firstMonday := nextSummerTimeChange(w.Today).AddDays(-13)
	forest := &pluttra.CalendarEvent{DepartmentID: w.Depts["Blabar"], Kind: pluttra.CalendarOuting, Title: "Skogsdag", Place: "Skogen",
		Start: pluttra.WallTime(firstMonday, 9*60), End: pluttra.WallTime(firstMonday, 11*60), CreatedBy: w.Users["educator_blabar"].ID,
		Recurrence: pluttra.Recurrence{Frequency: pluttra.Weekly, Weekdays: []time.Weekday{time.Monday}, Count: 4}}
	if err := pluttra.CheckCalendarEvent(forest); err != nil {
		t.Fatal(err)
	}
	if err := rg.store.CreateCalendarEvent(ctx, org, forest); err != nil {
		t.Fatal(err)
	}
	cancelled := firstMonday.AddDays(7)
	if resp := rg.do("POST", fmt.Sprintf("/calendar/events/%d/cancel", forest.ID), url.Values{"day": {cancelled.String()}}.Encode(), c["educator_blabar"]); resp.Code != http.StatusSeeOther {
		t.Fatalf("cancel one = %d", resp.Code)
	}
	secret := subscribe(t, rg, c["guardian_alva_mother"])

	t.Run("WeeklyAtNineStockholmAcrossSummerTime", func(t *testing.T) {
		cal, raw := fetchFeed(t, rg, secret)
		e := feedEvent(cal, "Skogsdag – Blabar")
		if e == nil {
			t.Fatalf("no forest day in the feed:\n%s", raw)
		}
		set, err := e.RecurrenceSet(access.Stockholm)
		if err != nil || set == nil {
			t.Fatalf("recurrence: %v", err)
		}
		var got []string
		for _, o := range set.All() {
			got = append(got, o.In(access.Stockholm).Format("2006-01-02 15:04"))
		}
		want := []string{firstMonday.String() + " 09:00", firstMonday.AddDays(14).String() + " 09:00", firstMonday.AddDays(21).String() + " 09:00"}
		if !slices.Equal(got, want) {
			t.Fatalf("occurrences = %v, want %v (the cancelled one excepted)", got, want)
		}
		seq, _ := e.Props.Get(goical.PropSequence).Int()
		place, _ := e.Props.Text(goical.PropLocation)
		status, _ := e.Status()
		if seq != 1 || place != "Skogen" || status != goical.EventConfirmed || e.Props.Get(goical.PropUID) == nil || e.Props.Get(goical.PropDateTimeStamp) == nil {
			t.Fatalf("sequence %d, place %q, status %q", seq, place, status)
		}
	})
	t.Run("OnlyTheFamilysCalendarsAndNoChildren", func(t *testing.T) {
		cal, raw := fetchFeed(t, rg, secret)
		if feedEvent(cal, "Händelse blabar_outing") == nil || feedEvent(cal, "Händelse ekbacken_planning") == nil {
			t.Fatalf("the department's and unit's events are missing:\n%s", raw)
		}
		if feedEvent(cal, "Händelse myran_meeting") != nil || feedEvent(cal, "Händelse granen_closure") != nil || feedEvent(cal, "Händelse ugglan_outing") != nil {
			t.Fatal("the feed holds other departments' events")
		}
		for _, name := range []string{"Alva", "Bilal", "Cleo", "Dino", "Testsson"} {
			if strings.Contains(raw, name) {
				t.Fatalf("the feed names a child (%s)", name)
			}
		}
	})
	t.Run("CancelledSeriesStaysCancelled", func(t *testing.T) {
		if resp := rg.do("POST", fmt.Sprintf("/calendar/events/%d/cancel", forest.ID), "", c["educator_blabar"]); resp.Code != http.StatusSeeOther {
			t.Fatalf("cancel the series = %d", resp.Code)
		}
		cal, _ := fetchFeed(t, rg, secret)
		e := feedEvent(cal, "Skogsdag")
		status, _ := e.Status()
		seq, _ := e.Props.Get(goical.PropSequence).Int()
		if status != goical.EventCancelled || seq != 2 {
			t.Fatalf("status %q, sequence %d after cancelling", status, seq)
		}
	})
	t.Run("RotatedAndUnknownNotFound", func(t *testing.T) {
		fresh := subscribe(t, rg, c["guardian_alva_mother"])
		if rec := rg.do("GET", "/calendar/feed/"+secret+".ics", ""); rec.Code != http.StatusNotFound {
			t.Fatalf("the old address = %d", rec.Code)
		}
		if rec := rg.do("GET", "/calendar/feed/"+strings.Repeat("A", 43), ""); rec.Code != http.StatusNotFound {
			t.Fatalf("an unknown address = %d", rec.Code)
		}
		fetchFeed(t, rg, fresh)
		if rec := rg.do("POST", "/calendar/subscription/delete", "", c["guardian_alva_mother"]); rec.Code != http.StatusSeeOther {
			t.Fatalf("stop = %d", rec.Code)
		}
		if rec := rg.do("GET", "/calendar/feed/"+fresh, ""); rec.Code != http.StatusNotFound {
			t.Fatalf("a stopped address = %d", rec.Code)
		}
	})
	t.Run("EndedGuardianshipAndDeactivatedStopShowing", func(t *testing.T) {
		bilalsFeed := subscribe(t, rg, c["guardian_bilal"])
		if cal, _ := fetchFeed(t, rg, bilalsFeed); feedEvent(cal, "Händelse blabar_outing") == nil {
			t.Fatal("Bilal's guardian does not see the department's event")
		}
		gs, err := rg.store.Guardianships(ctx, org, w.Children["Bilal"])
		if err != nil || len(gs) == 0 {
			t.Fatal(err)
		}
		if err := rg.store.EndGuardianship(ctx, org, gs[0].ID, w.Today.AddDays(-1)); err != nil {
			t.Fatal(err)
		}
		if cal, _ := fetchFeed(t, rg, bilalsFeed); len(cal.Events()) != 0 {
			t.Fatalf("an ended guardianship still shows %d events", len(cal.Events()))
		}
		educatorsFeed := subscribe(t, rg, c["educator_blabar"])
		fetchFeed(t, rg, educatorsFeed)
		if err := rg.store.DeactivateUser(ctx, org, w.Users["educator_blabar"].ID); err != nil {
			t.Fatal(err)
		}
		if rec := rg.do("GET", "/calendar/feed/"+educatorsFeed, ""); rec.Code != http.StatusNotFound {
			t.Fatalf("a deactivated account's feed = %d", rec.Code)
		}
	})
	t.Run("LimitedPerAddress", func(t *testing.T) {
		limited := subscribe(t, rg, c["guardian_alva_father"])
		for i := range defaultFeedLimit {
			if rec := rg.do("GET", "/calendar/feed/"+limited, ""); rec.Code != http.StatusOK {
				t.Fatalf("request %d = %d", i+1, rec.Code)
			}
		}
		rec := rg.do("GET", "/calendar/feed/"+limited, "")
		if rec.Code != http.StatusTooManyRequests || rec.Header().Get("Retry-After") == "" {
			t.Fatalf("request over the limit = %d, Retry-After %q", rec.Code, rec.Header().Get("Retry-After"))
		}
	})
	t.Run("SingleEventDownload", func(t *testing.T) {
		rec := rg.do("GET", fmt.Sprintf("/calendar/events/%d/ics", w.Events["blabar_outing"]), "", c["guardian_alva_mother"])
		cal, err := goical.NewDecoder(strings.NewReader(rec.Body.String())).Decode()
		if rec.Code != http.StatusOK || err != nil || len(cal.Events()) != 1 {
			t.Fatalf("download = %d, %v", rec.Code, err)
		}
		start, _ := cal.Events()[0].DateTimeStart(nil)
		if start.In(access.Stockholm).Format("15:04") != "09:00" {
			t.Fatalf("starts at %s in Stockholm", start.In(access.Stockholm))
		}
	})
}
