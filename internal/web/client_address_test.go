package web

import (
	"context"
	"net"
	"net/http"
	"net/http/httptest"
	"net/netip"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/pluttra/pluttra/internal/login"
	"github.com/pluttra/pluttra/internal/testrig"
)

func TestClientAddress(t *testing.T) {
	proxies := []netip.Prefix{netip.MustParsePrefix("10.0.0.0/8"), netip.MustParsePrefix("2001:db8:1::/48")}
	for _, tc := range []struct {
		name    string
		trusted []netip.Prefix
		peer    string
		headers map[string][]string
		want    string
	}{
		{"DirectClient", nil, "192.0.2.10:5000", nil, "192.0.2.10"},
		{"ErrForgedHeaderWithoutTrustedProxies", nil, "192.0.2.10:5000", map[string][]string{"X-Forwarded-For": {"198.51.100.1"}}, "192.0.2.10"},
		{"ErrForgedHeaderFromUntrustedPeer", proxies, "192.0.2.10:5000", map[string][]string{"X-Forwarded-For": {"198.51.100.1"}, "Forwarded": {"for=198.51.100.2"}}, "192.0.2.10"},
		{"TrustedProxy", proxies, "10.0.0.2:5000", map[string][]string{"X-Forwarded-For": {"198.51.100.1"}}, "198.51.100.1"},
		{"ErrForgedHopLeftOfTheProxysOwn", proxies, "10.0.0.2:5000", map[string][]string{"X-Forwarded-For": {"203.0.113.9, 198.51.100.1"}}, "198.51.100.1"},
		{"ChainOfTrustedProxies", proxies, "10.0.0.2:5000", map[string][]string{"X-Forwarded-For": {"203.0.113.9, 198.51.100.1, 10.0.0.7", "10.1.1.1"}}, "198.51.100.1"},
		{"Forwarded", proxies, "10.0.0.2:5000", map[string][]string{"Forwarded": {`for=203.0.113.9, for="[2001:db8:cafe::17]:4711";proto=https, for=10.0.0.7`}}, "2001:db8:cafe::17"},
		{"ErrForgedForwardedWhenTheProxyWritesXFF", proxies, "10.0.0.2:5000", map[string][]string{"X-Forwarded-For": {"198.51.100.1"}, "Forwarded": {"for=203.0.113.9"}}, "198.51.100.1"},
		{"TrustedIPv6Proxy", proxies, "[2001:db8:1::5]:443", map[string][]string{"X-Forwarded-For": {"198.51.100.1"}}, "198.51.100.1"},
		{"ProxyWithoutHeaderIsTheClient", proxies, "10.0.0.2:5000", nil, "10.0.0.2"},
		{"ErrGarbageHopFallsBackToTheProxy", proxies, "10.0.0.2:5000", map[string][]string{"X-Forwarded-For": {"198.51.100.1, not-an-address"}}, "10.0.0.2"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			c, err := newClientAddresses(tc.trusted)
			if err != nil {
				t.Fatal(err)
			}
			r := httptest.NewRequest("GET", "/", nil)
			r.RemoteAddr = tc.peer
			for k, vs := range tc.headers {
				for _, v := range vs {
					r.Header.Add(k, v)
				}
			}
			if got := c.of(r); got != tc.want {
				t.Fatalf("client %q, want %q", got, tc.want)
			}
		})
	}
}

// A client that writes X-Forwarded-For itself, to a server that trusts no
// proxy, is throttled under its own address and cannot name another.
func TestThrottleIgnoresForgedForwardedFor(t *testing.T) {
	t.Parallel()
	rg := newRig(t, testrig.SQLite, "http://localhost")
	email := rg.world.Users["guardian_alva_mother"].Email
	post := func(from, forged, body string) int {
		req := httptest.NewRequest("POST", "/login", strings.NewReader(body))
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
		req.RemoteAddr = from + ":40000"
		if forged != "" {
			req.Header.Set("X-Forwarded-For", forged)
		}
		return serve(rg, req).Code
	}
	for i := range login.DefaultLimits.AddressLimit {
		// A new invented address each time, so only the address limit counts.
		if code := post("192.0.2.10", "198.51.100."+strconv.Itoa(i), loginForm("guess"+strconv.Itoa(i)+"@nowhere.example", "wrong password")); code != http.StatusUnauthorized {
			t.Fatalf("guess %d: status %d", i, code)
		}
	}
	if code := post("192.0.2.10", "198.51.100.77", loginForm(email, testrig.Password)); code != http.StatusTooManyRequests {
		t.Fatalf("the guesser's address with a forged header: status %d, want 429", code)
	}
	if code := post("198.51.100.1", "", loginForm(email, testrig.Password)); code != http.StatusSeeOther {
		t.Fatalf("an address the guesser named: status %d, want a login", code)
	}
}

// Behind a real reverse proxy, every request reaches Pluttra from the
// proxy's address. With the proxy trusted, one client's wrong passwords
// throttle that client alone, even when it names another in its own
// X-Forwarded-For: the other still logs in.
func TestThrottleBehindReverseProxy(t *testing.T) {
	t.Parallel()
	rg := newRig(t, testrig.SQLite, "http://localhost", func(o *Options) {
		o.TrustedProxies = []netip.Prefix{netip.MustParsePrefix("127.0.0.1/32")}
	})
	upstream := httptest.NewServer(rg.srv)
	t.Cleanup(upstream.Close)
	proxy := "http://" + testrig.ReverseProxy(t, upstream.Listener.Addr().String())
	// Two browsers on different addresses: on Linux all of 127/8 reaches
	// loopback, and nginx connects on to Pluttra from 127.0.0.1.
	attacker, owner := clientFrom(t, "127.0.0.2"), clientFrom(t, "127.0.0.3")
	post := func(c *http.Client, body string, headers map[string]string) *http.Response {
		t.Helper()
		req, err := http.NewRequest("POST", proxy+"/login", strings.NewReader(body))
		if err != nil {
			t.Fatal(err)
		}
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
		for k, v := range headers {
			req.Header.Set(k, v)
		}
		res, err := c.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		res.Body.Close()
		return res
	}
	email := rg.world.Users["guardian_alva_mother"].Email
	// The attacker tries invented addresses, so only the address limit
	// counts, and names the owner's address as its own.
	framed := map[string]string{"X-Forwarded-For": "127.0.0.3"}
	for i := range login.DefaultLimits.AddressLimit {
		body := url.Values{"email": {"guess" + strconv.Itoa(i) + "@nowhere.example"}, "password": {"wrong password"}}.Encode()
		if res := post(attacker, body, framed); res.StatusCode != http.StatusUnauthorized {
			t.Fatalf("guess %d: status %d", i, res.StatusCode)
		}
	}
	if res := post(attacker, loginForm(email, testrig.Password), framed); res.StatusCode != http.StatusTooManyRequests {
		t.Fatalf("the attacker is not throttled: status %d", res.StatusCode)
	}
	res := post(owner, loginForm(email, testrig.Password), nil)
	if res.StatusCode != http.StatusSeeOther || !hasCookie(res, sessionCookie) {
		t.Fatalf("the owner is locked out by the attacker: status %d", res.StatusCode)
	}
}

// clientFrom is an HTTP client whose connections start from the loopback
// address ip and that does not follow redirects.
func clientFrom(t *testing.T, ip string) *http.Client {
	d := &net.Dialer{LocalAddr: &net.TCPAddr{IP: net.ParseIP(ip)}, Timeout: 30 * time.Second}
	tr := &http.Transport{DialContext: func(ctx context.Context, network, addr string) (net.Conn, error) {
		return d.DialContext(ctx, network, addr)
	}}
	t.Cleanup(tr.CloseIdleConnections)
	return &http.Client{Transport: tr, Timeout: time.Minute,
		CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
}

func hasCookie(res *http.Response, name string) bool {
	return slices.ContainsFunc(res.Cookies(), func(c *http.Cookie) bool { return c.Name == name && c.Value != "" })
}
