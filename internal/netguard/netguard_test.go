package netguard_test

import (
	"errors"
	"net"
	"net/netip"
	"testing"
	"time"

	"github.com/pluttra/pluttra/internal/netguard"
)

// TestPublic: every special-purpose range is refused at its edges, and
// the public addresses just beside them are allowed.
func TestPublic(t *testing.T) {
	for _, c := range []struct {
		addr   string
		public bool
	}{
		// IPv4 special-purpose ranges, first and last address.
		{"0.0.0.0", false}, {"0.255.255.255", false},
		{"10.0.0.0", false}, {"10.255.255.255", false},
		{"100.64.0.0", false}, {"100.127.255.255", false},
		{"127.0.0.1", false}, {"127.255.255.254", false},
		{"169.254.0.1", false}, {"169.254.169.254", false},
		{"172.16.0.0", false}, {"172.31.255.255", false},
		{"192.0.0.0", false}, {"192.0.0.255", false},
		{"192.0.2.1", false}, {"192.88.99.1", false},
		{"192.168.0.1", false}, {"192.168.255.255", false},
		{"198.18.0.0", false}, {"198.19.255.255", false},
		{"198.51.100.7", false}, {"203.0.113.9", false},
		{"224.0.0.1", false}, {"239.255.255.250", false},
		{"240.0.0.1", false}, {"255.255.255.255", false},
		// Their public neighbours.
		{"1.1.1.1", true}, {"8.8.8.8", true}, {"9.255.255.255", true}, {"11.0.0.0", true},
		{"100.63.255.255", true}, {"100.128.0.0", true}, {"126.255.255.255", true}, {"128.0.0.0", true},
		{"169.253.255.255", true}, {"169.255.0.0", true}, {"172.15.255.255", true}, {"172.32.0.0", true},
		{"192.0.1.255", true}, {"192.0.3.0", true}, {"192.88.98.255", true}, {"192.167.255.255", true}, {"192.169.0.0", true},
		{"198.17.255.255", true}, {"198.20.0.0", true}, {"198.51.99.255", true}, {"203.0.112.255", true},
		{"223.255.255.255", true},
		// IPv6.
		{"::", false}, {"::1", false}, {"::127.0.0.1", false},
		{"::ffff:127.0.0.1", false}, {"::ffff:10.0.0.1", false}, {"::ffff:169.254.169.254", false},
		{"::ffff:8.8.8.8", true},
		{"64:ff9b::8.8.8.8", false}, {"64:ff9b::7f00:1", false}, {"64:ff9b:1::1", false},
		{"100::1", false}, {"100::ffff:ffff:ffff:ffff", false},
		{"2001::1", false}, {"2001:0:4136:e378:8000:63bf:3fff:fdd2", false}, {"2001:1ff:ffff::1", false},
		{"2001:db8::1", false}, {"2001:db8:ffff::1", false},
		{"2002::1", false}, {"2002:c000:0204::1", false}, {"2002:7f00:1::1", false},
		{"3fff::1", false}, {"5f00::1", false},
		{"fc00::1", false}, {"fd12:3456::1", false},
		{"fe80::1", false}, {"fe80::1%eth0", false}, {"febf::1", false}, {"fec0::1", false},
		{"ff02::1", false}, {"ff05::1:3", false},
		{"2001:200::1", true}, {"2001:4860:4860::8888", true}, {"2606:4700:4700::1111", true}, {"2a00:1450:4001::1", true},
		{"2001:db7:ffff::1", true}, {"2003::1", true},
	} {
		if got := netguard.Public(netip.MustParseAddr(c.addr)); got != c.public {
			t.Errorf("Public(%s) = %v, want %v", c.addr, got, c.public)
		}
	}
	if netguard.Public(netip.Addr{}) {
		t.Error("the zero address is public")
	}
}

// TestControl: the dialer's check sees the address and port being dialled.
func TestControl(t *testing.T) {
	for addr, ok := range map[string]bool{
		"8.8.8.8:443":           true,
		"[2606:4700::1111]:443": true,
		"127.0.0.1:443":         false,
		"[::1]:443":             false,
		"[fe80::1%eth0]:443":    false,
		"10.1.2.3:8080":         false,
		"169.254.169.254:80":    false,
		"not an address":        false,
	} {
		if err := netguard.Control("tcp", addr, nil); (err == nil) != ok || (err != nil && !errors.Is(err, netguard.ErrRefused)) {
			t.Errorf("Control(%q) = %v, want ok=%v", addr, err, ok)
		}
	}
}

// TestDialerRefusesLoopback: a guarded dialer never connects to this
// machine, while one for tests does.
func TestDialerRefusesLoopback(t *testing.T) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer ln.Close()
	accepted := make(chan string, 2) // the callers' addresses, in order
	go func() {
		for {
			c, err := ln.Accept()
			if err != nil {
				return
			}
			accepted <- c.RemoteAddr().String()
			c.Close()
		}
	}()
	if _, err := netguard.Dialer(5*time.Second, false).Dial("tcp", ln.Addr().String()); !errors.Is(err, netguard.ErrRefused) {
		t.Fatalf("guarded dial to loopback = %v", err)
	}
	c, err := netguard.Dialer(5*time.Second, true).Dial("tcp", ln.Addr().String())
	if err != nil {
		t.Fatalf("dial with local allowed: %v", err)
	}
	defer c.Close()
	// Connections are accepted in order: the first the listener saw must
	// be the allowed one, so the refused dial never arrived.
	if first := <-accepted; first != c.LocalAddr().String() {
		t.Fatalf("the listener first accepted %s, not the allowed dial from %s", first, c.LocalAddr())
	}
}
