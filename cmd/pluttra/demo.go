package main

import (
	"context"
	"fmt"
	"io"

	"github.com/pluttra/pluttra/internal/access"
	"github.com/pluttra/pluttra/internal/demo"
	"github.com/pluttra/pluttra/internal/password"
	"github.com/pluttra/pluttra/internal/pluttra"
)

// demoCmd serves with the demo organisation, seeding it on first start.
func demoCmd(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	a, err := openApp(ctx, "demo", "./pluttra-demo", args, stderr)
	if err != nil {
		return err
	}
	cfg := a.Config
	defer a.Close()
	created, err := demo.Seed(ctx, a.Store, password.Hash(demo.Password, password.Default), pluttra.DateOf(nowFunc(), access.Stockholm))
	if err != nil {
		return fmt.Errorf("seeding the demo: %w", err)
	}
	return a.Serve(ctx, func(addr string) {
		state := "existing"
		if created {
			state = "new"
		}
		fmt.Fprintf(stdout, "\nPluttra demo (%s data in %s) is running at %s\n\nLog in with password %q as:\n", state, cfg.DataDir, cfg.BaseURL, demo.Password)
		for _, l := range demo.Logins {
			fmt.Fprintf(stdout, "  %-34s %s\n", l.Email, l.Role)
		}
		fmt.Fprint(stdout, "\nStop with Ctrl-C.\n")
	})
}
