package main

import (
	"bytes"
	"strings"
	"testing"
)

// The samples below are `go test -json` output recorded from small packages
// (only the Time fields are dropped): a passing package with subtests, a
// failing subtest, a skip, a package without tests, a build failure in both
// the event form and the older text form, a TestMain that exits, and a panic
// that kills a parallel test.

const passJSON = `{"Action":"start","Package":"example.com/m/pass"}
{"Action":"run","Package":"example.com/m/pass","Test":"TestAdd"}
{"Action":"output","Package":"example.com/m/pass","Test":"TestAdd","Output":"=== RUN   TestAdd\n"}
{"Action":"run","Package":"example.com/m/pass","Test":"TestAdd/OK"}
{"Action":"output","Package":"example.com/m/pass","Test":"TestAdd/OK","Output":"=== RUN   TestAdd/OK\n"}
{"Action":"output","Package":"example.com/m/pass","Test":"TestAdd/OK","Output":"--- PASS: TestAdd/OK (0.00s)\n"}
{"Action":"pass","Package":"example.com/m/pass","Test":"TestAdd/OK","Elapsed":0}
{"Action":"run","Package":"example.com/m/pass","Test":"TestAdd/Zero"}
{"Action":"output","Package":"example.com/m/pass","Test":"TestAdd/Zero","Output":"=== RUN   TestAdd/Zero\n"}
{"Action":"output","Package":"example.com/m/pass","Test":"TestAdd/Zero","Output":"--- PASS: TestAdd/Zero (0.00s)\n"}
{"Action":"pass","Package":"example.com/m/pass","Test":"TestAdd/Zero","Elapsed":0}
{"Action":"output","Package":"example.com/m/pass","Test":"TestAdd","Output":"--- PASS: TestAdd (0.00s)\n"}
{"Action":"pass","Package":"example.com/m/pass","Test":"TestAdd","Elapsed":0}
{"Action":"output","Package":"example.com/m/pass","Output":"PASS\n"}
{"Action":"output","Package":"example.com/m/pass","Output":"ok  \texample.com/m/pass\t0.009s\n"}
{"Action":"pass","Package":"example.com/m/pass","Elapsed":0.009}
`

const failJSON = `{"Action":"start","Package":"example.com/m/fail"}
{"Action":"run","Package":"example.com/m/fail","Test":"TestGood"}
{"Action":"output","Package":"example.com/m/fail","Test":"TestGood","Output":"=== RUN   TestGood\n"}
{"Action":"output","Package":"example.com/m/fail","Test":"TestGood","Output":"--- PASS: TestGood (0.00s)\n"}
{"Action":"pass","Package":"example.com/m/fail","Test":"TestGood","Elapsed":0}
{"Action":"run","Package":"example.com/m/fail","Test":"TestSum"}
{"Action":"output","Package":"example.com/m/fail","Test":"TestSum","Output":"=== RUN   TestSum\n"}
{"Action":"run","Package":"example.com/m/fail","Test":"TestSum/OK"}
{"Action":"output","Package":"example.com/m/fail","Test":"TestSum/OK","Output":"=== RUN   TestSum/OK\n"}
{"Action":"output","Package":"example.com/m/fail","Test":"TestSum/OK","Output":"--- PASS: TestSum/OK (0.00s)\n"}
{"Action":"pass","Package":"example.com/m/fail","Test":"TestSum/OK","Elapsed":0}
{"Action":"run","Package":"example.com/m/fail","Test":"TestSum/Negative"}
{"Action":"output","Package":"example.com/m/fail","Test":"TestSum/Negative","Output":"=== RUN   TestSum/Negative\n"}
{"Action":"output","Package":"example.com/m/fail","Test":"TestSum/Negative","Output":"    fail_test.go:10: adding -1 and -2\n"}
{"Action":"output","Package":"example.com/m/fail","Test":"TestSum/Negative","Output":"    fail_test.go:11: got -4, want -3\n"}
{"Action":"output","Package":"example.com/m/fail","Test":"TestSum/Negative","Output":"--- FAIL: TestSum/Negative (0.00s)\n"}
{"Action":"fail","Package":"example.com/m/fail","Test":"TestSum/Negative","Elapsed":0}
{"Action":"output","Package":"example.com/m/fail","Test":"TestSum","Output":"--- FAIL: TestSum (0.00s)\n"}
{"Action":"fail","Package":"example.com/m/fail","Test":"TestSum","Elapsed":0}
{"Action":"output","Package":"example.com/m/fail","Output":"FAIL\n"}
{"Action":"output","Package":"example.com/m/fail","Output":"FAIL\texample.com/m/fail\t0.009s\n"}
{"Action":"fail","Package":"example.com/m/fail","Elapsed":0.01}
`

const skipJSON = `{"Action":"start","Package":"example.com/m/skip"}
{"Action":"run","Package":"example.com/m/skip","Test":"TestDatabase"}
{"Action":"output","Package":"example.com/m/skip","Test":"TestDatabase","Output":"=== RUN   TestDatabase\n"}
{"Action":"output","Package":"example.com/m/skip","Test":"TestDatabase","Output":"    skip_test.go:6: PostgreSQL not available: set PLUTTRA_TEST_POSTGRES_URL (make test does)\n"}
{"Action":"output","Package":"example.com/m/skip","Test":"TestDatabase","Output":"--- SKIP: TestDatabase (0.00s)\n"}
{"Action":"skip","Package":"example.com/m/skip","Test":"TestDatabase","Elapsed":0}
{"Action":"run","Package":"example.com/m/skip","Test":"TestFine"}
{"Action":"output","Package":"example.com/m/skip","Test":"TestFine","Output":"=== RUN   TestFine\n"}
{"Action":"output","Package":"example.com/m/skip","Test":"TestFine","Output":"--- PASS: TestFine (0.00s)\n"}
{"Action":"pass","Package":"example.com/m/skip","Test":"TestFine","Elapsed":0}
{"Action":"output","Package":"example.com/m/skip","Output":"PASS\n"}
{"Action":"output","Package":"example.com/m/skip","Output":"ok  \texample.com/m/skip\t0.010s\n"}
{"Action":"pass","Package":"example.com/m/skip","Elapsed":0.011}
`

const noTestFilesJSON = `{"Action":"start","Package":"example.com/m/notests"}
{"Action":"output","Package":"example.com/m/notests","Output":"?   \texample.com/m/notests\t[no test files]\n"}
{"Action":"skip","Package":"example.com/m/notests","Elapsed":0}
`

const buildFailJSON = `{"ImportPath":"example.com/m/broken [example.com/m/broken.test]","Action":"build-output","Output":"# example.com/m/broken [example.com/m/broken.test]\n"}
{"ImportPath":"example.com/m/broken [example.com/m/broken.test]","Action":"build-output","Output":"broken/broken_test.go:5:28: undefined: undefinedThing\n"}
{"ImportPath":"example.com/m/broken [example.com/m/broken.test]","Action":"build-fail"}
{"Action":"start","Package":"example.com/m/broken"}
{"Action":"output","Package":"example.com/m/broken","Output":"FAIL\texample.com/m/broken [build failed]\n"}
{"Action":"fail","Package":"example.com/m/broken","Elapsed":0,"FailedBuild":"example.com/m/broken [example.com/m/broken.test]"}
`

const crashJSON = `{"Action":"start","Package":"example.com/m/crash"}
{"Action":"output","Package":"example.com/m/crash","Output":"cannot set up fixtures\n"}
{"Action":"output","Package":"example.com/m/crash","Output":"FAIL\texample.com/m/crash\t0.014s\n"}
{"Action":"fail","Package":"example.com/m/crash","Elapsed":0.014}
`

const panicJSON = `{"Action":"start","Package":"example.com/m/panic"}
{"Action":"run","Package":"example.com/m/panic","Test":"TestSlow"}
{"Action":"output","Package":"example.com/m/panic","Test":"TestSlow","Output":"=== RUN   TestSlow\n"}
{"Action":"output","Package":"example.com/m/panic","Test":"TestSlow","Output":"=== PAUSE TestSlow\n"}
{"Action":"pause","Package":"example.com/m/panic","Test":"TestSlow"}
{"Action":"run","Package":"example.com/m/panic","Test":"TestBoom"}
{"Action":"output","Package":"example.com/m/panic","Test":"TestBoom","Output":"=== RUN   TestBoom\n"}
{"Action":"output","Package":"example.com/m/panic","Test":"TestBoom","Output":"=== PAUSE TestBoom\n"}
{"Action":"pause","Package":"example.com/m/panic","Test":"TestBoom"}
{"Action":"cont","Package":"example.com/m/panic","Test":"TestSlow"}
{"Action":"output","Package":"example.com/m/panic","Test":"TestSlow","Output":"=== CONT  TestSlow\n"}
{"Action":"cont","Package":"example.com/m/panic","Test":"TestBoom"}
{"Action":"output","Package":"example.com/m/panic","Test":"TestBoom","Output":"=== CONT  TestBoom\n"}
{"Action":"output","Package":"example.com/m/panic","Test":"TestBoom","Output":"--- FAIL: TestBoom (0.00s)\n"}
{"Action":"output","Package":"example.com/m/panic","Test":"TestBoom","Output":"panic: assignment to entry in nil map [recovered, repanicked]\n"}
{"Action":"output","Package":"example.com/m/panic","Test":"TestBoom","Output":"\n"}
{"Action":"output","Package":"example.com/m/panic","Test":"TestBoom","Output":"goroutine 8 [running]:\n"}
{"Action":"output","Package":"example.com/m/panic","Test":"TestBoom","Output":"example.com/m/panic.TestBoom(0x3fa35e20488?)\n"}
{"Action":"output","Package":"example.com/m/panic","Test":"TestBoom","Output":"\t/src/m/panic/p_test.go:16 +0x2d\n"}
{"Action":"fail","Package":"example.com/m/panic","Test":"TestBoom","Elapsed":0}
{"Action":"output","Package":"example.com/m/panic","Output":"FAIL\texample.com/m/panic\t0.012s\n"}
{"Action":"fail","Package":"example.com/m/panic","Elapsed":0.012}
`

// buildFailTextJSON is a build failure as Go reports it without build
// events (before Go 1.24, or with GODEBUG=gotestjsonbuildtext=1): the
// compiler's messages arrive as text on stderr, merged into the stream.
const buildFailTextJSON = `# example.com/m/broken [example.com/m/broken.test]
broken/broken_test.go:5:28: undefined: undefinedThing
{"Action":"start","Package":"example.com/m/broken"}
{"Action":"output","Package":"example.com/m/broken","Output":"FAIL\texample.com/m/broken [build failed]\n"}
{"Action":"fail","Package":"example.com/m/broken","Elapsed":0}
`

func TestReport(t *testing.T) {
	cases := []struct {
		name   string
		input  string
		status int
		want   []string // lines the report prints, in this order
		absent []string // text the report must not print
	}{
		{
			name:   "OK",
			input:  "go: downloading example.com/dep v1.0.0\n" + passJSON + noTestFilesJSON,
			status: 0,
			want: []string{
				"go: downloading example.com/dep v1.0.0",
				"ok  \texample.com/m/pass\t0.009s",
				"?   \texample.com/m/notests\t[no test files]",
				"3 passed, 0 failed, 0 skipped",
			},
			absent: []string{"=== RUN", "FAILED", "Skipped"},
		},
		{
			name:   "FailedTestPrintsItsOutput",
			input:  passJSON + failJSON,
			status: 1,
			want: []string{
				"ok  \texample.com/m/pass\t0.009s",
				"=== FAILED example.com/m/fail TestSum/Negative",
				"    fail_test.go:10: adding -1 and -2",
				"    fail_test.go:11: got -4, want -3",
				"--- FAIL: TestSum/Negative (0.00s)",
				"FAIL\texample.com/m/fail\t0.009s",
				"Failed tests:",
				"  example.com/m/fail TestSum/Negative",
				"  example.com/m/fail TestSum",
				"5 passed, 2 failed, 0 skipped",
			},
			// The parent only frames its failed subtest: not printed again.
			absent: []string{"=== FAILED example.com/m/fail TestSum\n"},
		},
		{
			name:   "SkipFailsWithItsReason",
			input:  skipJSON,
			status: 1,
			want: []string{
				"ok  \texample.com/m/skip\t0.010s",
				"Skipped tests (a skip fails the run: every test must run):",
				"  example.com/m/skip TestDatabase",
				"      skip_test.go:6: PostgreSQL not available: set PLUTTRA_TEST_POSTGRES_URL (make test does)",
				"1 passed, 0 failed, 1 skipped",
			},
		},
		{
			name:   "BuildFailureEvents",
			input:  passJSON + buildFailJSON,
			status: 1,
			want: []string{
				"# example.com/m/broken [example.com/m/broken.test]",
				"broken/broken_test.go:5:28: undefined: undefinedThing",
				"FAIL\texample.com/m/broken [build failed]",
				"Failed packages:",
				"  example.com/m/broken",
				"Failed builds:",
				"  example.com/m/broken [example.com/m/broken.test]",
				"3 passed, 0 failed, 0 skipped",
			},
		},
		{
			name:   "BuildFailureText",
			input:  passJSON + buildFailTextJSON,
			status: 1,
			want: []string{
				"# example.com/m/broken [example.com/m/broken.test]",
				"broken/broken_test.go:5:28: undefined: undefinedThing",
				"FAIL\texample.com/m/broken [build failed]",
				"Errors from the go command:",
				"3 passed, 0 failed, 0 skipped",
			},
		},
		{
			name:   "BinaryFailedOutsideTests",
			input:  passJSON + crashJSON,
			status: 1,
			want: []string{
				"=== FAILED example.com/m/crash (outside any test)",
				"cannot set up fixtures",
				"FAIL\texample.com/m/crash\t0.014s",
				"3 passed, 0 failed, 0 skipped",
			},
		},
		{
			name:   "PanicFailsTheUnfinishedTestToo",
			input:  panicJSON,
			status: 1,
			want: []string{
				"=== FAILED example.com/m/panic TestBoom",
				"panic: assignment to entry in nil map [recovered, repanicked]",
				"=== FAILED example.com/m/panic TestSlow (did not finish)",
				"FAIL\texample.com/m/panic\t0.012s",
				"0 passed, 2 failed, 0 skipped",
			},
		},
		{
			name:   "CutStreamFailsWhatRan",
			input:  passJSON[:strings.Index(passJSON, `{"Action":"pass","Package":"example.com/m/pass","Test":"TestAdd",`)],
			status: 1,
			want: []string{
				"=== FAILED example.com/m/pass TestAdd (did not finish)",
				"  example.com/m/pass (no result)",
				"2 passed, 1 failed, 0 skipped",
			},
		},
		{
			name:   "NoTestsFail",
			input:  noTestFilesJSON,
			status: 1,
			want:   []string{"?   \texample.com/m/notests\t[no test files]", "No tests ran.", "0 passed, 0 failed, 0 skipped"},
		},
		{
			name:   "EmptyInputFails",
			input:  "",
			status: 1,
			want:   []string{"No tests ran.", "0 passed, 0 failed, 0 skipped"},
		},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			var out bytes.Buffer
			status := run(strings.NewReader(c.input), &out)
			got := out.String()
			if status != c.status {
				t.Errorf("status %d, want %d", status, c.status)
			}
			rest := got
			for _, w := range c.want {
				i := strings.Index(rest, w+"\n")
				if i < 0 {
					t.Errorf("missing (or out of order) line %q", w)
					continue
				}
				rest = rest[i+len(w)+1:]
			}
			if !strings.HasSuffix(got, "\n"+c.want[len(c.want)-1]+"\n") {
				t.Errorf("last line is not %q", c.want[len(c.want)-1])
			}
			for _, a := range c.absent {
				if strings.Contains(got, a) {
					t.Errorf("prints %q", a)
				}
			}
			if t.Failed() {
				t.Logf("report:\n%s", got)
			}
		})
	}
}

func TestLooksLikeError(t *testing.T) {
	for line, want := range map[string]bool{
		"go: downloading github.com/jackc/pgx/v5 v5.12.0": false,
		"":                  false,
		"some test chatter": false,
		"# github.com/pluttra/pluttra/internal/store":                true,
		"internal/store/store.go:12:2: undefined: x":                 true,
		"go: updates to go.mod needed; to update it:":                true,
		"FAIL\tgithub.com/pluttra/pluttra/internal/x [setup failed]": true,
		"go: warning: \"./nope/...\" matched no packages":            true,
	} {
		if got := looksLikeError(line); got != want {
			t.Errorf("looksLikeError(%q) = %v, want %v", line, got, want)
		}
	}
}
