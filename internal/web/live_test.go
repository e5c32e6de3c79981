package web

import (
	"bufio"
	"context"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/pluttra/pluttra/internal/testrig"
)

// liveServer serves the rig over HTTP/1.1, or over HTTP/2 with TLS, and
// returns its address and a client that speaks that protocol. The
// streams it opens are hung up before the server closes.
func liveServer(t *testing.T, rg *rig, proto string) (base string, open func(who string) (lines <-chan string, ended <-chan error)) {
	t.Helper()
	srv := httptest.NewUnstartedServer(rg.srv)
	if proto == "HTTP/2" {
		srv.EnableHTTP2 = true
		srv.StartTLS()
	} else {
		srv.Start()
	}
	ctx, hangUp := context.WithCancel(context.Background())
	t.Cleanup(srv.Close)
	t.Cleanup(hangUp) // runs first: the server waits for streams it serves
	client := srv.Client()
	return srv.URL, func(who string) (<-chan string, <-chan error) {
		req, _ := http.NewRequestWithContext(ctx, "GET", srv.URL+"/events", nil)
		req.AddCookie(rg.sessionFor(t, who))
		resp, err := client.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		if resp.StatusCode != 200 || resp.Header.Get("Content-Type") != "text/event-stream" || !strings.HasPrefix(resp.Proto, proto) {
			t.Fatalf("%s stream = %d %s %s", who, resp.StatusCode, resp.Header.Get("Content-Type"), resp.Proto)
		}
		lines, ended := make(chan string, 64), make(chan error, 1)
		go func() {
			defer resp.Body.Close()
			br := bufio.NewReader(resp.Body)
			for {
				line, err := br.ReadString('\n')
				if err != nil {
					ended <- err
					return
				}
				lines <- strings.TrimSuffix(line, "\n")
			}
		}()
		return lines, ended
	}
}

// next is the next line of a stream with the prefix, without it; "" when
// none comes within wait.
func next(lines <-chan string, prefix string, wait time.Duration) string {
	timeout := time.After(wait)
	for {
		select {
		case l := <-lines:
			if strings.HasPrefix(l, prefix) {
				return strings.TrimPrefix(l, prefix)
			}
		case <-timeout:
			return ""
		}
	}
}

// endsCleanly fails unless the stream ends within five seconds with its
// closing chunk, as a server ends it on purpose.
func endsCleanly(t *testing.T, ended <-chan error, what string) {
	t.Helper()
	select {
	case err := <-ended:
		if err != io.EOF {
			t.Fatalf("%s ended with %v", what, err)
		}
	case <-time.After(5 * time.Second):
		t.Fatalf("%s is still open", what)
	}
}

// TestLiveFeed opens the event streams of two guardians, as their open
// feed pages do, and publishes a department post: the guardian of a child
// in the department hears of it at once and can fetch the card; the
// guardian of a child elsewhere hears nothing. Over HTTP/1.1 the stream
// has the connection to itself; over HTTP/2 it shares it.
func TestLiveFeed(t *testing.T) {
	t.Parallel()
	for _, proto := range []string{"HTTP/1.1", "HTTP/2"} {
		t.Run("over "+proto+" only the department's guardian hears the post", func(t *testing.T) {
			t.Parallel()
			rg := newRig(t, testrig.SQLite, "http://localhost", func(o *Options) { o.LiveMaxStream = time.Minute })
			_, open := liveServer(t, rg, proto)
			mother, _ := open("guardian_alva_mother")
			dino, _ := open("guardian_dino")
			time.Sleep(50 * time.Millisecond) // both streams subscribed

			code, loc, body := publish(rg, rg.sessionFor(t, "educator_blabar"), url.Values{"body": {"Vi sjöng om hösten."}, "audience": {"department"}, "publish": {"1"}})
			if code != http.StatusSeeOther {
				t.Fatalf("publish = %d\n%s", code, body)
			}
			id := strings.TrimPrefix(loc, "/posts/")
			if got := next(mother, "data: ", 5*time.Second); got != fmt.Sprintf(`{"id":%s}`, id) {
				t.Fatalf("the guardian of a child in the department heard %q, want post %s", got, id)
			}
			card := rg.do("GET", loc+"/card", "", rg.sessionFor(t, "guardian_alva_mother"))
			if card.Code != 200 || !strings.Contains(card.Body.String(), "Vi sjöng om hösten.") || !strings.Contains(card.Body.String(), "unread") {
				t.Fatalf("card = %d\n%s", card.Code, card.Body)
			}
			if got := next(dino, "data: ", 300*time.Millisecond); got != "" {
				t.Fatalf("a guardian of another department heard %s", got)
			}
			if rec := rg.do("GET", loc+"/card", "", rg.sessionFor(t, "guardian_dino")); rec.Code != http.StatusNotFound {
				t.Fatalf("another department's card = %d", rec.Code)
			}
		})
	}
}

// TestLiveStreamEnds: a stream whose session ends, by logging out or by
// the account being deactivated, ends at the next event without telling
// it, while the other guardian's stream hears it; a quiet stream sends
// keep-alives and, after its time, ends cleanly so the browser reconnects.
func TestLiveStreamEnds(t *testing.T) {
	t.Parallel()
	post := func(rg *rig) {
		t.Helper()
		if code, _, body := publish(rg, rg.sessionFor(t, "educator_blabar"), url.Values{"body": {"Vi målade."}, "audience": {"department"}, "publish": {"1"}}); code != http.StatusSeeOther {
			t.Fatalf("publish = %d\n%s", code, body)
		}
	}
	ends := func(t *testing.T, end func(rg *rig)) {
		t.Helper()
		for _, proto := range []string{"HTTP/1.1", "HTTP/2"} {
			rg := newRig(t, testrig.SQLite, "http://localhost", func(o *Options) { o.LiveMaxStream = time.Minute })
			_, open := liveServer(t, rg, proto)
			mother, ended := open("guardian_alva_mother")
			father, _ := open("guardian_alva_father")
			time.Sleep(50 * time.Millisecond)
			end(rg)
			post(rg)
			if got := next(father, "event: ", 5*time.Second); got != "post" {
				t.Fatalf("%s: the other guardian heard %q", proto, got)
			}
			endsCleanly(t, ended, proto+": the stream of the ended session")
			for len(mother) > 0 {
				if l := <-mother; strings.HasPrefix(l, "event: ") {
					t.Fatalf("%s: the ended session heard %q", proto, l)
				}
			}
		}
	}
	t.Run("logging out ends the stream", func(t *testing.T) {
		t.Parallel()
		ends(t, func(rg *rig) {
			if rec := rg.do("POST", "/logout", "", rg.sessionFor(t, "guardian_alva_mother")); rec.Code != http.StatusSeeOther {
				t.Fatalf("logout = %d", rec.Code)
			}
		})
	})
	t.Run("deactivating the account ends the stream", func(t *testing.T) {
		t.Parallel()
		ends(t, func(rg *rig) {
			u := rg.world.Users["guardian_alva_mother"]
			if err := rg.store.DeactivateUser(context.Background(), u.OrgID, u.ID); err != nil {
				t.Fatal(err)
			}
		})
	})
	t.Run("a quiet stream beats and ends cleanly after its time", func(t *testing.T) {
		t.Parallel()
		for _, proto := range []string{"HTTP/1.1", "HTTP/2"} {
			rg := newRig(t, testrig.SQLite, "http://localhost", func(o *Options) {
				o.LiveMaxStream, o.LiveHeartbeat = 700*time.Millisecond, 100*time.Millisecond
			})
			_, open := liveServer(t, rg, proto)
			lines, ended := open("guardian_dino")
			if got := next(lines, ": ", 2*time.Second); got != "beat" {
				t.Fatalf("%s: keep-alive = %q", proto, got)
			}
			endsCleanly(t, ended, proto+": the stream past its time")
		}
	})
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
	_, open := liveServer(t, rg, "HTTP/1.1")
	mother, _ := open("guardian_alva_mother")
	father, _ := open("guardian_alva_father")
	dino, _ := open("guardian_dino")
	time.Sleep(50 * time.Millisecond)
	form := url.Values{"scope": {"guardians"}, "title": {"Till mamma"}, "body": {"Hej"},
		"recipient": {fmt.Sprint(rg.world.Users["guardian_alva_mother"].ID)}}
	if rec := rg.do("POST", fmt.Sprintf("/departments/%d/messages", rg.world.Depts["Blabar"]), form.Encode(), rg.sessionFor(t, "educator_blabar")); rec.Code != http.StatusSeeOther {
		t.Fatalf("send = %d", rec.Code)
	}
	if got := next(mother, "event: ", 5*time.Second); got != "message" {
		t.Fatalf("the recipient heard %q", got)
	}
	for who, ch := range map[string]<-chan string{"father": father, "dino": dino} {
		if got := next(ch, "event: ", 200*time.Millisecond); got != "" {
			t.Fatalf("the %s heard %s", who, got)
		}
	}
}
