package web

import (
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/pluttra/pluttra/internal/pluttra"
)

func TestMediaURLExpires(t *testing.T) {
	t.Parallel()
	m := &mediaSigner{key: []byte("0123456789abcdef0123456789abcdef")}
	viewer, other := &pluttra.User{ID: 7}, &pluttra.User{ID: 8}
	now := time.Date(2026, 11, 23, 10, 5, 0, 0, time.UTC)
	u, err := url.Parse(m.url(viewer, 42, "feed", now))
	if err != nil || !strings.HasPrefix(u.Path, "/media/42/feed") {
		t.Fatalf("url = %v, %v", u, err)
	}
	q := u.Query()
	check := func(who *pluttra.User, name string, at time.Time) bool {
		_, ok := m.valid(who, 42, name, q.Get("exp"), q.Get("sig"), at)
		return ok
	}
	if !check(viewer, "feed", now) || !check(viewer, "feed", now.Add(mediaURLLife)) {
		t.Fatal("a fresh URL is refused")
	}
	if check(viewer, "feed", now.Add(mediaURLLife+mediaURLRounds+time.Second)) {
		t.Fatal("an expired URL is accepted")
	}
	if check(other, "feed", now) || check(viewer, "thumb", now) {
		t.Fatal("a URL works for another viewer or file")
	}
	// Within the same quarter hour the URL is the same, so the browser's
	// cache serves a reloaded page.
	if again := m.url(viewer, 42, "feed", now.Add(5*time.Minute)); again != u.String() {
		t.Fatalf("URL changed within the quarter hour: %s then %s", u, again)
	}
}
