// Package web serves Pluttra's pages: server-rendered HTML, one handler per
// file, every route listed in routes.go with the access action it needs.
package web

import (
	"log/slog"
	"net/http"
	"net/netip"
	"time"

	tusd "github.com/tus/tusd/v2/pkg/handler"

	"github.com/pluttra/pluttra/internal/access"
	"github.com/pluttra/pluttra/internal/blob"
	"github.com/pluttra/pluttra/internal/i18n"
	"github.com/pluttra/pluttra/internal/live"
	"github.com/pluttra/pluttra/internal/login"
	"github.com/pluttra/pluttra/internal/password"
	"github.com/pluttra/pluttra/internal/pluttra"
	"github.com/pluttra/pluttra/internal/securitylog"
	"github.com/pluttra/pluttra/internal/ss12000"
)

// Options are the settings the web layer needs from the configuration.
type Options struct {
	BaseURL     string        // public URL; https turns on Secure cookies and HSTS
	SessionIdle time.Duration // a session unused this long ends
	SessionMax  time.Duration // a session ends this long after login, used or not
	Version     string
	// LiveMaxStream is how long one live-event stream lasts before the
	// browser reconnects (default 10 minutes).
	LiveMaxStream time.Duration
	// LiveHeartbeat is how often a quiet live-event stream sends a
	// keep-alive, so that proxies keep it open (default 25 seconds).
	LiveHeartbeat time.Duration
	// PushKey is the installation's public VAPID key, which browsers
	// subscribe to push with.
	PushKey string
	// PushAllowLocal takes push endpoints on plain http and local
	// addresses (tests, a demo on one machine); otherwise only https
	// endpoints of public hosts.
	PushAllowLocal bool
	// CalendarFeedLimit is how many requests a calendar feed address
	// answers in an hour before 429 (default 60).
	CalendarFeedLimit int
	// SS12000 bounds and guards the school-data client. The zero value
	// is production's: https to public addresses only. Tests set
	// ss12000test.ClientOptions() to reach their fixture server.
	SS12000 ss12000.Options
	// TrustedProxies are the reverse proxies whose X-Forwarded-For or
	// Forwarded header names the client (client_address.go).
	TrustedProxies []netip.Prefix
}

// Deps are the services the web layer uses, passed in by main.
type Deps struct {
	Store  pluttra.Store
	Policy *access.Policy
	Login  *login.Service
	// Passwords are the hashing parameters for new passwords.
	Passwords password.Params
	// OutboxOnly: no SMTP server is configured, so the admin reads the
	// mail in the outbox page instead (the demo works this way).
	OutboxOnly bool
	Catalog    *i18n.Catalog
	Logger     *slog.Logger
	Now        func() time.Time

	// Media: where the bytes are kept, where uploads gather on this node
	// until complete, and the largest upload taken.
	Blob      blob.Store
	UploadDir string
	MaxUpload int64
	// FFmpegMissing: video and recordings are refused, never kept raw.
	FFmpegMissing bool
	// WakeMedia tells this node's media pipeline an upload is waiting.
	WakeMedia func()
	// Live carries new posts to open pages.
	Live *live.Hub
	// WakeNotices tells this node's notice worker that notices were
	// written; it never blocks.
	WakeNotices func()
	// WakeMail tells this node's mail dispatcher that mail is due now; it
	// never blocks. Nil without an SMTP server.
	WakeMail func()
}

// Server holds what every handler needs.
type Server struct {
	opts    Options
	deps    Deps
	secure  bool // served over https
	pages   *pages
	ss12000 *ss12000.Syncer // pulls from the school-data system on the admin's request
	uploads *tusd.UnroutedHandler
	routes  []route
	handler http.Handler
	// recentAccess holds the reads recorded in the last minute.
	recentAccess *recentAccess
	// kept holds pages served again while current (page_cache.go).
	kept *pageCache
	// sessions holds sessions read while current (session_cache.go).
	sessions knownSessions
	// liveAudiences shares each live event's facts among the node's
	// streams (live_audience.go).
	liveAudiences liveAudiences
	// readiness keeps /readyz's last check for a moment (health.go).
	readiness readiness
	// clients finds the address a request came from (client_address.go).
	clients *clientAddresses
	// security writes the security log: what admins and users did to
	// accounts (login failures are written by deps.Login).
	security *securitylog.Log
}

// New builds the server; it fails when a page's template is missing or broken.
func New(opts Options, deps Deps) (*Server, error) {
	if deps.Now == nil {
		deps.Now = time.Now
	}
	if deps.Logger == nil {
		deps.Logger = slog.Default()
	}
	if opts.CalendarFeedLimit == 0 {
		opts.CalendarFeedLimit = defaultFeedLimit
	}
	if opts.LiveMaxStream == 0 {
		opts.LiveMaxStream = 10 * time.Minute
	}
	if opts.LiveHeartbeat == 0 {
		opts.LiveHeartbeat = 25 * time.Second
	}
	s := &Server{opts: opts, deps: deps, secure: isHTTPS(opts.BaseURL), recentAccess: newRecentAccess(), kept: newPageCache(),
		security: securitylog.New(deps.Logger)}
	s.ss12000 = &ss12000.Syncer{Store: deps.Store, Now: deps.Now, Today: deps.Policy.Today, Logger: deps.Logger, Client: opts.SS12000}
	var err error
	if s.clients, err = newClientAddresses(opts.TrustedProxies); err != nil {
		return nil, err
	}
	if s.pages, err = loadPages(); err != nil {
		return nil, err
	}
	if s.uploads, err = s.newUploads(); err != nil {
		return nil, err
	}
	s.routes = s.routeTable()
	s.handler = s.buildHandler()
	return s, nil
}

// ServeHTTP serves a request.
func (s *Server) ServeHTTP(w http.ResponseWriter, r *http.Request) { s.handler.ServeHTTP(w, r) }

// Routes returns the route table, for tests that walk it.
func (s *Server) Routes() []RouteInfo {
	out := make([]RouteInfo, len(s.routes))
	for i, rt := range s.routes {
		out[i] = RouteInfo{Pattern: rt.pattern, Action: rt.action, Public: rt.public}
	}
	return out
}

// RouteInfo describes a route for tests.
type RouteInfo struct {
	Pattern string
	Action  access.Action
	Public  string // why the route needs no access decision
}
