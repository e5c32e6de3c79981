// Package e2e drives the real server in a real browser (headless Chromium)
// through what users do: log in, read their pages, change language, on a
// phone-sized screen and a desktop one.
package e2e

import (
	"bytes"
	"context"
	"io"
	"log/slog"
	"net"
	"os"
	"path/filepath"
	"sync"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"github.com/pluttra/pluttra/internal/app"
	"github.com/pluttra/pluttra/internal/config"
	"github.com/pluttra/pluttra/internal/demo"
	"github.com/pluttra/pluttra/internal/password"
	"github.com/pluttra/pluttra/internal/testrig"
)

// ChromiumVar locates the browser the test command installs.
const ChromiumVar = "PLUTTRA_TEST_CHROMIUM"

// patience bounds one user action or one wait for something to arrive (a
// mail, a push, a processed video). It only decides when a broken page fails
// instead of hanging the suite; on a machine busy with other work Chromium
// can take many seconds to lay out a page, so it is generous.
const patience = 90 * time.Second

// startDemo serves the demo organisation on a free loopback port and
// returns its base URL.
func startDemo(t *testing.T) string {
	base, _ := startDemoApp(t)
	return base
}

// startDemoApp is startDemo that also hands back the app, for tests that
// change a setting first.
func startDemoApp(t *testing.T, extra ...string) (string, *app.App) {
	t.Helper()
	base, a, _ := startStoppableDemo(t, extra...)
	return base, a
}

// startStoppableDemo is startDemoApp that also hands back a function that
// stops the server, for tests of what a browser does without it.
func startStoppableDemo(t *testing.T, extra ...string) (string, *app.App, func()) {
	t.Helper()
	ctx, stop := context.WithCancel(context.Background())
	// A real port up front, so the base URL in emailed links is right.
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := ln.Addr().String()
	ln.Close()
	cfg, err := config.Parse("demo", append([]string{"--listen", addr, "--data-dir", t.TempDir()}, extra...),
		func(string) string { return "" }, config.Defaults("x"), &bytes.Buffer{})
	if err != nil {
		t.Fatal(err)
	}
	a, err := app.Open(ctx, cfg, slog.New(slog.NewTextHandler(io.Discard, nil)), app.Options{Passwords: password.Fast})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := demo.Seed(ctx, a.Store, password.Hash(demo.Password, password.Fast), testrig.Today()); err != nil {
		t.Fatal(err)
	}
	if a.Mail != nil {
		a.Mail.Every = 200 * time.Millisecond
	}
	addrc := make(chan string, 1)
	done := make(chan error, 1)
	go func() { done <- a.Serve(ctx, func(addr string) { addrc <- addr }) }()
	var once sync.Once
	halt := func() { once.Do(func() { stop(); <-done }) }
	t.Cleanup(func() {
		halt()
		a.Close()
	})
	select {
	case addr := <-addrc:
		return "http://" + addr, a, halt
	case err := <-done:
		t.Fatal(err)
	}
	return "", nil, nil
}

// browser starts headless Chromium with a fresh profile. Background
// networking is off: the machine has no network beyond loopback.
func browser(t *testing.T) context.Context {
	t.Helper()
	path := testrig.Service(t, ChromiumVar, "Chromium")
	profile := chromiumProfile(t)
	opts := append(chromedp.DefaultExecAllocatorOptions[:],
		chromedp.ExecPath(path), chromedp.NoSandbox, chromedp.DisableGPU,
		chromedp.UserDataDir(profile),
		chromedp.Flag("disable-component-update", true),
		chromedp.Flag("disable-quic", true),
		// A Swedish browser, as most users have; other languages are
		// chosen through the page.
		chromedp.Flag("lang", "sv-SE"),
		chromedp.Flag("accept-lang", "sv-SE,sv"),
		chromedp.WindowSize(1280, 900),
	)
	actx, cancelAlloc := chromedp.NewExecAllocator(context.Background(), opts...)
	ctx, cancel := chromedp.NewContext(actx)
	// Runs before the profile's own clean-up (cleanups run last first):
	// the browser is gone before its directory is removed.
	t.Cleanup(func() { cancel(); cancelAlloc() })
	if err := chromedp.Do(ctx); err != nil {
		t.Fatalf("start chromium: %v", err)
	}
	return ctx
}

// chromiumProfile makes an empty profile directory and removes it when the
// test ends. Chromium's helper processes can still be writing to it for a
// moment after the browser has exited (crash reports, caches), which makes a
// single RemoveAll fail with "directory not empty"; it is tried again until
// the directory is gone, and what cannot be removed is only reported.
func chromiumProfile(t *testing.T) string {
	t.Helper()
	dir, err := os.MkdirTemp("", "pluttra-chromium-")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		for attempt := 0; ; attempt++ {
			err := os.RemoveAll(dir)
			if err == nil {
				return
			}
			if attempt == 50 {
				t.Logf("chromium profile left behind: %v", err)
				return
			}
			time.Sleep(100 * time.Millisecond)
		}
	})
	return dir
}

// step bounds one user action, so a broken page fails fast instead of
// hanging the suite.
func step[T any](t *testing.T, ctx context.Context, a chromedp.Action[T]) T {
	t.Helper()
	sctx, cancel := context.WithTimeout(ctx, patience)
	defer cancel()
	v, err := chromedp.Run(sctx, a)
	if err != nil {
		t.Fatal(err)
	}
	return v
}

func do(t *testing.T, ctx context.Context, steps ...chromedp.Action[chromedp.Void]) {
	t.Helper()
	step(t, ctx, chromedp.Steps(steps...))
}

func logIn(t *testing.T, ctx context.Context, base, email string) {
	t.Helper()
	do(t, ctx,
		chromedp.Navigate(base+"/"),
		chromedp.WaitVisible(chromedp.CSS("#email")),
		chromedp.SendKeys(chromedp.CSS("#email"), email),
		chromedp.SendKeys(chromedp.CSS("#password"), demo.Password),
		chromedp.Click(chromedp.CSS("button.primary")),
	)
	// The login page has a heading too: wait until the browser has left
	// it, so the next step does not cut the login short.
	do(t, ctx, chromedp.WaitNotPresent(chromedp.CSS("#email")), chromedp.WaitVisible(chromedp.CSS("main h1")))
}

// screenshot saves the page when PLUTTRA_SCREENSHOTS names a directory;
// the README's pictures are made this way.
func screenshot(t *testing.T, ctx context.Context, name string) {
	dir := os.Getenv("PLUTTRA_SCREENSHOTS")
	if dir == "" {
		return
	}
	png := step(t, ctx, chromedp.FullScreenshot(100))
	if err := os.WriteFile(filepath.Join(dir, name+".png"), png, 0o644); err != nil {
		t.Fatal(err)
	}
}
