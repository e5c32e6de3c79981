package web

import (
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/pluttra/pluttra/internal/access"
)

// withDeps is the rig's server built again with changed dependencies.
func (r *rig) withDeps(t *testing.T, change func(*Deps)) *rig {
	t.Helper()
	deps := r.srv.deps
	change(&deps)
	srv, err := New(r.srv.opts, deps)
	if err != nil {
		t.Fatal(err)
	}
	other := *r
	other.srv, other.blob = srv, deps.Blob
	return &other
}

// otherNode is a second server on the rig's database, with its own
// caches, as a second app node would be.
func (r *rig) otherNode(t *testing.T) *rig {
	t.Helper()
	return r.withDeps(t, func(d *Deps) { d.Policy = access.New(r.store, nil) })
}

// TestKeptPagesFollowChangesOnAnyNode: a feed is served again from memory
// while nothing changes, and a change made through another node shows on
// the next request: a new post, a consent withdrawn, an account ended, a
// session logged out.
func TestKeptPagesFollowChangesOnAnyNode(t *testing.T) {
	t.Parallel()
	one, c := newPostRig(t)
	two := one.otherNode(t)
	w := one.world
	feed := func(node *rig, who string) *http.Response {
		return node.do("GET", "/feed", "", c[who]).Result()
	}
	first := readAll(t, feed(one, "guardian_bilal"))
	again := feed(one, "guardian_bilal")
	if again.StatusCode != http.StatusOK || readAll(t, again) != first ||
		again.Header.Get("Cache-Control") != "no-store" || again.Header.Get("Content-Language") != "sv" {
		t.Fatalf("the feed served again differs: %d %v", again.StatusCode, again.Header)
	}

	t.Run("NewPostFromTheOtherNode", func(t *testing.T) {
		code, _, _ := publish(two, c["educator_blabar"], url.Values{"body": {"Vi sådde solrosor."}, "audience": {"department"},
			"child": {fmt.Sprint(w.Children["Alva"])}, "publish": {"1"}})
		if code != http.StatusSeeOther {
			t.Fatalf("publish = %d", code)
		}
		if !strings.Contains(readAll(t, feed(one, "guardian_bilal")), "solrosor") {
			t.Fatal("a post published on the other node is missing from the kept feed")
		}
	})
	t.Run("ConsentWithdrawnOnTheOtherNode", func(t *testing.T) {
		for _, who := range []string{"guardian_alva_mother", "guardian_alva_father"} {
			rec := two.do("POST", fmt.Sprintf("/children/%d/consent", w.Children["Alva"]), url.Values{"level": {"own"}}.Encode(), c[who])
			if rec.Code != http.StatusSeeOther {
				t.Fatalf("%s's answer = %d\n%s", who, rec.Code, rec.Body)
			}
		}
		if strings.Contains(readAll(t, feed(one, "guardian_bilal")), "solrosor") {
			t.Fatal("the kept feed still shows another family's child after consent was withdrawn")
		}
	})
	t.Run("LogoutOnTheOtherNode", func(t *testing.T) {
		if feed(one, "guardian_dino").StatusCode != http.StatusOK {
			t.Fatal("no feed before logout")
		}
		two.do("POST", "/logout", "", c["guardian_dino"])
		if got := feed(one, "guardian_dino"); got.StatusCode != http.StatusSeeOther {
			t.Fatalf("after logout on the other node the feed = %d", got.StatusCode)
		}
	})
	t.Run("AccountEndedOnTheOtherNode", func(t *testing.T) {
		feed(one, "guardian_bilal")
		rec := two.do("POST", fmt.Sprintf("/admin/users/%d/deactivate", w.Users["guardian_bilal"].ID), "", c["admin"])
		if rec.Code != http.StatusSeeOther {
			t.Fatalf("deactivate = %d\n%s", rec.Code, rec.Body)
		}
		if got := feed(one, "guardian_bilal"); got.StatusCode != http.StatusSeeOther {
			t.Fatalf("after the account ended on the other node the feed = %d", got.StatusCode)
		}
	})
}

func readAll(t *testing.T, resp *http.Response) string {
	t.Helper()
	b, err := io.ReadAll(resp.Body)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}
