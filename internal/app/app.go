// Package app assembles a running Pluttra from a configuration: it opens
// the store, builds the services and the web server, and serves until told
// to stop. cmd/pluttra only parses the command line and calls it.
package app

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net"
	"net/http"
	netmail "net/mail"
	"path/filepath"
	"time"

	"github.com/pluttra/pluttra/internal/access"
	"github.com/pluttra/pluttra/internal/blob"
	"github.com/pluttra/pluttra/internal/config"
	"github.com/pluttra/pluttra/internal/i18n"
	"github.com/pluttra/pluttra/internal/live"
	"github.com/pluttra/pluttra/internal/login"
	"github.com/pluttra/pluttra/internal/mail"
	"github.com/pluttra/pluttra/internal/media"
	"github.com/pluttra/pluttra/internal/notify"
	"github.com/pluttra/pluttra/internal/password"
	"github.com/pluttra/pluttra/internal/pipeline"
	"github.com/pluttra/pluttra/internal/pluttra"
	"github.com/pluttra/pluttra/internal/push"
	"github.com/pluttra/pluttra/internal/securitylog"
	"github.com/pluttra/pluttra/internal/ss12000"
	"github.com/pluttra/pluttra/internal/store"
	"github.com/pluttra/pluttra/internal/web"
)

// App is an opened Pluttra: its store and its HTTP handler.
type App struct {
	Config  *config.Config
	Store   *store.Store
	Handler http.Handler
	Logger  *slog.Logger
	// Mail sends the outbox when an SMTP server is configured.
	Mail *mail.Dispatcher
	// SS12000 runs the organisations' scheduled pulls from their
	// school-data systems.
	SS12000 *ss12000.Syncer
	// Media processes uploads; Sweeper removes what uploads, crashes and
	// deletions leave behind.
	Media   *pipeline.Worker
	Sweeper *pipeline.Sweeper
	Blob    blob.Store
	// Live carries new posts to open pages, across nodes with PostgreSQL.
	Live *live.Hub
	// Notices delivers notices by push, email and daily digest.
	Notices *notify.Worker
}

// Options adjust an App for tests; the zero value is production.
type Options struct {
	Passwords password.Params // zero means password.Default
	Version   string
	// MediaLease is how long a media claim holds unless renewed; zero
	// means pipeline.DefaultLease. A test lengthens it to show that a
	// restarted node takes its items back at start, not at the lease's end.
	MediaLease time.Duration
}

// workDirName is the media worker's directory in the data directory: the
// originals and outputs of items being processed, emptied at every start.
const workDirName = "media-work"

// Open connects to the store (applying migrations) and builds the server.
func Open(ctx context.Context, cfg *config.Config, logger *slog.Logger, opts Options) (*App, error) {
	st, err := store.Open(ctx, cfg.DatabaseURL, cfg.DataDir, store.Options{})
	if err != nil {
		return nil, err
	}
	if err := keyRecoveryCodes(ctx, st, logger); err != nil {
		st.Close()
		return nil, err
	}
	catalog, err := i18n.Load()
	if err != nil {
		st.Close()
		return nil, err
	}
	params := opts.Passwords
	if params == (password.Params{}) {
		params = password.Default
	}
	policy := access.New(st, nil)
	bl, err := blob.Open(ctx, cfg.MediaURL, cfg.DataDir)
	if err != nil {
		st.Close()
		return nil, fmt.Errorf("media storage: %w", err)
	}
	ffmpeg, ffErr := media.FindFFmpeg()
	if ffErr != nil {
		logger.Warn("ffmpeg not found: video and sound recordings are refused until it is installed", "err", ffErr)
	}
	node, err := nodeID(cfg.DataDir)
	if err != nil {
		st.Close()
		return nil, err
	}
	worker := &pipeline.Worker{Store: st, Blob: bl, Processor: &media.Processor{FFmpeg: ffmpeg, Limits: media.DefaultLimits()},
		Node: node, Lease: opts.MediaLease, TempDir: filepath.Join(cfg.DataDir, workDirName), Now: time.Now, Logger: logger}
	uploadDir := filepath.Join(cfg.DataDir, "uploads")
	hub := live.NewHub(st, logger)
	// A photo or video ready on a published post changes what its readers
	// see: their open feeds fetch it again.
	worker.Ready = func(m *pluttra.Media) {
		if m.PostID != 0 {
			hub.Publish(context.Background(), live.Event{OrgID: m.OrgID, Kind: "post", ID: m.PostID})
		}
	}
	notices, pushKey, err := openNotices(ctx, cfg, st, catalog, logger)
	if err != nil {
		st.Close()
		return nil, err
	}
	// Failed and throttled logins go to the security log, in the same JSON
	// lines as the rest of the server's log.
	logins := login.New(st, params, login.DefaultLimits, nil)
	logins.LogEvents(securitylog.New(logger))
	var dispatcher *mail.Dispatcher
	var wakeMail func()
	if cfg.SMTPURL != "" {
		sender, err := mail.NewSMTP(cfg.SMTPURL, cfg.MailFrom)
		if err != nil {
			st.Close()
			return nil, err
		}
		dispatcher = &mail.Dispatcher{Outbox: st, Sender: sender, Now: time.Now, Logger: logger}
		wakeMail = dispatcher.Wake
	}
	srv, err := web.New(web.Options{BaseURL: cfg.BaseURL, SessionIdle: cfg.SessionIdle, SessionMax: cfg.SessionMax, Version: opts.Version,
		PushKey: pushKey, PushAllowLocal: cfg.PushAllowLocal, TrustedProxies: cfg.TrustedProxies},
		web.Deps{
			Store:      st,
			Policy:     policy,
			Login:      logins,
			Passwords:  params,
			OutboxOnly: cfg.SMTPURL == "",
			Catalog:    catalog,
			Logger:     logger,
			Blob:       bl,
			UploadDir:  uploadDir,
			MaxUpload:  cfg.MaxUpload,
			// Without ffmpeg, video and sound are refused, never kept raw.
			FFmpegMissing: ffmpeg == nil,
			WakeMedia:     worker.Wake,
			Live:          hub,
			WakeNotices:   notices.Wake,
			WakeMail:      wakeMail,
		})
	if err != nil {
		st.Close()
		return nil, err
	}
	return &App{Config: cfg, Store: st, Handler: srv, Logger: logger, Media: worker, Blob: bl, Live: hub, Notices: notices, Mail: dispatcher,
		Sweeper: &pipeline.Sweeper{Store: st, Blob: bl, UploadDir: uploadDir, Now: time.Now, Logger: logger},
		SS12000: &ss12000.Syncer{Store: st, Now: time.Now, Today: policy.Today, Logger: logger}}, nil
}

// openNotices makes the notice worker and its push sender. The VAPID key
// is derived from an installation secret, made at first start and shared
// by every node through the database.
func openNotices(ctx context.Context, cfg *config.Config, st *store.Store, catalog *i18n.Catalog, logger *slog.Logger) (*notify.Worker, string, error) {
	secret, err := st.Secret(ctx, "vapid")
	if err != nil {
		return nil, "", fmt.Errorf("push key: %w", err)
	}
	keys, err := push.KeysFromSecret(secret)
	if err != nil {
		return nil, "", err
	}
	subscriber := "mailto:" + cfg.MailFrom
	if a, err := netmail.ParseAddress(cfg.MailFrom); err == nil {
		subscriber = "mailto:" + a.Address
	}
	sender := &push.Sender{Keys: keys, Subscriber: subscriber, Client: push.NewClient(pushTimeout, cfg.PushAllowLocal), TTL: 24 * time.Hour}
	return &notify.Worker{Store: st, Push: sender, Catalog: catalog, BaseURL: cfg.BaseURL, Now: time.Now, Logger: logger}, keys.Public, nil
}

// pushTimeout bounds one request to a push service; the worker's other
// deliveries go on meanwhile.
const pushTimeout = 10 * time.Second

// Close releases the store.
func (a *App) Close() error { return a.Store.Close() }

// ss12000CheckEvery is how often the server looks for scheduled pulls
// that are due; the schedules themselves are hours apart.
const ss12000CheckEvery = time.Minute

// optimizeLoop refreshes the query planner's statistics every few hours,
// as the data grows.
func (a *App) optimizeLoop(ctx context.Context) {
	for {
		select {
		case <-ctx.Done():
			return
		case <-time.After(optimizeEvery):
		}
		if err := a.Store.Optimize(ctx); err != nil && ctx.Err() == nil {
			a.Logger.Warn("refreshing query statistics", "err", err)
		}
	}
}

// optimizeEvery is how often the planner's statistics are refreshed.
const optimizeEvery = 6 * time.Hour

// sweepEvery is how often leftovers of uploads and deletions are removed.
const sweepEvery = time.Hour

// shutdownGrace is how long in-flight requests get to finish after SIGTERM.
const shutdownGrace = 25 * time.Second

// Serve listens on the configured address and serves until ctx ends, then
// stops accepting connections and lets in-flight requests finish. ready, if
// set, receives the bound address once listening.
func (a *App) Serve(ctx context.Context, ready func(addr string)) error {
	ln, err := net.Listen("tcp", a.Config.Listen)
	if err != nil {
		return fmt.Errorf("listen: %w", err)
	}
	srv := &http.Server{
		Handler:           a.Handler,
		ReadHeaderTimeout: 10 * time.Second,
		ReadTimeout:       60 * time.Second,
		WriteTimeout:      60 * time.Second,
		IdleTimeout:       120 * time.Second,
		MaxHeaderBytes:    64 << 10,
		ErrorLog:          slog.NewLogLogger(a.Logger.Handler(), slog.LevelWarn),
		BaseContext:       func(net.Listener) context.Context { return context.WithoutCancel(ctx) },
	}
	served := make(chan error, 1)
	go func() { served <- srv.Serve(ln) }()
	a.Logger.Info("serving", "addr", ln.Addr().String(), "base_url", a.Config.BaseURL, "database", a.Store.Dialect())
	if ready != nil {
		ready(ln.Addr().String())
	}
	go a.SS12000.Loop(ctx, ss12000CheckEvery)
	// What this node was processing when it last stopped without letting
	// go is due again now; a failure here leaves it to the claims' end.
	if err := a.Media.Reclaim(ctx); err != nil {
		a.Logger.Error("taking back interrupted media", "err", err)
	}
	mediaDone := make(chan struct{})
	go func() {
		defer close(mediaDone)
		a.Media.Run(ctx)
	}()
	go a.Live.Run(ctx, nil)
	go a.Sweeper.Loop(ctx, sweepEvery)
	go a.optimizeLoop(ctx)
	go a.Notices.Run(ctx)
	if a.Mail != nil {
		go a.Mail.Run(ctx)
	} else {
		a.Logger.Info("no SMTP server configured: mail stays in the outbox, readable by the org admin")
	}
	select {
	case err := <-served:
		return err
	case <-ctx.Done():
	}
	a.Logger.Info("shutting down: finishing requests in flight")
	sctx, cancel := context.WithTimeout(context.Background(), shutdownGrace)
	defer cancel()
	if err := srv.Shutdown(sctx); err != nil {
		return fmt.Errorf("shutdown: %w", err)
	}
	if err := <-served; !errors.Is(err, http.ErrServerClosed) {
		return err
	}
	// The media worker has killed its ffmpeg with the context; wait until
	// it has given its item back, so the next start or node takes it at once.
	select {
	case <-mediaDone:
	case <-sctx.Done():
		a.Logger.Warn("media worker still busy at shutdown: its item is taken back at the next start")
	}
	a.Logger.Info("stopped")
	return nil
}

// NewLogger returns the JSON logger at the configured level.
func NewLogger(cfg *config.Config, w interface{ Write([]byte) (int, error) }) *slog.Logger {
	var level slog.Level
	level.UnmarshalText([]byte(cfg.LogLevel))
	return slog.New(slog.NewJSONHandler(w, &slog.HandlerOptions{Level: level}))
}
