// Command pluttra runs Pluttra: the server, the demo, migrations and the
// generator for benchmark data. It only parses the command line and wires
// the packages together.
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"os/signal"
	"syscall"

	"github.com/pluttra/pluttra/internal/config"
)

// command is one subcommand.
type command struct {
	name, summary string
	run           func(ctx context.Context, args []string, stdout, stderr io.Writer) error
}

func commands() []command {
	return []command{
		{"serve", "run the server", serve},
		{"demo", "run the server with a seeded demo organisation (data in ./pluttra-demo)", demoCmd},
		{"migrate", "apply database migrations and exit", migrate},
		{"generate", "fill the database with a large generated municipality, for benchmarks", generate},
		{"version", "print the version", version},
		{"help", "show this help", nil},
	}
}

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), syscall.SIGTERM, os.Interrupt)
	defer stop()
	os.Exit(run(ctx, os.Args[1:], os.Stdout, os.Stderr))
}

func run(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	if len(args) == 0 || args[0] == "help" || args[0] == "-h" || args[0] == "--help" {
		usage(stdout)
		return 0
	}
	for _, c := range commands() {
		if c.name == args[0] && c.run != nil {
			err := c.run(ctx, args[1:], stdout, stderr)
			if errors.Is(err, flag.ErrHelp) {
				return 0
			}
			if err != nil {
				fmt.Fprintf(stderr, "pluttra %s: %v\n", c.name, err)
				// A variable that names no setting is a usage error, like an
				// unknown command: the operator's typo, not a failure to run.
				if unknown := (*config.UnknownVariableError)(nil); errors.As(err, &unknown) {
					return 2
				}
				return 1
			}
			return 0
		}
	}
	fmt.Fprintf(stderr, "pluttra: unknown command %q\n\n", args[0])
	usage(stderr)
	return 2
}

func usage(w io.Writer) {
	fmt.Fprint(w, "Pluttra: preschool documentation that guardians follow, safely.\n\nUsage: pluttra <command> [flags]\n\nCommands:\n")
	for _, c := range commands() {
		fmt.Fprintf(w, "  %-9s %s\n", c.name, c.summary)
	}
	fmt.Fprint(w, "\nRun 'pluttra <command> -h' for the settings of a command. Every setting is a flag and a\n"+
		"PLUTTRA_ environment variable of the same name, e.g. --database-url and PLUTTRA_DATABASE_URL;\n"+
		"any other PLUTTRA_ variable is an error (exit status 2), so a misspelt name is never ignored.\n"+
		"\nVideo and sound recordings need ffmpeg and ffprobe on the PATH (Debian package ffmpeg);\n"+
		"without them they are refused with a clear message, and photos still work.\n"+
		"\nPluttra is free software under the "+Licence+".\n")
}
