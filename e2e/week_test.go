package e2e

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/cookiejar"
	"net/url"
	"regexp"
	"strings"
	"testing"
	"time"

	goical "github.com/emersion/go-ical"

	"github.com/pluttra/pluttra/internal/demo"
	"github.com/pluttra/pluttra/internal/password"
	"github.com/pluttra/pluttra/internal/pluttra"
	"github.com/pluttra/pluttra/internal/testrig"
)

// TestWeekOfCommunication is a week of one department's communication
// with a family whose parents live apart, through the running app, its
// notice worker and a real SMTP server: an important message both read
// by mail and one confirms, a sick day the staff see on their list, a
// parents' evening added and then moved, which both parents hear of and
// which the mother's subscribed calendar follows, a round of development
// talks (booked by one parent, told to the other, prepared, reminded the
// day before), and a conversation the staff answer.
func TestWeekOfCommunication(t *testing.T) {
	smtpURL := testrig.Service(t, "PLUTTRA_TEST_SMTP_URL", "SMTP server (mailpit)")
	api := testrig.Service(t, "PLUTTRA_TEST_MAILPIT_URL", "mailpit API")
	base, a := startDemoApp(t, "--smtp-url", smtpURL)
	ctx := context.Background()
	f := findFamilies(t, a)
	org, err := a.Store.OrganisationBySlug(ctx, demo.Slug)
	must(t, err)
	child, dept := f.sharedA, f.dept.ID

	// A family of the department's child with fresh addresses, so the
	// mails of this run are told apart in the shared SMTP server; nobody
	// keeps quiet hours this week.
	nonce := strings.ReplaceAll(time.Now().Format("150405.000000"), ".", "")
	parent := func(name string) (string, int64) {
		email := name + "." + nonce + "@familj.example"
		g, err := a.Store.LinkGuardian(ctx, org.ID, child.ID, &pluttra.User{Name: name, Email: email}, testrig.Today())
		must(t, err)
		must(t, a.Store.SetPasswordHash(ctx, org.ID, g.GuardianID, password.Hash(demo.Password, password.Fast)))
		must(t, a.Store.SaveNoticePrefs(ctx, org.ID, g.GuardianID, pluttra.NoticePrefs{NoticeSettings: pluttra.NoticeSettings{DigestAt: 16 * 60}}))
		return email, g.GuardianID
	}
	motherEmail, mother := parent("mamma")
	fatherEmail, father := parent("pappa")
	educator := session(t, base, "pedagog@solasen.example")
	mum := session(t, base, motherEmail)
	dad := session(t, base, fatherEmail)

	// Monday: an important message that asks for confirmation.
	title := "Vattenkalas " + nonce
	loc := educator.post(t, fmt.Sprintf("/departments/%d/messages", dept), url.Values{"scope": {"guardians"},
		"recipient": {itoa(mother), itoa(father)}, "title": {title}, "body": {"Ta med badkläder."}, "requires_ack": {"1"}})
	messageID := strings.TrimSuffix(strings.TrimPrefix(loc, "/messages/"), "/receipts")
	mailAbout(t, api, motherEmail, "Viktigt: "+title)
	mailAbout(t, api, fatherEmail, "Viktigt: "+title)
	mum.get(t, "/messages/"+messageID)
	mum.post(t, "/messages/"+messageID+"/ack", nil)
	if receipts := educator.get(t, "/messages/"+messageID+"/receipts"); !strings.Contains(receipts, "bekräftat av 1 av 2") {
		t.Fatalf("receipts after Monday:\n%s", receipts)
	}

	// Tuesday: the father reports the child sick.
	dad.post(t, fmt.Sprintf("/children/%d/absence", child.ID), url.Values{"kind": {"sick"}, "from": {testrig.Today().String()}, "note": {"Feber"}})
	if list := educator.get(t, fmt.Sprintf("/departments/%d/absences", dept)); !strings.Contains(list, child.FirstName) || !strings.Contains(list, "Feber") {
		t.Fatalf("today's absences do not show %s", child.FirstName)
	}

	// Wednesday: the mother subscribes to her calendar; the educator adds
	// a parents' evening and then moves it an hour later.
	subscription := mum.post(t, "/calendar/subscription", nil)
	feedURL := regexp.MustCompile(`id="https-url"[^>]*value="([^"]+)"`).FindStringSubmatch(subscription)
	if feedURL == nil {
		t.Fatalf("no subscription address:\n%s", subscription)
	}
	evening := "Föräldrakväll " + nonce
	day := testrig.Today().AddDays(5)
	eventForm := url.Values{"kind": {"parents_meeting"}, "title": {evening}, "place": {"Matsalen"}, "start_date": {day.String()},
		"start_time": {"18:00"}, "end_time": {"19:00"}}
	eventPath := strings.TrimSuffix(educator.post(t, fmt.Sprintf("/departments/%d/calendar", dept), eventForm), "?saved=created")
	mailAbout(t, api, fatherEmail, "Nytt i kalendern: "+evening)
	if start, seq := feedEvent(t, feedURL[1], evening); !start.Equal(pluttra.WallTime(day, 18*60)) || seq != 0 {
		t.Fatalf("the feed has the evening at %v (sequence %d)", start, seq)
	}
	eventForm.Set("start_time", "19:00")
	eventForm.Set("end_time", "20:00")
	educator.post(t, eventPath+"/edit", eventForm)
	mailAbout(t, api, motherEmail, "Ändrat i kalendern: "+evening)
	if start, seq := feedEvent(t, feedURL[1], evening); !start.Equal(pluttra.WallTime(day, 19*60)) || seq != 1 {
		t.Fatalf("after the move the feed has the evening at %v (sequence %d)", start, seq)
	}

	// Thursday: a round of development talks; the mother books, the
	// father is told, she prepares, and both are reminded the day before.
	roundPath := educator.post(t, fmt.Sprintf("/departments/%d/talks", dept), url.Values{"title": {"Samtal " + nonce},
		"questions": {"Vad leker ert barn helst?"}})
	talkDay := testrig.Today().AddDays(4)
	educator.post(t, roundPath+"/slots", url.Values{"day": {talkDay.String()}, "start": {"15:00"}, "minutes": {"30"}, "count": {"2"},
		"pause": {"10"}, "mode": {"in_person"}, "place": {"Ateljén"}})
	page := mum.get(t, fmt.Sprintf("/children/%d/talks", child.ID))
	slot := regexp.MustCompile(`data-slot="(\d+)">[^<]*15:00–15:30`).FindStringSubmatch(page)
	if slot == nil {
		t.Fatalf("the 15:00 time is not offered:\n%s", page)
	}
	talkPath := strings.TrimSuffix(mum.post(t, fmt.Sprintf("/children/%d/talks", child.ID), url.Values{"slot": {slot[1]}}), "?booked=1")
	when := pluttra.TalkWhen(pluttra.WallTime(talkDay, 15*60))
	mailAbout(t, api, fatherEmail, "Utvecklingssamtal bokat för "+child.FirstName+": "+when)
	// The booked talk is in the mother's subscribed calendar, without
	// her child's name.
	if start, _ := feedEvent(t, feedURL[1], "Utvecklingssamtal – "+f.dept.Name); !start.Equal(pluttra.WallTime(talkDay, 15*60)) {
		t.Fatalf("the feed has the talk at %v", start)
	}
	if feed := fetch(t, feedURL[1]); strings.Contains(feed, child.FirstName) {
		t.Fatal("the subscribed calendar names the child")
	}
	mum.post(t, talkPath+"/prepare", url.Values{"answer_0": {"Kojor " + nonce}})
	if view := educator.get(t, talkPath); !strings.Contains(view, "Kojor "+nonce) {
		t.Fatal("the staff do not see the family's answer")
	}
	// The notice worker's pass on the day before the talk.
	if _, err := a.Store.QueueTalkReminders(ctx, pluttra.WallTime(talkDay.AddDays(-1), 9*60)); err != nil {
		t.Fatal(err)
	}
	a.Notices.Wake()
	mailAbout(t, api, motherEmail, "Påminnelse: utvecklingssamtal om "+child.FirstName+", "+when)
	mailAbout(t, api, fatherEmail, "Påminnelse: utvecklingssamtal om "+child.FirstName+", "+when)

	// Friday: the father writes to the staff, who answer.
	convPath := dad.post(t, fmt.Sprintf("/children/%d/conversations", child.ID), url.Values{"subject": {"Hämtning " + nonce},
		"body": {"Farmor hämtar på fredag."}})
	educator.post(t, convPath, url.Values{"body": {"Tack, vi vet!"}})
	mailAbout(t, api, fatherEmail, "Nytt meddelande om "+child.FirstName+": Hämtning "+nonce)
	if thread := dad.get(t, convPath); !strings.Contains(thread, "Tack, vi vet!") {
		t.Fatal("the staff's answer is not in the father's conversation")
	}
}

// client is one user's logged-in browser session, without a browser.
type client struct {
	base string
	http *http.Client
}

func session(t *testing.T, base, email string) *client {
	t.Helper()
	jar, _ := cookiejar.New(nil)
	c := &client{base: base, http: &http.Client{Jar: jar, CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}}
	resp, err := c.http.PostForm(base+"/login", url.Values{"email": {email}, "password": {demo.Password}})
	must(t, err)
	resp.Body.Close()
	if resp.StatusCode != http.StatusSeeOther {
		t.Fatalf("%s cannot log in: %d", email, resp.StatusCode)
	}
	return c
}

// get reads a page that must be there.
func (c *client) get(t *testing.T, path string) string {
	t.Helper()
	resp, err := c.http.Get(c.base + path)
	must(t, err)
	defer resp.Body.Close()
	body, _ := io.ReadAll(resp.Body)
	if resp.StatusCode != http.StatusOK {
		t.Fatalf("GET %s = %d\n%s", path, resp.StatusCode, body)
	}
	return string(body)
}

// post sends a form that must succeed, and returns where it leads (or
// the page it answers with).
func (c *client) post(t *testing.T, path string, form url.Values) string {
	t.Helper()
	resp, err := c.http.PostForm(c.base+path, form)
	must(t, err)
	defer resp.Body.Close()
	body, _ := io.ReadAll(resp.Body)
	switch resp.StatusCode {
	case http.StatusSeeOther:
		return resp.Header.Get("Location")
	case http.StatusOK:
		return string(body)
	}
	t.Fatalf("POST %s = %d\n%s", path, resp.StatusCode, body)
	return ""
}

// mailAbout waits until a mail to the address whose subject holds the
// text has arrived.
func mailAbout(t *testing.T, api, to, subject string) {
	t.Helper()
	deadline := time.Now().Add(patience)
	var seen []string
	for time.Now().Before(deadline) {
		resp, err := http.Get(api + "/api/v1/search?query=" + url.QueryEscape("to:"+to))
		must(t, err)
		var found struct{ Messages []struct{ Subject string } }
		json.NewDecoder(resp.Body).Decode(&found)
		resp.Body.Close()
		seen = seen[:0]
		for _, m := range found.Messages {
			if strings.Contains(m.Subject, subject) {
				return
			}
			seen = append(seen, m.Subject)
		}
		time.Sleep(200 * time.Millisecond)
	}
	t.Fatalf("no mail to %s about %q; it has %q", to, subject, seen)
}

func fetch(t *testing.T, address string) string {
	t.Helper()
	resp, err := http.Get(address)
	must(t, err)
	defer resp.Body.Close()
	body, _ := io.ReadAll(resp.Body)
	return string(body)
}

// feedEvent reads the subscribed calendar with an independent parser and
// returns the start and sequence of the event with the title.
func feedEvent(t *testing.T, feedURL, title string) (time.Time, int) {
	t.Helper()
	cal, err := goical.NewDecoder(strings.NewReader(fetch(t, feedURL))).Decode()
	must(t, err)
	for _, e := range cal.Events() {
		if s, _ := e.Props.Text(goical.PropSummary); strings.HasPrefix(s, title) {
			start, err := e.DateTimeStart(nil)
			must(t, err)
			seq := 0
			if p := e.Props.Get(goical.PropSequence); p != nil {
				seq, _ = p.Int()
			}
			return start, seq
		}
	}
	t.Fatalf("the feed has no %q", title)
	return time.Time{}, 0
}
