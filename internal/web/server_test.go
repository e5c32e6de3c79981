package web

import (
	"context"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/pluttra/pluttra/internal/access"
	"github.com/pluttra/pluttra/internal/blob"
	"github.com/pluttra/pluttra/internal/i18n"
	"github.com/pluttra/pluttra/internal/live"
	"github.com/pluttra/pluttra/internal/login"
	"github.com/pluttra/pluttra/internal/password"
	"github.com/pluttra/pluttra/internal/pluttra"
	"github.com/pluttra/pluttra/internal/securitylog"
	"github.com/pluttra/pluttra/internal/store"
	"github.com/pluttra/pluttra/internal/testrig"
)

// clock is a movable time for session timeout tests.
type clock struct {
	mu  sync.Mutex
	now time.Time
}

func (c *clock) Now() time.Time { c.mu.Lock(); defer c.mu.Unlock(); return c.now }
func (c *clock) Add(d time.Duration) {
	c.mu.Lock()
	c.now = c.now.Add(d)
	c.mu.Unlock()
}

// rig is a server over the fixture world.
type rig struct {
	srv   *Server
	store pluttra.Store
	world *testrig.World
	clock *clock
	blob  blob.Store
	logs  *logBuffer // the server's JSON log
}

// rigMaxUpload is the upload limit of the test server.
const rigMaxUpload = 8 << 20

func newRig(t testing.TB, open func(testing.TB, store.Options) *store.Store, baseURL string, adjust ...func(*Options)) *rig {
	t.Helper()
	st := open(t, store.Options{})
	w := testrig.NewWorld(t, st, password.Hash(testrig.Password, password.Fast))
	catalog, err := i18n.Load()
	if err != nil {
		t.Fatal(err)
	}
	c := &clock{now: time.Now()}
	bl, err := blob.NewDisk(t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	logs := &logBuffer{}
	logger := slog.New(slog.NewJSONHandler(logs, nil))
	// Live streams end at once in tests that do not read them.
	opts := Options{BaseURL: baseURL, SessionIdle: 2 * time.Hour, SessionMax: 24 * time.Hour, LiveMaxStream: time.Millisecond}
	for _, f := range adjust {
		f(&opts)
	}
	logins := login.New(st, password.Fast, login.DefaultLimits, c.Now)
	logins.LogEvents(securitylog.New(logger))
	srv, err := New(opts,
		Deps{Store: st, Policy: access.New(st, nil), Login: logins, Passwords: password.Fast,
			Catalog: catalog, Logger: logger, Now: c.Now,
			Blob: bl, UploadDir: t.TempDir(), MaxUpload: rigMaxUpload, Live: live.NewHub(nil, logger)})
	if err != nil {
		t.Fatal(err)
	}
	return &rig{srv: srv, store: st, world: w, clock: c, blob: bl, logs: logs}
}

// sessionFor stores a session for a fixture user and returns its cookie.
func (r *rig) sessionFor(t testing.TB, name string) *http.Cookie {
	t.Helper()
	u := r.world.Users[name]
	if u == nil {
		return nil
	}
	token := "token-" + name
	now := r.clock.Now()
	err := r.store.CreateSession(context.Background(), &pluttra.Session{TokenHash: hashToken(token), OrgID: u.OrgID, UserID: u.ID,
		CreatedAt: now, LastSeenAt: now, ExpiresAt: now.Add(24 * time.Hour)})
	if err != nil && pluttra.ErrorCode(err) != pluttra.ECONFLICT {
		t.Fatal(err)
	}
	return &http.Cookie{Name: r.srv.cookieName(sessionCookie), Value: token}
}

// do serves one request in process.
func (r *rig) do(method, target string, body string, cookies ...*http.Cookie) *httptest.ResponseRecorder {
	var rd io.Reader
	if body != "" {
		rd = strings.NewReader(body)
	}
	req := httptest.NewRequest(method, target, rd)
	if body != "" {
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	}
	for _, c := range cookies {
		if c != nil {
			req.AddCookie(c)
		}
	}
	rec := httptest.NewRecorder()
	r.srv.ServeHTTP(rec, req)
	return rec
}
