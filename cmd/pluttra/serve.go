package main

import (
	"context"
	"io"
)

func serve(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	a, err := openApp(ctx, "serve", "./pluttra-data", args, stderr)
	if err != nil {
		return err
	}
	defer a.Close()
	return a.Serve(ctx, nil)
}
