// Command alone runs every leaf subtest of the given packages on its own,
// with -run matching that subtest alone, and reports those that fail.
//
// A subtest that passes in the full run but fails alone depends on an earlier
// subtest's data or on the order of the run; whoever reruns it with -run to
// look at a failure then sees another failure than CI did. This command finds
// them. It is slow (one process per subtest), so it is not part of make test:
//
//	make alone PKGS=./internal/store/...
//
// It builds each package's test binary once (go test -c), runs the whole
// binary once with -test.v to learn the names, then runs each leaf (a test
// or subtest with no subtests of its own) with -test.run '^A$/^B$/^C$',
// several at a time. It exits 1 when any leaf fails alone.
package main

import (
	"bufio"
	"bytes"
	"context"
	"flag"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"sort"
	"strings"
	"sync"
	"time"
)

func main() {
	parallel := flag.Int("p", 2, "leaves run at once")
	race := flag.Bool("race", false, "build with the race detector")
	timeout := flag.Duration("timeout", 10*time.Minute, "limit for one leaf")
	filter := flag.String("run", "", "only leaves whose full name matches this regexp")
	flag.Parse()
	pkgs := flag.Args()
	if len(pkgs) == 0 {
		pkgs = []string{"./..."}
	}
	os.Exit(run(pkgs, *parallel, *race, *timeout, *filter))
}

// pkg is one package with tests: its directory (tests run there, as go test
// runs them) and import path.
type pkg struct{ dir, path string }

func run(patterns []string, parallel int, race bool, timeout time.Duration, filter string) int {
	pkgs, err := listPackages(patterns)
	if err != nil {
		fmt.Fprintln(os.Stderr, "alone:", err)
		return 2
	}
	var only *regexp.Regexp
	if filter != "" {
		only = regexp.MustCompile(filter)
	}
	tmp, err := os.MkdirTemp("", "alone-")
	if err != nil {
		fmt.Fprintln(os.Stderr, "alone:", err)
		return 2
	}
	defer os.RemoveAll(tmp)
	failed, total := 0, 0
	for i, p := range pkgs {
		bin := filepath.Join(tmp, fmt.Sprintf("p%d.test", i))
		args := []string{"test", "-c", "-o", bin}
		if race {
			args = append(args, "-race")
		}
		if out, err := exec.Command("go", append(args, p.path)...).CombinedOutput(); err != nil {
			fmt.Printf("FAIL %s: build: %v\n%s", p.path, err, out)
			failed++
			continue
		}
		if _, err := os.Stat(bin); err != nil {
			continue // no test files
		}
		names, err := leafNames(p.dir, bin, timeout)
		if err != nil {
			fmt.Printf("FAIL %s: the whole run: %v\n", p.path, err)
			failed++
			continue
		}
		var leaves []string
		for _, n := range names {
			if only == nil || only.MatchString(n) {
				leaves = append(leaves, n)
			}
		}
		f := runLeaves(p, bin, leaves, parallel, timeout)
		fmt.Printf("%s: %d leaves, %d failed alone\n", p.path, len(leaves), f)
		failed += f
		total += len(leaves)
	}
	fmt.Printf("%d leaves run alone, %d failed\n", total, failed)
	if failed > 0 {
		return 1
	}
	return 0
}

func listPackages(patterns []string) ([]pkg, error) {
	out, err := exec.Command("go", append([]string{"list", "-f", "{{.Dir}}\t{{.ImportPath}}\t{{len .TestGoFiles}}{{len .XTestGoFiles}}"}, patterns...)...).Output()
	if err != nil {
		return nil, fmt.Errorf("go list: %w", err)
	}
	var pkgs []pkg
	for _, line := range strings.Split(strings.TrimSpace(string(out)), "\n") {
		f := strings.Split(line, "\t")
		if len(f) == 3 && f[2] != "00" {
			pkgs = append(pkgs, pkg{dir: f[0], path: f[1]})
		}
	}
	return pkgs, nil
}

var runLine = regexp.MustCompile(`^=== RUN\s+(\S+)`)

// leafNames runs the whole binary once and returns the names of the tests
// that have no subtests, in the order they ran.
func leafNames(dir, bin string, timeout time.Duration) ([]string, error) {
	ctx, cancel := context.WithTimeout(context.Background(), timeout)
	defer cancel()
	cmd := exec.CommandContext(ctx, bin, "-test.v", "-test.count=1")
	cmd.Dir = dir
	out, err := cmd.Output()
	if err != nil && len(out) == 0 {
		return nil, err
	}
	var names []string
	seen := map[string]bool{}
	parent := map[string]bool{}
	sc := bufio.NewScanner(bytes.NewReader(out))
	sc.Buffer(make([]byte, 1<<20), 1<<24)
	for sc.Scan() {
		m := runLine.FindStringSubmatch(sc.Text())
		if m == nil || seen[m[1]] {
			continue
		}
		seen[m[1]] = true
		names = append(names, m[1])
		for i := strings.LastIndex(m[1], "/"); i > 0; i = strings.LastIndex(m[1][:i], "/") {
			parent[m[1][:i]] = true
		}
	}
	var leaves []string
	for _, n := range names {
		if !parent[n] {
			leaves = append(leaves, n)
		}
	}
	return leaves, nil
}

// pattern matches exactly the named test and its ancestors.
func pattern(name string) string {
	parts := strings.Split(name, "/")
	for i, p := range parts {
		parts[i] = "^" + regexp.QuoteMeta(p) + "$"
	}
	return strings.Join(parts, "/")
}

func runLeaves(p pkg, bin string, leaves []string, parallel int, timeout time.Duration) int {
	var mu sync.Mutex
	var fails []string
	work := make(chan string)
	var wg sync.WaitGroup
	for range max(parallel, 1) {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for name := range work {
				if msg := runLeaf(p.dir, bin, name, timeout); msg != "" {
					mu.Lock()
					fails = append(fails, msg)
					mu.Unlock()
				}
			}
		}()
	}
	for _, l := range leaves {
		work <- l
	}
	close(work)
	wg.Wait()
	sort.Strings(fails)
	for _, f := range fails {
		fmt.Print(f)
	}
	return len(fails)
}

// runLeaf returns "" when the leaf passes alone, else its report.
func runLeaf(dir, bin, name string, timeout time.Duration) string {
	ctx, cancel := context.WithTimeout(context.Background(), timeout)
	defer cancel()
	cmd := exec.CommandContext(ctx, bin, "-test.run", pattern(name), "-test.count=1", "-test.v")
	cmd.Dir = dir
	out, err := cmd.CombinedOutput()
	ran := bytes.Contains(out, []byte("--- PASS: "+name+" ")) || bytes.Contains(out, []byte("--- SKIP: "+name+" "))
	if err == nil && ran {
		return ""
	}
	why := "failed"
	if err == nil {
		why = "did not run (its name depends on an earlier subtest)"
	}
	return fmt.Sprintf("--- %s alone: %s\n%s\n", name, why, tail(out, 30))
}

func tail(b []byte, n int) string {
	lines := strings.Split(strings.TrimRight(string(b), "\n"), "\n")
	if len(lines) > n {
		lines = lines[len(lines)-n:]
	}
	return "    " + strings.Join(lines, "\n    ")
}
