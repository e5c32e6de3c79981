package main

import (
	"context"
	"io"
	"os"

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
	cfg, err := parse(command, args, def, stderr)
	if err != nil {
		return nil, err
	}
	return app.Open(ctx, cfg, app.NewLogger(cfg, stderr), app.Options{Version: buildVersion()})
}

// openStore parses a maintenance command's settings and opens only the
// store (which applies pending migrations); the caller closes it.
func openStore(ctx context.Context, command string, args []string, stderr io.Writer) (*store.Store, error) {
	cfg, err := parse(command, args, config.Defaults("./pluttra-data"), stderr)
	if err != nil {
		return nil, err
	}
	return store.Open(ctx, cfg.DatabaseURL, cfg.DataDir, store.Options{})
}

// parse reads the command's settings from args and the environment, and
// refuses a PLUTTRA_ variable that names no setting (after -h, which
// answers whatever the environment holds).
func parse(command string, args []string, def config.Config, stderr io.Writer) (*config.Config, error) {
	cfg, err := config.Parse(command, args, config.Env, def, stderr)
	if err != nil {
		return nil, err
	}
	if err := config.CheckEnvironment(os.Environ()); err != nil {
		return nil, err
	}
	return cfg, nil
}
