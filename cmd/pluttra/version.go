package main

import (
	"context"
	"fmt"
	"io"
	"runtime/debug"
)

// Version is set at build time with -ldflags "-X main.Version=v1.2.3".
var Version = "dev"

func buildVersion() string {
	if Version != "dev" {
		return Version
	}
	if bi, ok := debug.ReadBuildInfo(); ok && bi.Main.Version != "" && bi.Main.Version != "(devel)" {
		return bi.Main.Version
	}
	return Version
}

// Licence names the licence Pluttra is given under, with its SPDX identifier,
// so whoever runs a binary can tell what they may do with it.
const Licence = "EUPL-1.2 (European Union Public Licence 1.2)"

func version(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fmt.Fprintf(stdout, "pluttra %s\nLicensed under the %s; see LICENSE.\n", buildVersion(), Licence)
	return nil
}
