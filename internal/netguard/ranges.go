package netguard

import "net/netip"

// refusedV4 are the IPv4 ranges of the IANA IPv4 Special-Purpose Address
// Registry (RFC 6890 and its updates) that are not globally reachable,
// and multicast, which no server of ours answers on.
var refusedV4 = prefixes(
	"0.0.0.0/8",          // this network
	"10.0.0.0/8",         // private
	"100.64.0.0/10",      // shared address space (carrier-grade NAT)
	"127.0.0.0/8",        // loopback
	"169.254.0.0/16",     // link local, where cloud metadata services answer
	"172.16.0.0/12",      // private
	"192.0.0.0/24",       // IETF protocol assignments
	"192.0.2.0/24",       // documentation (TEST-NET-1)
	"192.88.99.0/24",     // deprecated 6to4 relay anycast
	"192.168.0.0/16",     // private
	"198.18.0.0/15",      // benchmarking
	"198.51.100.0/24",    // documentation (TEST-NET-2)
	"203.0.113.0/24",     // documentation (TEST-NET-3)
	"224.0.0.0/4",        // multicast
	"240.0.0.0/4",        // reserved
	"255.255.255.255/32", // limited broadcast (inside 240/4; named for the reader)
)

// refusedV6 are the ranges inside 2000::/3 that the IANA IPv6
// Special-Purpose Address Registry lists, and the ranges outside it named
// for the reader: Public already refuses everything outside 2000::/3
// (unspecified, loopback, IPv4-compatible, NAT64, discard, unique local,
// link local, site local, multicast). IPv4-mapped addresses (::ffff:0:0/96)
// never reach this list: Public judges the IPv4 address they carry.
var refusedV6 = prefixes(
	"::/128",         // unspecified
	"::1/128",        // loopback
	"64:ff9b::/96",   // NAT64, well known: would reach IPv4 through a translator
	"64:ff9b:1::/48", // NAT64, local use
	"100::/64",       // discard only
	"2001::/23",      // IETF protocol assignments, Teredo (2001::/32) included
	"2001:db8::/32",  // documentation
	"2002::/16",      // 6to4: would reach IPv4 through a relay
	"3fff::/20",      // documentation
	"5f00::/16",      // segment routing identifiers
	"fc00::/7",       // unique local
	"fe80::/10",      // link local
	"fec0::/10",      // deprecated site local
	"ff00::/8",       // multicast
)

// globalUnicastV6 is where IPv6 addresses of the internet are assigned.
var globalUnicastV6 = netip.MustParsePrefix("2000::/3")

func prefixes(s ...string) []netip.Prefix {
	out := make([]netip.Prefix, len(s))
	for i, p := range s {
		out[i] = netip.MustParsePrefix(p)
	}
	return out
}
