package main

import (
	"context"
	"io"

	"github.com/pluttra/pluttra/internal/app"
	"github.com/pluttra/pluttra/internal/config"
	"github.com/pluttra/pluttra/internal/store"
)

// openApp parses a serving command's settings and opens Pluttra; the
// caller closes it.
func openApp(ctx context.Context, command, dataDir string, args []string, stderr io.Writer) (*app.App, error) {
	def := config.Defaults(dataDir)
	// The demo runs on one machine: a push endpoint there may be local.
	def.PushAllowLocal = command == "demo"
	cfg, err := config.Parse(command, args, config.Env, def, stderr)
	if err != nil {
		return nil, err
	}
	return app.Open(ctx, cfg, app.NewLogger(cfg, stderr), app.Options{Version: buildVersion()})
}

// openStore parses a maintenance command's settings and opens only the
// store (which applies pending migrations); the caller closes it.
func openStore(ctx context.Context, command string, args []string, stderr io.Writer) (*store.Store, error) {
	cfg, err := config.Parse(command, args, config.Env, config.Defaults("./pluttra-data"), stderr)
	if err != nil {
		return nil, err
	}
	return store.Open(ctx, cfg.DatabaseURL, cfg.DataDir, store.Options{})
}
