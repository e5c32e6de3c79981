# Everyday commands. `make test` is what CI runs (.ci/run); see
# CONTRIBUTING.md for what each target checks.

# staticcheck is pinned to an exact release that understands this Go version;
# `go run pkg@version` fetches it into the module cache without touching go.mod.
STATICCHECK := honnef.co/go/tools/cmd/staticcheck@v0.8.2

# Narrow a test run: make test ARGS='-run TestX ./internal/store/...'
ARGS ?=

.PHONY: build test bench lint demo

build:
	CGO_ENABLED=0 go build -o bin/pluttra ./cmd/pluttra

# Installs missing services, starts a throwaway PostgreSQL, runs the suite
# with the race detector and fails on any failed or skipped test.
test:
	scripts/test.sh $(ARGS)

# The benchmarks under bench/, against the same services as the tests:
# make bench, or make bench BENCH=ImportLarge BENCHTIME=3x.
BENCH ?= .
BENCHTIME ?= 1x
bench:
	PLUTTRA_BENCH='$(BENCH)' PLUTTRA_BENCHTIME='$(BENCHTIME)' scripts/test.sh

# gofmt lists unformatted files but exits 0 on them, hence the check of its
# output. testdata is skipped, as the go tool skips it.
lint:
	@unformatted=$$(find . -name '*.go' -not -path './.git/*' -not -path '*/testdata/*' -print0 | xargs -0 -r gofmt -l) || exit 1; \
	if [ -n "$$unformatted" ]; then echo "gofmt -l lists files to format (run gofmt -w on them):"; echo "$$unformatted"; exit 1; fi
	go vet ./...
	go run $(STATICCHECK) ./...

demo:
	go run ./cmd/pluttra demo
