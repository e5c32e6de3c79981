package config

import (
	"fmt"
	"net/netip"
	"strconv"
	"strings"
	"time"

	"github.com/dustin/go-humanize"
)

// set parses v as the setting's kind of value. Its error says what the
// setting wants and what it got; the caller adds the setting's name, so a
// flag and its variable report the same way.
func (s setting) set(v string) error {
	switch {
	case s.str != nil:
		*s.str = v
	case s.flag != nil:
		b, err := strconv.ParseBool(v)
		if err != nil {
			return fmt.Errorf("want true or false, got %q", v)
		}
		*s.flag = b
	case s.size != nil:
		n, err := humanize.ParseBytes(v)
		if err != nil || n > 1<<62 {
			return fmt.Errorf("want a size such as 500MB or 2GiB, got %q", v)
		}
		*s.size = int64(n)
	case s.dur != nil:
		d, err := time.ParseDuration(v)
		if err != nil {
			return fmt.Errorf("want a duration such as 90m or 168h (units h, m, s), got %q", v)
		}
		*s.dur = d
	case s.prefixes != nil:
		p, err := parsePrefixes(v)
		if err != nil {
			return err
		}
		*s.prefixes = p
	}
	return nil
}

// parsePrefixes reads comma-separated CIDRs; a bare address stands for
// itself alone. The addresses are masked, so 10.1.2.3/8 means 10.0.0.0/8.
func parsePrefixes(v string) ([]netip.Prefix, error) {
	var out []netip.Prefix
	for _, part := range strings.Split(v, ",") {
		part = strings.TrimSpace(part)
		if part == "" {
			continue
		}
		p, err := netip.ParsePrefix(part)
		if err != nil {
			a, aerr := netip.ParseAddr(part)
			if aerr != nil || a.Zone() != "" {
				return nil, fmt.Errorf("want comma-separated CIDRs such as 10.0.0.0/8,192.0.2.7/32, got %q", part)
			}
			p = netip.PrefixFrom(a, a.BitLen())
		}
		out = append(out, p.Masked())
	}
	return out, nil
}
