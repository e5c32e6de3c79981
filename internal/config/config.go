// Package config reads Pluttra's settings from flags and PLUTTRA_*
// environment variables of the same names into one validated struct, which
// main passes on explicitly: there is no global configuration.
package config

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"net"
	"net/mail"
	"net/netip"
	"net/url"
	"os"
	"strings"
	"time"

	"github.com/dustin/go-humanize"
)

// Config is every setting.
type Config struct {
	Listen      string
	BaseURL     string
	DataDir     string
	DatabaseURL string
	MediaURL    string
	SMTPURL     string
	MailFrom    string
	SessionIdle time.Duration
	SessionMax  time.Duration
	LogLevel    string
	// MaxUpload is the largest photo, video or recording accepted, in
	// bytes; a larger upload is refused before its first byte is stored.
	MaxUpload int64
	// PushAllowLocal takes Web Push endpoints on plain http and on
	// loopback or private addresses: for tests and a demo on one machine.
	// Otherwise a browser's endpoint must be https on a public host, so a
	// crafted subscription cannot aim the server inside its network.
	PushAllowLocal bool
	// TrustedProxies are the reverse proxies (TLS terminators, load
	// balancers) whose X-Forwarded-For or Forwarded header names the
	// client. Only a request whose TCP peer lies in one of them is taken
	// to come from the address the header names; from anyone else the
	// header is ignored, since anyone can write it. Empty: no proxy.
	TrustedProxies []netip.Prefix
}

// setting describes one flag and its variable.
type setting struct {
	name, help string
	str        *string
	dur        *time.Duration
	size       *int64          // bytes, written as 500MB, 2GiB or a plain number
	flag       *bool           // true or false
	prefixes   *[]netip.Prefix // comma-separated CIDRs
}

func (c *Config) settings() []setting {
	return []setting{
		{name: "listen", help: "address to serve on, e.g. 127.0.0.1:8080", str: &c.Listen},
		{name: "base-url", help: "public URL, used in links in emails and in cookie and HSTS decisions (default http://localhost:PORT)", str: &c.BaseURL},
		{name: "data-dir", help: "where the SQLite database and disk media live", str: &c.DataDir},
		{name: "database-url", help: "empty for SQLite in the data dir, or postgres://user:pass@host:port/db", str: &c.DatabaseURL},
		{name: "media-url", help: "empty for disk in the data dir, or s3://bucket?endpoint=...&region=...", str: &c.MediaURL},
		{name: "smtp-url", help: "smtp://user:pass@host:port or smtps://...; empty: mails go to the outbox only", str: &c.SMTPURL},
		{name: "mail-from", help: "sender of Pluttra's email (default Pluttra <noreply@HOST of the base URL>)", str: &c.MailFrom},
		{name: "session-idle", help: "a login session unused this long ends", dur: &c.SessionIdle},
		{name: "session-max", help: "a login session ends this long after login, however it is used", dur: &c.SessionMax},
		{name: "log-level", help: "debug, info, warn or error", str: &c.LogLevel},
		{name: "max-upload", help: "largest photo, video or recording accepted, e.g. 500MB or 2GiB", size: &c.MaxUpload},
		{name: "push-allow-local", help: "accept Web Push endpoints on plain http and local addresses (tests, a demo on one machine)", flag: &c.PushAllowLocal},
		{name: "trusted-proxies", help: "comma-separated `CIDRs` of the reverse proxies whose X-Forwarded-For or Forwarded header names the client, e.g. 10.0.0.0/8,192.0.2.7/32 (default none)", prefixes: &c.TrustedProxies},
	}
}

// EnvName is the environment variable of a flag: --base-url is PLUTTRA_BASE_URL.
func EnvName(flagName string) string {
	return "PLUTTRA_" + strings.ToUpper(strings.ReplaceAll(flagName, "-", "_"))
}

// DefaultMaxUpload allows a few minutes of phone video.
const DefaultMaxUpload = 1 << 30

// Defaults returns the settings before flags and environment; dataDir
// differs between serve and demo.
func Defaults(dataDir string) Config {
	return Config{Listen: ":8080", DataDir: dataDir, SessionIdle: 7 * 24 * time.Hour,
		SessionMax: 30 * 24 * time.Hour, LogLevel: "info", MaxUpload: DefaultMaxUpload}
}

// Parse reads flags in args over environment variables (getenv) over def,
// and validates the result. Usage goes to out; -h returns flag.ErrHelp.
func Parse(command string, args []string, getenv func(string) string, def Config, out io.Writer) (*Config, error) {
	c := def
	fs := flag.NewFlagSet("pluttra "+command, flag.ContinueOnError)
	fs.SetOutput(out)
	for _, s := range c.settings() {
		name := EnvName(s.name)
		if env := getenv(name); env != "" {
			if err := s.set(env); err != nil {
				return nil, fmt.Errorf("%s (--%s): %w", name, s.name, err)
			}
		}
		help := s.help + " [" + name + "]"
		switch {
		case s.str != nil:
			fs.StringVar(s.str, s.name, *s.str, help)
		case s.flag != nil:
			fs.BoolFunc(s.name, help+fmt.Sprintf(" (default %t)", *s.flag), s.set)
		case s.size != nil: // the back-quoted word names the value in the usage
			fs.Func(s.name, help+" (a `size`, default "+humanize.IBytes(uint64(*s.size))+")", s.set)
		case s.dur != nil:
			fs.Func(s.name, help+" (a `duration`, default "+s.dur.String()+")", s.set)
		case s.prefixes != nil:
			fs.Func(s.name, help, s.set)
		}
	}
	fs.Usage = func() {
		fmt.Fprintf(out, "Usage: pluttra %s [flags]\n\nEvery flag can also be set by the environment variable in brackets; a flag wins over its variable.\n"+
			"Any other PLUTTRA_ variable is an error, so a misspelt name never leaves a setting at its default.\n\n", command)
		fs.PrintDefaults()
	}
	if err := fs.Parse(args); err != nil {
		return nil, err
	}
	if fs.NArg() > 0 {
		return nil, fmt.Errorf("unexpected argument %q", fs.Arg(0))
	}
	if err := c.validate(); err != nil {
		return nil, err
	}
	return &c, nil
}

// Env is the process environment, for Parse.
func Env(name string) string { return os.Getenv(name) }

func (c *Config) validate() error {
	var errs []error
	host, port, err := net.SplitHostPort(c.Listen)
	if err != nil || port == "" {
		errs = append(errs, fmt.Errorf("listen: want host:port such as 127.0.0.1:8080, got %q", c.Listen))
	}
	if c.BaseURL == "" && err == nil {
		if host == "" || host == "0.0.0.0" || host == "::" {
			host = "localhost"
		}
		c.BaseURL = "http://" + net.JoinHostPort(host, port)
	}
	c.BaseURL = strings.TrimSuffix(c.BaseURL, "/")
	if err := checkBaseURL(c.BaseURL); err != nil {
		errs = append(errs, err)
	}
	if strings.TrimSpace(c.DataDir) == "" {
		errs = append(errs, errors.New("data-dir: must not be empty"))
	}
	if err := checkURL("database-url", c.DatabaseURL, "postgres", "postgresql", "sqlite"); err != nil {
		errs = append(errs, err)
	}
	if err := checkMediaURL(c.MediaURL); err != nil {
		errs = append(errs, err)
	}
	if err := checkURL("smtp-url", c.SMTPURL, "smtp", "smtps"); err != nil {
		errs = append(errs, err)
	}
	if c.MailFrom == "" {
		if u, err := url.Parse(c.BaseURL); err == nil {
			c.MailFrom = "Pluttra <noreply@" + u.Hostname() + ">"
		}
	}
	if _, err := mail.ParseAddress(c.MailFrom); err != nil {
		errs = append(errs, fmt.Errorf("mail-from: %q is not an address", c.MailFrom))
	}
	if c.MaxUpload < 1<<20 {
		errs = append(errs, errors.New("max-upload: must be at least 1MiB"))
	}
	if c.SessionIdle <= 0 || c.SessionMax <= 0 || c.SessionIdle > c.SessionMax {
		errs = append(errs, errors.New("session-idle and session-max: must be positive, idle at most max"))
	}
	switch c.LogLevel {
	case "debug", "info", "warn", "error":
	default:
		errs = append(errs, fmt.Errorf("log-level: want debug, info, warn or error, got %q", c.LogLevel))
	}
	return errors.Join(errs...)
}

// checkBaseURL allows plain http only on the loopback interface: anywhere
// else cookies and passwords would cross the network in the clear.
func checkBaseURL(raw string) error {
	u, err := url.Parse(raw)
	if err != nil || u.Host == "" || (u.Scheme != "http" && u.Scheme != "https") {
		return fmt.Errorf("base-url: want an absolute http(s) URL, got %q", raw)
	}
	if u.Scheme == "http" && !isLoopback(u.Hostname()) {
		return fmt.Errorf("base-url: %q must use https (plain http is allowed only for localhost)", raw)
	}
	return nil
}

func isLoopback(host string) bool {
	if host == "localhost" || strings.HasSuffix(host, ".localhost") {
		return true
	}
	ip := net.ParseIP(host)
	return ip != nil && ip.IsLoopback()
}

func checkURL(name, raw string, schemes ...string) error {
	if raw == "" {
		return nil
	}
	u, err := url.Parse(raw)
	if err != nil {
		return fmt.Errorf("%s: cannot parse the URL", name)
	}
	for _, s := range schemes {
		if u.Scheme == s {
			if s != "sqlite" && u.Host == "" {
				return fmt.Errorf("%s: the URL has no host", name)
			}
			return nil
		}
	}
	return fmt.Errorf("%s: want a URL of scheme %s, got %q", name, strings.Join(schemes, ", "), u.Scheme)
}

// checkMediaURL accepts s3://bucket?endpoint=...&region=...
func checkMediaURL(raw string) error {
	if raw == "" {
		return nil
	}
	u, err := url.Parse(raw)
	if err != nil || u.Scheme != "s3" || u.Host == "" {
		return fmt.Errorf("media-url: want s3://bucket?endpoint=...&region=..., got %q", raw)
	}
	if ep := u.Query().Get("endpoint"); ep != "" {
		if e, err := url.Parse(ep); err != nil || e.Host == "" {
			return fmt.Errorf("media-url: endpoint %q is not a URL", ep)
		}
	}
	return nil
}
