//go:build tools

// Package tools pins govulncheck and the Go vulnerability database it reads,
// so `make vulncheck` needs no network once the modules are cached: the
// database's OSV files come from the golang.org/x/vulndb module and are
// indexed locally, instead of fetched from vuln.go.dev.
package tools

import (
	_ "golang.org/x/vuln/cmd/govulncheck"
	_ "golang.org/x/vulndb/cmd/indexdb"
)
