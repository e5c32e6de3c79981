package main

import (
	"context"
	"fmt"
	"io"
	"time"
)

var nowFunc = time.Now

// migrate applies pending migrations (opening the store does) and exits.
func migrate(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	s, err := openStore(ctx, "migrate", args, stderr)
	if err != nil {
		return err
	}
	defer s.Close()
	fmt.Fprintf(stdout, "migrations applied (%s)\n", s.Dialect())
	return nil
}
