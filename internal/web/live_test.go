package web

import (
	"bufio"
	"context"
	"fmt"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/pluttra/pluttra/internal/testrig"
)

// TestLiveFeed opens the event streams of two guardians, as their open
// feed pages do, and publishes a department post: the guardian of a child
// in the department hears of it at once and can fetch the card; the
// guardian of a child elsewhere hears nothing.
func TestLiveFeed(t *testing.T) {
	t.Parallel()
	rg := newRig(t, testrig.SQLite, "http://localhost", func(o *Options) { o.LiveMaxStream = time.Minute })
	srv := httptest.NewServer(rg.srv)
	defer srv.Close()
	ctx, hangUp := context.WithCancel(context.Background())
	defer hangUp() // before the server closes, which waits for the streams
	listen := func(who string) <-chan string {
		req, _ := http.NewRequestWithContext(ctx, "GET", srv.URL+"/events", nil)
		req.AddCookie(rg.sessionFor(t, who))
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		if resp.StatusCode != 200 || resp.Header.Get("Content-Type") != "text/event-stream" {
			t.Fatalf("%s stream = %d %s", who, resp.StatusCode, resp.Header.Get("Content-Type"))
		}
		lines := make(chan string, 16)
		go func() {
			defer resp.Body.Close()
			sc := bufio.NewScanner(resp.Body)
			for sc.Scan() {
				if strings.HasPrefix(sc.Text(), "data: ") {
					lines <- strings.TrimPrefix(sc.Text(), "data: ")
				}
			}
		}()
		return lines
	}
	mother, dino := listen("guardian_alva_mother"), listen("guardian_dino")
	time.Sleep(50 * time.Millisecond) // both streams subscribed

	code, loc, body := publish(rg, rg.sessionFor(t, "educator_blabar"), url.Values{"body": {"Vi sjöng om hösten."}, "audience": {"department"}, "publish": {"1"}})
	if code != http.StatusSeeOther {
		t.Fatalf("publish = %d\n%s", code, body)
	}
	id := strings.TrimPrefix(loc, "/posts/")
	select {
	case got := <-mother:
		if got != fmt.Sprintf(`{"id":%s}`, id) {
			t.Fatalf("event = %s, want post %s", got, id)
		}
	case <-time.After(5 * time.Second):
		t.Fatal("the guardian of a child in the department heard nothing")
	}
	card := rg.do("GET", loc+"/card", "", rg.sessionFor(t, "guardian_alva_mother"))
	if card.Code != 200 || !strings.Contains(card.Body.String(), "Vi sjöng om hösten.") || !strings.Contains(card.Body.String(), "unread") {
		t.Fatalf("card = %d\n%s", card.Code, card.Body)
	}
	select {
	case got := <-dino:
		t.Fatalf("a guardian of another department heard %s", got)
	case <-time.After(300 * time.Millisecond):
	}
	if rec := rg.do("GET", loc+"/card", "", rg.sessionFor(t, "guardian_dino")); rec.Code != http.StatusNotFound {
		t.Fatalf("another department's card = %d", rec.Code)
	}
}

// TestUnreadCount: the start page counts posts published since the
// guardian last opened their feed; opening it marks them seen.
func TestUnreadCount(t *testing.T) {
	t.Parallel()
	rg := newRig(t, testrig.SQLite, "http://localhost")
	mother := rg.sessionFor(t, "guardian_alva_mother")
	rg.do("GET", "/feed", "", mother)
	if strings.Contains(rg.do("GET", "/", "", mother).Body.String(), `id="unread-count"`) {
		t.Fatal("unread count right after reading the feed")
	}
	rg.clock.Add(time.Minute)
	for _, text := range []string{"Vi bakade bullar.", "Vi gick till skogen."} {
		if code, _, body := publish(rg, rg.sessionFor(t, "educator_blabar"), url.Values{"body": {text}, "audience": {"department"}, "publish": {"1"}}); code != http.StatusSeeOther {
			t.Fatalf("publish = %d\n%s", code, body)
		}
	}
	if start := rg.do("GET", "/", "", mother).Body.String(); !strings.Contains(start, `<span class="badge new" id="unread-count">2 nya</span>`) {
		t.Fatalf("start page:\n%s", start)
	}
	feed := rg.do("GET", "/feed", "", mother).Body.String()
	if strings.Count(feed, `<span class="badge new">Ny</span>`) != 2 {
		t.Fatalf("feed marks %d posts new, want 2", strings.Count(feed, `<span class="badge new">Ny</span>`))
	}
	rg.clock.Add(time.Minute)
	if strings.Contains(rg.do("GET", "/", "", mother).Body.String(), `id="unread-count"`) {
		t.Fatal("still unread after opening the feed")
	}
}

// TestLiveMessage: a message sent to one chosen guardian is heard on that
// guardian's open pages only; the other guardian of the same child and
// other families hear nothing.
func TestLiveMessage(t *testing.T) {
	t.Parallel()
	rg := newRig(t, testrig.SQLite, "http://localhost", func(o *Options) { o.LiveMaxStream = time.Minute })
	srv := httptest.NewServer(rg.srv)
	defer srv.Close()
	ctx, hangUp := context.WithCancel(context.Background())
	defer hangUp()
	listen := func(who string) <-chan string {
		req, _ := http.NewRequestWithContext(ctx, "GET", srv.URL+"/events", nil)
		req.AddCookie(rg.sessionFor(t, who))
		resp, err := http.DefaultClient.Do(req)
		if err != nil || resp.StatusCode != 200 {
			t.Fatalf("%s stream: %v", who, err)
		}
		events := make(chan string, 16)
		go func() {
			defer resp.Body.Close()
			sc := bufio.NewScanner(resp.Body)
			for sc.Scan() {
				if strings.HasPrefix(sc.Text(), "event: ") {
					events <- strings.TrimPrefix(sc.Text(), "event: ")
				}
			}
		}()
		return events
	}
	mother, father, dino := listen("guardian_alva_mother"), listen("guardian_alva_father"), listen("guardian_dino")
	time.Sleep(50 * time.Millisecond)
	form := url.Values{"scope": {"guardians"}, "title": {"Till mamma"}, "body": {"Hej"},
		"recipient": {fmt.Sprint(rg.world.Users["guardian_alva_mother"].ID)}}
	if rec := rg.do("POST", fmt.Sprintf("/departments/%d/messages", rg.world.Depts["Blabar"]), form.Encode(), rg.sessionFor(t, "educator_blabar")); rec.Code != http.StatusSeeOther {
		t.Fatalf("send = %d", rec.Code)
	}
	select {
	case got := <-mother:
		if got != "message" {
			t.Fatalf("the mother heard %q", got)
		}
	case <-time.After(5 * time.Second):
		t.Fatal("the recipient heard nothing")
	}
	for who, ch := range map[string]<-chan string{"father": father, "dino": dino} {
		select {
		case got := <-ch:
			t.Fatalf("the %s heard %s", who, got)
		case <-time.After(200 * time.Millisecond):
		}
	}
}
