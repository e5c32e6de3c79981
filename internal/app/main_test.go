package app

import (
	"context"
	"fmt"
	"io"
	"log/slog"
	"os"
	"os/signal"
	"syscall"
	"testing"
	"time"

	"github.com/pluttra/pluttra/internal/config"
	"github.com/pluttra/pluttra/internal/password"
)

// serveVar makes the test binary run the real server on the data
// directory it names (see serveForTest), so a test can kill it as a crash
// would and start it again.
const serveVar = "PLUTTRA_TEST_APP_SERVE"

// childLease is the media lease of the server the tests start: an hour,
// so an item it took back within the test's patience was taken back at
// start, never because a claim ran out.
const childLease = time.Hour

func TestMain(m *testing.M) {
	if dir := os.Getenv(serveVar); dir != "" {
		os.Exit(serveForTest(dir))
	}
	os.Exit(m.Run())
}

// serveForTest serves on dir as `pluttra serve` does, until SIGTERM, and
// logs to stderr.
func serveForTest(dir string) int {
	ctx, stop := signal.NotifyContext(context.Background(), syscall.SIGTERM, os.Interrupt)
	defer stop()
	cfg, err := config.Parse("serve", []string{"--listen", "127.0.0.1:0", "--data-dir", dir},
		func(string) string { return "" }, config.Defaults(dir), io.Discard)
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		return 2
	}
	a, err := Open(ctx, cfg, slog.New(slog.NewJSONHandler(os.Stderr, nil)), Options{Passwords: password.Fast, MediaLease: childLease})
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		return 1
	}
	defer a.Close()
	if err := a.Serve(ctx, nil); err != nil {
		fmt.Fprintln(os.Stderr, err)
		return 1
	}
	return 0
}
