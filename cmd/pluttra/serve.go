package main

import (
	"context"
	"io"

	"github.com/pluttra/pluttra/internal/app"
	"github.com/pluttra/pluttra/internal/config"
)

func serve(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	cfg, err := config.Parse("serve", args, config.Env, config.Defaults("./pluttra-data"), stderr)
	if err != nil {
		return err
	}
	logger := app.NewLogger(cfg, stderr)
	a, err := app.Open(ctx, cfg, logger, app.Options{Version: buildVersion()})
	if err != nil {
		return err
	}
	defer a.Close()
	return a.Serve(ctx, nil)
}
