package config

import (
	"errors"
	"fmt"
	"slices"
	"strings"
)

// notSettings are the PLUTTRA_ variables that are not settings of the
// server: the test and benchmark scripts set them for the tests (see
// scripts/test.sh and the Makefile), and a server they start inherits
// them. Anything else named PLUTTRA_ must be a setting.
var notSettings = struct{ prefixes, names []string }{
	// PLUTTRA_TEST_*: where the test services are; PLUTTRA_BENCH*: which
	// benchmarks run, how long, and the benchmarks' own child processes.
	prefixes: []string{"PLUTTRA_TEST_", "PLUTTRA_BENCH"},
	// PLUTTRA_REQUIRE_SERVICES: a missing test service fails instead of
	// skipping; PLUTTRA_SCREENSHOTS: where the browser tests save pages;
	// PLUTTRA_ALONE: the test command runs each subtest on its own.
	names: []string{"PLUTTRA_REQUIRE_SERVICES", "PLUTTRA_SCREENSHOTS", "PLUTTRA_ALONE"},
}

// UnknownVariableError is a PLUTTRA_ variable that names no setting: most
// likely a misspelt one, which would otherwise leave its setting at the
// default without a word.
type UnknownVariableError struct {
	Name       string
	Suggestion string // the closest setting's variable, if one is close
}

func (e *UnknownVariableError) Error() string {
	msg := e.Name + " is not a setting"
	if e.Suggestion != "" {
		msg += fmt.Sprintf(" (did you mean %s?)", e.Suggestion)
	}
	return msg + "; run 'pluttra serve -h' for the settings"
}

// CheckEnvironment refuses every PLUTTRA_ variable in environ (NAME=value
// lines, as os.Environ gives) that is neither a setting nor one of the
// test scripts' variables.
func CheckEnvironment(environ []string) error {
	var known []string
	for _, s := range (&Config{}).settings() {
		known = append(known, EnvName(s.name))
	}
	var errs []error
	for _, kv := range environ {
		name, _, _ := strings.Cut(kv, "=")
		if !strings.HasPrefix(name, "PLUTTRA_") || slices.Contains(known, name) || isNotSetting(name) {
			continue
		}
		errs = append(errs, &UnknownVariableError{Name: name, Suggestion: closest(name, known)})
	}
	return errors.Join(errs...)
}

func isNotSetting(name string) bool {
	if slices.Contains(notSettings.names, name) {
		return true
	}
	for _, p := range notSettings.prefixes {
		if strings.HasPrefix(name, p) {
			return true
		}
	}
	return false
}

// closest is the known name fewest edits away from name, when it is near
// enough to be a slip of it: at most half the letters after PLUTTRA_
// changed, added or left out.
func closest(name string, known []string) string {
	suffix := strings.TrimPrefix(name, "PLUTTRA_")
	best, bestDist := "", len(suffix)/2+1 // a distance below this is near enough
	for _, k := range known {
		if d := editDistance(suffix, strings.TrimPrefix(k, "PLUTTRA_")); d < bestDist {
			best, bestDist = k, d
		}
	}
	return best
}

// editDistance counts the single-letter insertions, deletions and
// substitutions that turn a into b (Levenshtein).
func editDistance(a, b string) int {
	prev := make([]int, len(b)+1)
	cur := make([]int, len(b)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(a); i++ {
		cur[0] = i
		for j := 1; j <= len(b); j++ {
			cost := 1
			if a[i-1] == b[j-1] {
				cost = 0
			}
			cur[j] = min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
		}
		prev, cur = cur, prev
	}
	return prev[len(b)]
}
