package main

import (
	"bytes"
	"context"
	"net"
	"strings"
	"sync"
	"testing"
	"time"
)

func TestRun(t *testing.T) {
	ctx := context.Background()
	t.Run("Help", func(t *testing.T) {
		var out bytes.Buffer
		if code := run(ctx, []string{"help"}, &out, &out); code != 0 {
			t.Fatalf("exit %d", code)
		}
		for _, c := range commands() {
			if !strings.Contains(out.String(), "  "+c.name) {
				t.Errorf("help lacks %s", c.name)
			}
		}
	})
	t.Run("Version", func(t *testing.T) {
		var out bytes.Buffer
		if code := run(ctx, []string{"version"}, &out, &out); code != 0 || !strings.HasPrefix(out.String(), "pluttra ") {
			t.Fatalf("exit %d: %q", code, out.String())
		}
		if !strings.Contains(out.String(), "EUPL-1.2") {
			t.Errorf("version does not name the licence: %q", out.String())
		}
	})
	t.Run("ServeHelpListsSettings", func(t *testing.T) {
		var out bytes.Buffer
		if code := run(ctx, []string{"serve", "-h"}, &out, &out); code != 0 {
			t.Fatalf("exit %d", code)
		}
		for _, v := range []string{"PLUTTRA_LISTEN", "PLUTTRA_BASE_URL", "PLUTTRA_DATA_DIR", "PLUTTRA_DATABASE_URL", "PLUTTRA_MEDIA_URL", "PLUTTRA_SMTP_URL", "PLUTTRA_TRUSTED_PROXIES"} {
			if !strings.Contains(out.String(), v) {
				t.Errorf("serve -h lacks %s", v)
			}
		}
	})
	t.Run("ErrUnknownCommand", func(t *testing.T) {
		var out bytes.Buffer
		if code := run(ctx, []string{"bake"}, &out, &out); code != 2 || !strings.Contains(out.String(), `unknown command "bake"`) {
			t.Fatalf("exit %d: %q", code, out.String())
		}
	})
	t.Run("ErrBadSetting", func(t *testing.T) {
		var out bytes.Buffer
		if code := run(ctx, []string{"serve", "--base-url", "http://pluttra.example.se"}, &out, &out); code != 1 || !strings.Contains(out.String(), "https") {
			t.Fatalf("exit %d: %q", code, out.String())
		}
	})
	t.Run("ErrMalformedSettingNamed", func(t *testing.T) {
		t.Setenv("PLUTTRA_MAX_UPLOAD", "lots")
		var out bytes.Buffer
		if code := run(ctx, []string{"migrate", "--data-dir", t.TempDir()}, &out, &out); code != 1 ||
			!strings.Contains(out.String(), "PLUTTRA_MAX_UPLOAD") || !strings.Contains(out.String(), "want a size") {
			t.Fatalf("exit %d: %q", code, out.String())
		}
	})
	t.Run("ErrUnknownVariable", func(t *testing.T) {
		// A misspelt data dir would otherwise migrate ./pluttra-data.
		t.Setenv("PLUTTRA_DATA_DIRR", t.TempDir())
		for _, cmd := range []string{"serve", "migrate"} {
			var out bytes.Buffer
			if code := run(ctx, []string{cmd, "--data-dir", t.TempDir(), "--listen", "127.0.0.1:0"}, &out, &out); code != 2 ||
				!strings.Contains(out.String(), "PLUTTRA_DATA_DIRR") || !strings.Contains(out.String(), "PLUTTRA_DATA_DIR?") {
				t.Errorf("%s: exit %d: %q", cmd, code, out.String())
			}
		}
	})
	t.Run("Migrate", func(t *testing.T) {
		var out bytes.Buffer
		if code := run(ctx, []string{"migrate", "--data-dir", t.TempDir()}, &out, &out); code != 0 || !strings.Contains(out.String(), "migrations applied (sqlite)") {
			t.Fatalf("exit %d: %q", code, out.String())
		}
	})
}

// TestServeGivesUpOnASilentDatabase starts the server against a database
// that accepts connections and never answers: it exits non-zero, saying
// the database did not answer, once a call's deadline passes, rather than
// waiting for ever.
func TestServeGivesUpOnASilentDatabase(t *testing.T) {
	t.Parallel()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	var mu sync.Mutex
	var held []net.Conn
	go func() {
		for {
			c, err := ln.Accept()
			if err != nil {
				return
			}
			mu.Lock()
			held = append(held, c) // read nothing, answer nothing
			mu.Unlock()
		}
	}()
	t.Cleanup(func() {
		ln.Close()
		mu.Lock()
		defer mu.Unlock()
		for _, c := range held {
			c.Close()
		}
	})
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	var out bytes.Buffer
	exited := make(chan int, 1)
	go func() {
		exited <- run(ctx, []string{"serve", "--listen", "127.0.0.1:0", "--data-dir", t.TempDir(),
			"--database-url", "postgres://pluttra@" + ln.Addr().String() + "/pluttra"}, &out, &out)
	}()
	select {
	case code := <-exited:
		if code == 0 || !strings.Contains(out.String(), "did not answer") || !strings.Contains(out.String(), ln.Addr().String()) {
			t.Fatalf("serve against a silent database: exit %d: %q", code, out.String())
		}
	case <-time.After(2 * time.Minute):
		cancel()
		<-exited
		t.Fatal("serve still waits for a database that never answers")
	}
}
