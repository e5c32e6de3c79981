package ss12000_test

import (
	"errors"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/pluttra/pluttra/internal/pluttra"
	"github.com/pluttra/pluttra/internal/ss12000"
	"github.com/pluttra/pluttra/internal/ss12000/ss12000test"
)

// fetchKey pulls from url with opts and returns the key of the error.
func fetchKey(t *testing.T, url, token string, opts ss12000.Options) (string, error) {
	t.Helper()
	c, err := ss12000.NewClient(url, token, opts)
	if err == nil {
		_, _, err = c.Fetch(ctx, pluttra.Day(2026, 11, 23))
	}
	if err == nil {
		return "", nil
	}
	var se *ss12000.Error
	if !errors.As(err, &se) {
		t.Fatalf("err = %v, not an ss12000.Error", err)
	}
	return se.Key, err
}

// witness is a server that records whether anything reached it, and with
// which bearer token.
type witness struct {
	*httptest.Server
	hits  atomic.Int32
	token atomic.Value
}

func newWitness(t *testing.T, tls bool) *witness {
	w := &witness{}
	h := http.HandlerFunc(func(rw http.ResponseWriter, r *http.Request) {
		w.hits.Add(1)
		w.token.Store(r.Header.Get("Authorization"))
		rw.Header().Set("Content-Type", "application/json")
		rw.Write([]byte(`{"data":[]}`))
	})
	if tls {
		w.Server = httptest.NewTLSServer(h)
	} else {
		w.Server = httptest.NewServer(h)
	}
	t.Cleanup(w.Close)
	return w
}

// TestRedirectToAnotherHostRefused: a source that sends the client to
// another host gets no request from it there, and the token stays home;
// a redirect within its own host is followed.
func TestRedirectToAnotherHostRefused(t *testing.T) {
	t.Run("ErrAnotherHost", func(t *testing.T) {
		src := ss12000test.Start(t)
		elsewhere := newWitness(t, false)
		src.Answer("organisations", func(w http.ResponseWriter, r *http.Request) {
			http.Redirect(w, r, elsewhere.URL+"/v2/organisations", http.StatusTemporaryRedirect)
		})
		key, err := fetchKey(t, src.URL, src.Token, ss12000test.ClientOptions())
		if key != "ss12000.error.redirect" {
			t.Fatalf("err = %v, want ss12000.error.redirect", err)
		}
		if elsewhere.hits.Load() != 0 {
			t.Fatalf("the other host was asked (with %q)", elsewhere.token.Load())
		}
	})
	t.Run("OKSameHost", func(t *testing.T) {
		src := ss12000test.Start(t)
		src.Answer("organisations", func(w http.ResponseWriter, r *http.Request) {
			if r.URL.Query().Get("moved") == "" {
				http.Redirect(w, r, r.URL.Path+"?moved=1&"+r.URL.RawQuery, http.StatusFound)
				return
			}
			w.Header().Set("Content-Type", "application/json")
			w.Write([]byte(`{"data":[]}`))
		})
		if key, err := fetchKey(t, src.URL, src.Token, ss12000test.ClientOptions()); err != nil {
			t.Fatalf("a redirect within the source's host: %s %v", key, err)
		}
	})
}

// TestLocalAddressesRefusedAtDial: without the test setting, an https
// address that leads to this machine or its network is refused when the
// connection is dialled, names included (checked on the address they
// resolve to), and nothing reaches a server listening there.
func TestLocalAddressesRefusedAtDial(t *testing.T) {
	local := newWitness(t, true)
	port := local.URL[strings.LastIndex(local.URL, ":")+1:]
	for name, url := range map[string]string{
		"Loopback":          local.URL + "/v2",
		"NameOfLoopback":    "https://localhost:" + port + "/v2",
		"Private":           "https://10.1.2.3/v2",
		"LinkLocalMetadata": "https://169.254.169.254/v2",
		"LoopbackV6":        "https://[::1]:" + port + "/v2",
		"MappedLoopback":    "https://[::ffff:127.0.0.1]:" + port + "/v2",
	} {
		t.Run(name, func(t *testing.T) {
			if key, err := fetchKey(t, url, "secret-token", ss12000.Options{}); key != "ss12000.error.address" {
				t.Fatalf("err = %v, want ss12000.error.address", err)
			}
		})
	}
	if n := local.hits.Load(); n != 0 {
		t.Fatalf("%d requests reached the server on loopback", n)
	}
}

// TestOverLargeBodyRefused: a page beyond the bound fails with its own
// key instead of being read into memory; one within it is read.
func TestOverLargeBodyRefused(t *testing.T) {
	src := ss12000test.Start(t)
	opts := ss12000test.ClientOptions()
	opts.MaxPageBytes = 4 << 10
	page := func(size int) http.HandlerFunc {
		return func(w http.ResponseWriter, r *http.Request) {
			w.Header().Set("Content-Type", "application/json")
			w.Write([]byte(`{"data":[]` + strings.Repeat(" ", size) + `}`))
		}
	}
	src.Answer("organisations", page(64<<10))
	if key, err := fetchKey(t, src.URL, src.Token, opts); key != "ss12000.error.too_large" {
		t.Fatalf("err = %v, want ss12000.error.too_large", err)
	}
	src.Answer("organisations", page(1<<10))
	if key, err := fetchKey(t, src.URL, src.Token, opts); err != nil {
		t.Fatalf("a page within the bound: %s %v", key, err)
	}
}

// TestSlowSourceTimesOut: a source that never answers, or stops halfway
// through a page, fails the request after its timeout with its own key.
func TestSlowSourceTimesOut(t *testing.T) {
	for name, halfway := range map[string]bool{"NoAnswer": false, "StallsInTheBody": true} {
		t.Run(name, func(t *testing.T) {
			src := ss12000test.Start(t)
			release := make(chan struct{})
			t.Cleanup(func() { close(release) }) // runs before the server closes
			src.Answer("organisations", func(w http.ResponseWriter, r *http.Request) {
				if halfway {
					w.Header().Set("Content-Type", "application/json")
					w.Write([]byte(`{"data":[`))
					w.(http.Flusher).Flush()
				}
				select {
				case <-r.Context().Done():
				case <-release:
				}
			})
			opts := ss12000test.ClientOptions()
			opts.Timeout = 200 * time.Millisecond
			if key, err := fetchKey(t, src.URL, src.Token, opts); key != "ss12000.error.timeout" {
				t.Fatalf("err = %v, want ss12000.error.timeout", err)
			}
		})
	}
}

// TestSourceBodyNeverInTheError: what a source says when it fails (which
// may name people and records) is not in the error, which says what went
// wrong by its key, the endpoint and the status only.
func TestSourceBodyNeverInTheError(t *testing.T) {
	src := ss12000test.Start(t)
	src.Answer("organisations", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		w.WriteHeader(http.StatusInternalServerError)
		w.Write([]byte(`{"code":"UPSTREAM-CODE","message":"person 0b000000-0000-4000-8000-000000000013 Alva Lind"}`))
	})
	key, err := fetchKey(t, src.URL, src.Token, ss12000test.ClientOptions())
	if key != "ss12000.error.status" {
		t.Fatalf("err = %v, want ss12000.error.status", err)
	}
	var se *ss12000.Error
	errors.As(err, &se)
	for _, leak := range []string{"UPSTREAM-CODE", "Alva", "0b000000"} {
		if strings.Contains(err.Error(), leak) || strings.Contains(se.Detail, leak) {
			t.Fatalf("the error carries the source's words: %v", err)
		}
	}
	if se.Detail != "GET /organisations: 500" {
		t.Fatalf("detail = %q", se.Detail)
	}
}

// TestRecordIDsShownOnlyAsIdentifiers: a bad record is named by its id
// when that is an identifier; anything else a source puts in the id field
// is not repeated.
func TestRecordIDsShownOnlyAsIdentifiers(t *testing.T) {
	src := ss12000test.Start(t)
	src.Answer("organisations", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		w.Write([]byte(`{"data":[{"id":"0a000000-0000-4000-8000-000000000099","organisationType":7},` +
			`{"id":"Alva Lind, 20200101-1234","organisationType":7}]}`))
	})
	c, err := ss12000.NewClient(src.URL, src.Token, ss12000test.ClientOptions())
	if err != nil {
		t.Fatal(err)
	}
	_, bad, err := c.Fetch(ctx, pluttra.Day(2026, 11, 23))
	if err != nil {
		t.Fatal(err)
	}
	var ids []string
	for _, b := range bad {
		if b.Endpoint == "organisations" {
			ids = append(ids, b.ID)
		}
	}
	if len(ids) != 2 || ids[0] != "0a000000-0000-4000-8000-000000000099" || ids[1] != "?" {
		t.Fatalf("bad organisations named %q", ids)
	}
}
