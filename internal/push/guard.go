package push

import (
	"errors"
	"fmt"
	"net"
	"net/http"
	"net/netip"
	"net/url"
	"syscall"
	"time"
)

// errRefusedAddress is a push endpoint that resolves to an address the
// server must not send to.
var errRefusedAddress = errors.New("push: endpoint address not allowed")

// MaxEndpoint is the longest endpoint URL taken.
const MaxEndpoint = 2048

// CheckEndpoint refuses an endpoint that is not an https URL of a public
// host. With allowLocal (tests, the demo on one machine) plain http and
// loopback or private addresses are taken too.
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
	if ip, err := netip.ParseAddr(u.Hostname()); err == nil && !allowLocal && !public(ip) {
		return errRefusedAddress
	}
	return nil
}

// public reports whether ip is an address on the internet, not one of
// this machine or its network.
func public(ip netip.Addr) bool {
	ip = ip.Unmap()
	return ip.IsGlobalUnicast() && !ip.IsPrivate() && !ip.IsLoopback() && !ip.IsLinkLocalUnicast() &&
		!netip.MustParsePrefix("100.64.0.0/10").Contains(ip) && !netip.MustParsePrefix("fc00::/7").Contains(ip)
}

// NewClient is the HTTP client for push services: it dials only public
// addresses (checked on the address actually dialled, after the name is
// resolved, so a name pointing inside cannot slip through), follows no
// redirects, and gives up after timeout. allowLocal lifts the address
// check for tests and the demo.
func NewClient(timeout time.Duration, allowLocal bool) *http.Client {
	dialer := &net.Dialer{Timeout: timeout, Control: func(network, address string, _ syscall.RawConn) error {
		if allowLocal {
			return nil
		}
		ap, err := netip.ParseAddrPort(address)
		if err != nil || !public(ap.Addr()) {
			return errRefusedAddress
		}
		return nil
	}}
	transport := &http.Transport{
		Proxy:               nil,
		DialContext:         dialer.DialContext,
		ForceAttemptHTTP2:   true,
		MaxIdleConnsPerHost: 16,
		IdleConnTimeout:     90 * time.Second,
		TLSHandshakeTimeout: timeout,
	}
	return &http.Client{Transport: transport, Timeout: timeout,
		CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
}
