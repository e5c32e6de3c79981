package web

import (
	"net"
	"net/http"
	"net/netip"

	"github.com/realclientip/realclientip-go"
)

// clientAddresses finds the address a request came from. Behind a reverse
// proxy every connection comes from the proxy, so counting failed logins
// by the TCP peer would let one guesser throttle everyone. Only when the
// peer is one of the trusted proxies is the client taken from the header
// the proxy writes: the rightmost hop of X-Forwarded-For (or, when a proxy
// writes none, of RFC 7239's Forwarded) that is not itself a trusted
// proxy. Hops further left were written by the client and prove nothing.
// From any other peer the headers are ignored, since anyone can send them.
type clientAddresses struct {
	trusted []netip.Prefix
	// xff and forwarded walk their header from the right past the
	// trusted ranges.
	xff, forwarded realclientip.RightmostTrustedRangeStrategy
}

func newClientAddresses(trusted []netip.Prefix) (*clientAddresses, error) {
	ranges := make([]net.IPNet, len(trusted))
	for i, p := range trusted {
		ranges[i] = net.IPNet{IP: p.Addr().AsSlice(), Mask: net.CIDRMask(p.Bits(), p.Addr().BitLen())}
	}
	c := &clientAddresses{trusted: trusted}
	var err error
	if c.xff, err = realclientip.NewRightmostTrustedRangeStrategy("X-Forwarded-For", ranges); err != nil {
		return nil, err
	}
	if c.forwarded, err = realclientip.NewRightmostTrustedRangeStrategy("Forwarded", ranges); err != nil {
		return nil, err
	}
	return c, nil
}

// of returns the client's IP address. A proxy that writes only Forwarded
// must remove any X-Forwarded-For its clients send, since that header is
// read first: every common proxy writes it.
func (c *clientAddresses) of(r *http.Request) string {
	peer := peerAddress(r)
	if len(c.trusted) == 0 || !c.isTrusted(peer) {
		return peer
	}
	strategy := c.xff
	if len(r.Header.Values("X-Forwarded-For")) == 0 {
		strategy = c.forwarded
	}
	// Empty when the header is missing, every hop is trusted, or the hop
	// is not an address: the proxy itself is then the best we know.
	if ip := strategy.ClientIP(r.Header, r.RemoteAddr); ip != "" {
		return ip
	}
	return peer
}

func (c *clientAddresses) isTrusted(ip string) bool {
	a, err := netip.ParseAddr(ip)
	if err != nil {
		return false
	}
	a = a.Unmap()
	for _, p := range c.trusted {
		if p.Contains(a) {
			return true
		}
	}
	return false
}

// peerAddress is the IP of the TCP peer.
func peerAddress(r *http.Request) string {
	host, _, err := net.SplitHostPort(r.RemoteAddr)
	if err != nil {
		return r.RemoteAddr
	}
	return host
}

// clientAddress is the address the request came from, as withRequestLog
// found it: the key of the per-address throttles and the address in the
// security log.
func clientAddress(r *http.Request) string {
	if info, ok := r.Context().Value(requestInfoKey).(*requestInfo); ok && info.client != "" {
		return info.client
	}
	return peerAddress(r)
}
