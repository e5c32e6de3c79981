package config

import (
	"bytes"
	"errors"
	"flag"
	"strings"
	"testing"
	"time"
)

func env(m map[string]string) func(string) string { return func(k string) string { return m[k] } }

func TestParse(t *testing.T) {
	t.Run("Defaults", func(t *testing.T) {
		c, err := Parse("serve", nil, env(nil), Defaults("./pluttra-data"), &bytes.Buffer{})
		if err != nil {
			t.Fatal(err)
		}
		if c.Listen != ":8080" || c.BaseURL != "http://localhost:8080" || c.DataDir != "./pluttra-data" || c.SessionIdle != 7*24*time.Hour {
			t.Fatalf("config = %+v", c)
		}
	})
	t.Run("FlagBeatsEnvironment", func(t *testing.T) {
		c, err := Parse("serve", []string{"--listen", "127.0.0.1:9000"},
			env(map[string]string{"PLUTTRA_LISTEN": "127.0.0.1:7000", "PLUTTRA_DATA_DIR": "/srv/p", "PLUTTRA_SESSION_IDLE": "2h"}),
			Defaults("x"), &bytes.Buffer{})
		if err != nil {
			t.Fatal(err)
		}
		if c.Listen != "127.0.0.1:9000" || c.BaseURL != "http://127.0.0.1:9000" || c.DataDir != "/srv/p" || c.SessionIdle != 2*time.Hour {
			t.Fatalf("config = %+v", c)
		}
	})
	t.Run("ErrInvalid", func(t *testing.T) {
		for _, args := range [][]string{
			{"--listen", "nowhere"},
			{"--base-url", "http://pluttra.example.se"},
			{"--base-url", "ftp://localhost"},
			{"--database-url", "mysql://db/x"},
			{"--media-url", "s3:///nobucket"},
			{"--smtp-url", "http://mail"},
			{"--session-idle", "48h", "--session-max", "24h"},
			{"--log-level", "loud"},
			{"stray"},
		} {
			if _, err := Parse("serve", args, env(nil), Defaults("x"), &bytes.Buffer{}); err == nil {
				t.Errorf("%v: accepted", args)
			}
		}
	})
	t.Run("ValidURLs", func(t *testing.T) {
		_, err := Parse("serve", []string{"--base-url", "https://pluttra.example.se/",
			"--database-url", "postgres://u:p@db:5432/pluttra", "--media-url", "s3://media?endpoint=http://127.0.0.1:7070&region=eu",
			"--smtp-url", "smtp://u:p@mail:25"}, env(nil), Defaults("x"), &bytes.Buffer{})
		if err != nil {
			t.Fatal(err)
		}
	})
	t.Run("HelpNamesEverySetting", func(t *testing.T) {
		var out bytes.Buffer
		_, err := Parse("serve", []string{"-h"}, env(nil), Defaults("x"), &out)
		if !errors.Is(err, flag.ErrHelp) {
			t.Fatalf("err = %v", err)
		}
		for _, s := range (&Config{}).settings() {
			if !strings.Contains(out.String(), "-"+s.name) || !strings.Contains(out.String(), EnvName(s.name)) {
				t.Errorf("help lacks %s / %s", s.name, EnvName(s.name))
			}
		}
	})
}
