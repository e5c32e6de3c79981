package main

import (
	"context"
	"fmt"
	"io"
	"time"

	"github.com/pluttra/pluttra/internal/config"
	"github.com/pluttra/pluttra/internal/store"
)

var nowFunc = time.Now

// migrate applies pending migrations (opening the store does) and exits.
func migrate(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	cfg, err := config.Parse("migrate", args, config.Env, config.Defaults("./pluttra-data"), stderr)
	if err != nil {
		return err
	}
	s, err := store.Open(ctx, cfg.DatabaseURL, cfg.DataDir, store.Options{})
	if err != nil {
		return err
	}
	defer s.Close()
	fmt.Fprintf(stdout, "migrations applied (%s)\n", s.Dialect())
	return nil
}
