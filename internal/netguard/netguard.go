// Package netguard keeps the server's own outgoing connections on the
// public internet. Pluttra dials addresses that others hand it (a
// browser's push endpoint, the school-data API an admin types in), and a
// crafted address must never aim the server at itself, its network or
// the cloud's metadata service. The check runs on the address actually
// dialled, after the name is resolved, so a name that resolves inside
// (or that changes its answer between a check and the dial) cannot slip
// through.
package netguard

import (
	"errors"
	"net"
	"net/netip"
	"syscall"
	"time"
)

// ErrRefused is a dial to an address that is not on the public internet.
// Callers tell it apart with errors.Is to say why nothing was sent.
var ErrRefused = errors.New("netguard: address not allowed")

// Public reports whether ip is a public internet address: not this
// machine, its network, documentation, multicast, a translation or
// tunnelling range, or anything else the IANA special-purpose registries
// list as not globally reachable. An IPv4-mapped IPv6 address is judged
// by the IPv4 address it carries.
func Public(ip netip.Addr) bool {
	if !ip.IsValid() {
		return false
	}
	// A zone (fe80::1%eth0) would make every prefix test below miss.
	ip = ip.WithZone("").Unmap()
	prefixes := refusedV6
	if ip.Is4() {
		prefixes = refusedV4
	} else if !globalUnicastV6.Contains(ip) {
		// Outside 2000::/3 nothing is assigned for the internet.
		return false
	}
	for _, p := range prefixes {
		if p.Contains(ip) {
			return false
		}
	}
	return true
}

// Control is a net.Dialer Control function that refuses every address
// Public does not allow. It sees the resolved address of each attempt.
func Control(_, address string, _ syscall.RawConn) error {
	ap, err := netip.ParseAddrPort(address)
	if err != nil || !Public(ap.Addr()) {
		return ErrRefused
	}
	return nil
}

// Dialer dials public addresses only, giving up after timeout. allowLocal
// lifts the check, for tests that serve on loopback and the demo on one
// machine; nothing a user sets turns it on.
func Dialer(timeout time.Duration, allowLocal bool) *net.Dialer {
	d := &net.Dialer{Timeout: timeout}
	if !allowLocal {
		d.Control = Control
	}
	return d
}
