# Everyday commands. `make test` is what CI runs (.ci/run); see
# CONTRIBUTING.md for what each target checks.

# Pluttra builds with a patched Go: go1.26.8's standard library has
# vulnerabilities our code reaches. The go command fetches this toolchain
# through the module proxy once; a machine ignores go.mod's version line
# unless told, so every target says it.
export GOTOOLCHAIN := go1.27.3

# staticcheck is pinned to an exact release that understands this Go version;
# `go run pkg@version` fetches it into the module cache without touching go.mod.
STATICCHECK := honnef.co/go/tools/cmd/staticcheck@v0.8.2

# Narrow a test run: make test ARGS='-run TestX ./internal/store/...'
ARGS ?=

.PHONY: build test bench alone lint vulncheck demo

# A static, stripped binary without the build machine's paths.
build:
	CGO_ENABLED=0 go build -trimpath -ldflags='-s -w' -o bin/pluttra ./cmd/pluttra
	@ls -l bin/pluttra | awk '{printf "bin/pluttra: %.1f MiB\n", $$5/1048576}'

# Lint first, then install missing services, start a throwaway PostgreSQL
# and the other services, and run the suite with the race detector; any
# failed or skipped test fails the run.
test: lint
	scripts/test.sh $(ARGS)

# The benchmarks under bench/, against the same services as the tests:
# make bench, or make bench BENCH=ImportLarge BENCHTIME=3x.
BENCH ?= .
BENCHTIME ?= 1x
bench:
	PLUTTRA_BENCH='$(BENCH)' PLUTTRA_BENCHTIME='$(BENCHTIME)' scripts/test.sh

# Every leaf subtest run on its own with -run, against the same services:
# make alone PKGS=./internal/store/... (slow: one process per subtest).
PKGS ?= ./...
alone:
	PLUTTRA_ALONE=1 scripts/test.sh $(PKGS)

# gofmt (the toolchain's own) lists unformatted files but exits 0 on them,
# hence the check of its output. testdata is skipped, as the go tool skips
# it. go mod tidy -diff fails when go.mod or go.sum is not tidy.
lint:
	@unformatted=$$(find . -name '*.go' -not -path './.git/*' -not -path '*/testdata/*' -print0 | xargs -0 -r "$$(go env GOROOT)/bin/gofmt" -l) || exit 1; \
	if [ -n "$$unformatted" ]; then echo "gofmt -l lists files to format (run gofmt -w on them):"; echo "$$unformatted"; exit 1; fi
	go mod tidy -diff
	go vet ./...
	go run $(STATICCHECK) ./...
	scripts/vulncheck.sh

# govulncheck against the vulnerability database pinned in tools/vulncheck,
# indexed locally: no network beyond the module proxy.
vulncheck:
	scripts/vulncheck.sh

demo:
	go run ./cmd/pluttra demo
