package push

import (
	"fmt"
	"net/http"
	"net/netip"
	"net/url"
	"time"

	"github.com/pluttra/pluttra/internal/netguard"
)

// MaxEndpoint is the longest endpoint URL taken.
const MaxEndpoint = 2048

// CheckEndpoint refuses an endpoint that is not an https URL of a public
// host. With allowLocal (tests, the demo on one machine) plain http and
// loopback or private addresses are taken too. A name is checked again on
// the address it resolves to when the message is sent (NewClient).
func CheckEndpoint(raw string, allowLocal bool) error {
	if len(raw) > MaxEndpoint {
		return fmt.Errorf("push: endpoint too long")
	}
	u, err := url.Parse(raw)
	if err != nil || u.Host == "" || u.User != nil || u.Fragment != "" {
		return fmt.Errorf("push: endpoint is not a URL")
	}
	switch {
	case u.Scheme == "https":
	case u.Scheme == "http" && allowLocal:
	default:
		return fmt.Errorf("push: endpoint must use https")
	}
	if ip, err := netip.ParseAddr(u.Hostname()); err == nil && !allowLocal && !netguard.Public(ip) {
		return netguard.ErrRefused
	}
	return nil
}

// NewClient is the HTTP client for push services: it dials only public
// addresses (netguard, checked on the address actually dialled, after the
// name is resolved, so a name pointing inside cannot slip through),
// follows no redirects, and gives up after timeout. allowLocal lifts the
// address check for tests and the demo.
func NewClient(timeout time.Duration, allowLocal bool) *http.Client {
	transport := &http.Transport{
		Proxy:               nil,
		DialContext:         netguard.Dialer(timeout, allowLocal).DialContext,
		ForceAttemptHTTP2:   true,
		MaxIdleConnsPerHost: 16,
		IdleConnTimeout:     90 * time.Second,
		TLSHandshakeTimeout: timeout,
	}
	return &http.Client{Transport: transport, Timeout: timeout,
		CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
}
