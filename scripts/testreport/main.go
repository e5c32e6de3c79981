// Command testreport turns the event stream of `go test -json` (read on
// standard input) into a report for people, and into an exit status that
// holds the whole suite to account.
//
// As the events arrive it prints the one-line result of each package, as
// plain `go test` does, and the full output of every test that failed, of
// every package that failed to build and of every test binary that failed
// outside a test. At the end it lists the failed and skipped tests (with
// each skip's reason) and closes with exactly one line:
//
//	N passed, N failed, N skipped
//
// counting individual tests, subtests included. It exits 1 when a test or a
// package failed, when a test was skipped (the suite is meant to run
// everything, so a skip means a service or setup is missing) or when no test
// ran at all; otherwise 0.
//
// Lines that are not JSON events (the go command's own messages, and build
// errors from Go versions that print them as text) are passed through
// unchanged; those that look like errors fail the run.
package main

import (
	"bufio"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"regexp"
	"strings"
)

func main() {
	os.Exit(run(os.Stdin, os.Stdout))
}

// event is one line of `go test -json` (see `go doc test2json`). Build
// events (Go 1.24 and later) carry ImportPath instead of Package.
type event struct {
	Action     string
	Package    string
	Test       string
	Output     string
	ImportPath string
}

// test is what is known of one test (or subtest) while its package runs.
type test struct {
	name   string
	output []string
	done   bool
	// failedSubtests counts failed descendants: a parent whose only output
	// is its RUN and FAIL lines is then not printed, its subtest says it all.
	failedSubtests int
}

// pkg is what is known of one package while its test binary runs.
type pkg struct {
	path   string
	output []string // lines printed outside any test
	result string   // the one-line result, printed once the package ends
	tests  map[string]*test
	order  []string // test names in the order they started
	done   bool
}

// skip is a skipped test and why it was skipped.
type skip struct {
	pkg, test string
	reason    []string
}

// report accumulates the run and writes to out as it goes.
type report struct {
	out  io.Writer
	pkgs map[string]*pkg
	// order lists packages as they appeared, to finish unfinished ones in order.
	order                   []string
	passed, failed, skipped int
	failedTests             []string
	failedPkgs              []string
	failedBuilds            []string
	skips                   []skip
	// textErrors holds non-JSON lines that look like errors.
	textErrors []string
}

// run reads events from in until EOF, reports on out and returns the exit status.
func run(in io.Reader, out io.Writer) int {
	r := &report{out: out, pkgs: map[string]*pkg{}}
	br := bufio.NewReader(in)
	for {
		// ReadString, not a Scanner: a test may print lines longer than any
		// fixed buffer.
		line, err := br.ReadString('\n')
		if line != "" {
			r.line(strings.TrimSuffix(line, "\n"))
		}
		if err != nil {
			break
		}
	}
	return r.finish()
}

// line handles one input line, JSON event or not.
func (r *report) line(line string) {
	var e event
	if !strings.HasPrefix(line, "{") || json.Unmarshal([]byte(line), &e) != nil || e.Action == "" {
		fmt.Fprintln(r.out, line)
		if looksLikeError(line) {
			r.textErrors = append(r.textErrors, line)
		}
		return
	}
	switch e.Action {
	case "build-output":
		// Compiler messages, printed as plain go test prints them.
		fmt.Fprint(r.out, e.Output)
	case "build-fail":
		r.failedBuilds = append(r.failedBuilds, e.ImportPath)
	case "start":
		r.pkg(e.Package)
	case "run":
		if e.Test != "" {
			r.test(e.Package, e.Test)
		}
	case "output":
		r.output(e)
	case "pass", "fail", "skip":
		if e.Test != "" {
			r.endTest(e.Package, e.Test, e.Action)
		} else {
			r.endPackage(e.Package, e.Action)
		}
	}
}

func (r *report) pkg(path string) *pkg {
	p := r.pkgs[path]
	if p == nil {
		p = &pkg{path: path, tests: map[string]*test{}}
		r.pkgs[path] = p
		r.order = append(r.order, path)
	}
	return p
}

func (r *report) test(pkgPath, name string) *test {
	p := r.pkg(pkgPath)
	t := p.tests[name]
	if t == nil {
		t = &test{name: name}
		p.tests[name] = t
		p.order = append(p.order, name)
	}
	return t
}

func (r *report) output(e event) {
	line := strings.TrimSuffix(e.Output, "\n")
	if e.Test != "" {
		t := r.test(e.Package, e.Test)
		t.output = append(t.output, line)
		return
	}
	p := r.pkg(e.Package)
	if isPackageResult(line) {
		// Held back until the package ends, so that it closes the
		// package's failure output, as in plain go test.
		p.result = line
		return
	}
	p.output = append(p.output, line)
}

func (r *report) endTest(pkgPath, name, action string) {
	p := r.pkg(pkgPath)
	t := r.test(pkgPath, name)
	t.done = true
	switch action {
	case "pass":
		r.passed++
	case "skip":
		r.skipped++
		r.skips = append(r.skips, skip{pkg: pkgPath, test: name, reason: skipReason(t.output)})
	case "fail":
		r.failTest(p, t, "")
	}
}

// failTest counts a failed test and prints its output, unless the test is
// a parent whose output is only framing around failed subtests.
func (r *report) failTest(p *pkg, t *test, note string) {
	r.failed++
	r.failedTests = append(r.failedTests, p.path+" "+t.name)
	for parent := t.name; strings.Contains(parent, "/"); {
		parent = parent[:strings.LastIndex(parent, "/")]
		if pt := p.tests[parent]; pt != nil {
			pt.failedSubtests++
		}
	}
	if t.failedSubtests > 0 && onlyFraming(t.output) {
		return
	}
	fmt.Fprintf(r.out, "=== FAILED %s %s%s\n", p.path, t.name, note)
	for _, l := range t.output {
		fmt.Fprintln(r.out, l)
	}
}

// endPackage closes a package: tests that never finished failed (their
// binary crashed or was killed around them), and a failed package's output
// outside its tests is printed when it says more than the result line.
func (r *report) endPackage(path, action string) {
	p := r.pkg(path)
	if p.done {
		return
	}
	p.done = true
	r.failUnfinished(p)
	if action == "fail" {
		r.failedPkgs = append(r.failedPkgs, path)
		var extra []string
		for _, l := range p.output {
			if l != "PASS" && l != "FAIL" {
				extra = append(extra, l)
			}
		}
		if len(extra) > 0 {
			fmt.Fprintf(r.out, "=== FAILED %s (outside any test)\n", path)
			for _, l := range extra {
				fmt.Fprintln(r.out, l)
			}
		}
	}
	if p.result != "" {
		fmt.Fprintln(r.out, p.result)
	}
}

func (r *report) failUnfinished(p *pkg) {
	// Children first, so a parent's "failed subtests" count is known when
	// the parent is reported.
	for i := len(p.order) - 1; i >= 0; i-- {
		if t := p.tests[p.order[i]]; !t.done {
			t.done = true
			r.failTest(p, t, " (did not finish)")
		}
	}
}

// finish completes packages whose end never arrived (the stream was cut),
// writes the closing summary and returns the exit status.
func (r *report) finish() int {
	for _, path := range r.order {
		if p := r.pkgs[path]; !p.done {
			p.done = true
			r.failUnfinished(p)
			r.failedPkgs = append(r.failedPkgs, path+" (no result)")
			if p.result != "" {
				fmt.Fprintln(r.out, p.result)
			}
		}
	}
	status := 0
	if len(r.failedTests) > 0 {
		status = 1
		r.list("Failed tests:", r.failedTests)
	}
	if len(r.failedPkgs) > 0 {
		status = 1
		r.list("Failed packages:", r.failedPkgs)
	}
	if len(r.failedBuilds) > 0 {
		status = 1
		r.list("Failed builds:", r.failedBuilds)
	}
	if len(r.textErrors) > 0 {
		status = 1
		r.list("Errors from the go command:", r.textErrors)
	}
	if len(r.skips) > 0 {
		status = 1
		fmt.Fprintln(r.out, "\nSkipped tests (a skip fails the run: every test must run):")
		for _, s := range r.skips {
			fmt.Fprintf(r.out, "  %s %s\n", s.pkg, s.test)
			for _, l := range s.reason {
				fmt.Fprintf(r.out, "      %s\n", l)
			}
		}
	}
	if r.passed+r.failed+r.skipped == 0 {
		status = 1
		fmt.Fprintln(r.out, "\nNo tests ran.")
	}
	fmt.Fprintf(r.out, "%d passed, %d failed, %d skipped\n", r.passed, r.failed, r.skipped)
	return status
}

func (r *report) list(title string, items []string) {
	fmt.Fprintln(r.out, "\n"+title)
	for _, it := range items {
		fmt.Fprintln(r.out, "  "+it)
	}
}

// isPackageResult reports whether line is the one-line result go test
// prints for a package: "ok  \tpkg\t1.2s", "FAIL\tpkg\t1.2s",
// "FAIL\tpkg [build failed]" or "?   \tpkg\t[no test files]".
func isPackageResult(line string) bool {
	return strings.HasPrefix(line, "ok  \t") || strings.HasPrefix(line, "FAIL\t") || strings.HasPrefix(line, "?   \t")
}

// isFraming reports whether a test output line is the test runner's own
// bookkeeping rather than something the test said.
func isFraming(line string) bool {
	for _, p := range []string{"=== RUN", "=== PAUSE", "=== CONT", "=== NAME", "--- PASS:", "--- FAIL:", "--- SKIP:"} {
		if strings.HasPrefix(strings.TrimSpace(line), p) {
			return true
		}
	}
	return false
}

func onlyFraming(lines []string) bool {
	for _, l := range lines {
		if strings.TrimSpace(l) != "" && !isFraming(l) {
			return false
		}
	}
	return true
}

// skipReason is what a skipped test said: its t.Skip message and any logs.
func skipReason(lines []string) []string {
	var reason []string
	for _, l := range lines {
		if s := strings.TrimSpace(l); s != "" && !isFraming(l) {
			reason = append(reason, s)
		}
	}
	if len(reason) == 0 {
		reason = []string{"(no reason given)"}
	}
	return reason
}

var (
	// A compiler or vet position: "internal/x/y.go:12:3: undefined: z".
	goPosition = regexp.MustCompile(`\.go:\d+(:\d+)?: `)
	// Messages of the go command that are progress, not trouble.
	goProgress = regexp.MustCompile(`^go: (downloading|finding|extracting|added|upgraded) `)
)

// looksLikeError reports whether a non-JSON line is a build or go command
// error, as opposed to harmless chatter such as module downloads.
func looksLikeError(line string) bool {
	switch {
	case strings.TrimSpace(line) == "":
		return false
	case goProgress.MatchString(line):
		return false
	case strings.HasPrefix(line, "# "), // the header above a package's build errors
		strings.HasPrefix(line, "go: "),
		strings.HasPrefix(line, "FAIL"),
		strings.HasPrefix(line, "panic: "),
		strings.HasPrefix(line, "fatal error: "),
		goPosition.MatchString(line):
		return true
	}
	for _, s := range []string{"[build failed]", "[setup failed]", "can't load package", "cannot find package",
		"no required module provides", "matched no packages", "no Go files in", "build constraints exclude"} {
		if strings.Contains(line, s) {
			return true
		}
	}
	return false
}
