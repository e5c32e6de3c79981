// Package bench holds Pluttra's benchmarks. Run them with `make bench`,
// which starts the same services as `make test`; the figures in the issue
// notes come from there.
package bench
