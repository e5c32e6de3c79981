package app

import (
	"bytes"
	"context"
	"io"
	"log/slog"
	"net/http"
	"testing"
	"time"

	"github.com/pluttra/pluttra/internal/config"
	"github.com/pluttra/pluttra/internal/password"
)

func openTestApp(t *testing.T) *App {
	t.Helper()
	return openTestAppIn(t, t.TempDir())
}

// openTestAppIn opens the app on the data in dir.
func openTestAppIn(t *testing.T, dir string) *App {
	t.Helper()
	cfg, err := config.Parse("serve", []string{"--listen", "127.0.0.1:0", "--data-dir", dir},
		func(string) string { return "" }, config.Defaults("x"), &bytes.Buffer{})
	if err != nil {
		t.Fatal(err)
	}
	a, err := Open(context.Background(), cfg, slog.New(slog.NewTextHandler(io.Discard, nil)), Options{Passwords: password.Fast})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { a.Close() })
	return a
}

// TestGracefulShutdown stops the server while a request is in flight: the
// request must finish with its full answer, new connections must be
// refused, and Serve must return cleanly.
func TestGracefulShutdown(t *testing.T) {
	a := openTestApp(t)
	started := make(chan struct{})
	inner := a.Handler
	a.Handler = http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path == "/slow" {
			close(started)
			time.Sleep(500 * time.Millisecond)
			w.Write([]byte("finished"))
			return
		}
		inner.ServeHTTP(w, r)
	})
	ctx, stop := context.WithCancel(context.Background())
	addrc := make(chan string, 1)
	served := make(chan error, 1)
	go func() { served <- a.Serve(ctx, func(addr string) { addrc <- addr }) }()
	addr := <-addrc

	if resp, err := http.Get("http://" + addr + "/healthz"); err != nil || resp.StatusCode != 200 {
		t.Fatalf("healthz before shutdown: %v", err)
	}
	body := make(chan string, 1)
	go func() {
		resp, err := http.Get("http://" + addr + "/slow")
		if err != nil {
			body <- "error: " + err.Error()
			return
		}
		b, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		body <- string(b)
	}()
	<-started
	stop() // what SIGTERM does through signal.NotifyContext
	if got := <-body; got != "finished" {
		t.Fatalf("in-flight request got %q", got)
	}
	if err := <-served; err != nil {
		t.Fatalf("Serve returned %v", err)
	}
	if _, err := http.Get("http://" + addr + "/healthz"); err == nil {
		t.Fatal("server still accepts connections after shutdown")
	}
}
