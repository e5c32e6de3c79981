package config

import (
	"bytes"
	"net/netip"
	"slices"
	"strings"
	"testing"
)

// A malformed value names its setting and says what it wants, whether it
// came from the environment or the command line.
func TestParseNamesTheSettingAndWhatItWants(t *testing.T) {
	for _, tc := range []struct {
		name string
		env  map[string]string
		args []string
		want []string
	}{
		{"SizeInEnvironment", map[string]string{"PLUTTRA_MAX_UPLOAD": "lots"}, nil, []string{"PLUTTRA_MAX_UPLOAD", "--max-upload", "want a size", `"lots"`}},
		{"DurationInEnvironment", map[string]string{"PLUTTRA_SESSION_IDLE": "3days"}, nil, []string{"PLUTTRA_SESSION_IDLE", "--session-idle", "want a duration", `"3days"`}},
		{"BooleanInEnvironment", map[string]string{"PLUTTRA_PUSH_ALLOW_LOCAL": "yes please"}, nil, []string{"PLUTTRA_PUSH_ALLOW_LOCAL", "want true or false", `"yes please"`}},
		{"ProxiesInEnvironment", map[string]string{"PLUTTRA_TRUSTED_PROXIES": "10.0.0.0/8,10.0.0.0/33"}, nil, []string{"PLUTTRA_TRUSTED_PROXIES", "want comma-separated CIDRs", `"10.0.0.0/33"`}},
		{"SizeFlag", nil, []string{"--max-upload", "lots"}, []string{"max-upload", "want a size", `"lots"`}},
		{"DurationFlag", nil, []string{"--session-max", "forever"}, []string{"session-max", "want a duration", `"forever"`}},
		{"BooleanFlag", nil, []string{"--push-allow-local=maybe"}, []string{"push-allow-local", "want true or false", `"maybe"`}},
		{"ProxiesFlag", nil, []string{"--trusted-proxies", "proxy.example"}, []string{"trusted-proxies", "want comma-separated CIDRs", `"proxy.example"`}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, err := Parse("serve", tc.args, env(tc.env), Defaults("x"), &bytes.Buffer{})
			if err == nil {
				t.Fatal("accepted")
			}
			for _, w := range tc.want {
				if !strings.Contains(err.Error(), w) {
					t.Errorf("error %q does not say %q", err, w)
				}
			}
		})
	}
}

func TestTrustedProxies(t *testing.T) {
	t.Run("NoneByDefault", func(t *testing.T) {
		c, err := Parse("serve", nil, env(nil), Defaults("x"), &bytes.Buffer{})
		if err != nil || len(c.TrustedProxies) != 0 {
			t.Fatalf("trusted proxies %v, err %v", c.TrustedProxies, err)
		}
	})
	t.Run("CIDRsAndAddresses", func(t *testing.T) {
		c, err := Parse("serve", nil, env(map[string]string{"PLUTTRA_TRUSTED_PROXIES": " 10.1.2.3/8, 192.0.2.7 ,2001:db8::/32"}), Defaults("x"), &bytes.Buffer{})
		if err != nil {
			t.Fatal(err)
		}
		want := []netip.Prefix{netip.MustParsePrefix("10.0.0.0/8"), netip.MustParsePrefix("192.0.2.7/32"), netip.MustParsePrefix("2001:db8::/32")}
		if !slices.Equal(c.TrustedProxies, want) {
			t.Fatalf("trusted proxies %v, want %v", c.TrustedProxies, want)
		}
	})
	t.Run("FlagBeatsEnvironment", func(t *testing.T) {
		c, err := Parse("serve", []string{"--trusted-proxies", "127.0.0.1/32"}, env(map[string]string{"PLUTTRA_TRUSTED_PROXIES": "10.0.0.0/8"}), Defaults("x"), &bytes.Buffer{})
		if err != nil || !slices.Equal(c.TrustedProxies, []netip.Prefix{netip.MustParsePrefix("127.0.0.1/32")}) {
			t.Fatalf("trusted proxies %v, err %v", c.TrustedProxies, err)
		}
	})
}
