package bench

import (
	"context"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/http/cookiejar"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/pluttra/pluttra/internal/demo"
	"github.com/pluttra/pluttra/internal/password"
	"github.com/pluttra/pluttra/internal/store"
	"github.com/pluttra/pluttra/internal/testrig"
)

// largeDataVersion names the generated data set; change it when the
// generator changes, so the cached copy is made anew.
const largeDataVersion = "large-v1"

// BenchmarkFeed serves a guardian's feed page from the large municipality
// (650 departments, 10,000 children, 800,000 posts) on SQLite to wrk with
// 50 connections, and nginx serving the same bytes as the anchor. The
// server (one core's worth of Go) and nginx run on core 0, wrk on core 1.
// Reported: requests per second of each, their ratio, and p99 latency.
func BenchmarkFeed(b *testing.B) {
	f := startFeedServers(b)
	b.ResetTimer()
	for range b.N {
		ours := f.load(b, f.ours, f.cookie, "10s")
		anchor := f.load(b, f.nginx, "", "10s")
		b.ReportMetric(ours.rps, "pluttra_req/s")
		b.ReportMetric(anchor.rps, "nginx_req/s")
		b.ReportMetric(ours.rps/anchor.rps, "ratio")
		b.ReportMetric(ours.p99.Seconds()*1000, "pluttra_p99_ms")
		b.ReportMetric(anchor.p99.Seconds()*1000, "nginx_p99_ms")
	}
}

// feedServers are Pluttra on the large municipality (one core's worth of
// Go on core 0) and nginx serving a copy of the guardian's feed page from
// the same core, both warmed, with wrk to load them from core 1.
type feedServers struct {
	ours, nginx  string // the feed's address on each
	cookie       string // the guardian's session
	dataDir      string
	taskset, wrk string
}

func (f *feedServers) load(b *testing.B, target, cookie, duration string) wrkResult {
	return runWrk(b, f.taskset, f.wrk, target, cookie, duration)
}

func startFeedServers(b *testing.B) *feedServers {
	b.Helper()
	f := &feedServers{wrk: testrig.Program(b, "wrk", "wrk"), taskset: testrig.Program(b, "taskset", "util-linux")}
	nginx := testrig.Program(b, "nginx", "nginx-light")
	f.dataDir = largeDataDir(b)
	bin := filepath.Join(b.TempDir(), "pluttra")
	if out, err := exec.Command("go", "build", "-o", bin, "../cmd/pluttra").CombinedOutput(); err != nil {
		b.Fatalf("build: %v\n%s", err, out)
	}
	port := freePort(b)
	srv := exec.Command(f.taskset, "-c", "0", bin, "serve", "--listen", "127.0.0.1:"+port, "--data-dir", f.dataDir, "--log-level", "error")
	srv.Env = append(os.Environ(), "GOMAXPROCS=1")
	srv.Stderr = os.Stderr
	if err := srv.Start(); err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { srv.Process.Kill(); srv.Wait() })
	base := "http://127.0.0.1:" + port
	waitReady(b, base+"/readyz")
	var page []byte
	f.cookie, page = guardianFeed(b, base, "vh1@large.example")
	f.ours = base + "/feed"

	root := b.TempDir()
	if err := os.WriteFile(filepath.Join(root, "feed.html"), page, 0o644); err != nil {
		b.Fatal(err)
	}
	nport := freePort(b)
	conf := filepath.Join(root, "nginx.conf")
	// Run as root (the test machine), nginx's workers would switch to
	// nobody and could not read the test's private directory.
	user := ""
	if os.Geteuid() == 0 {
		user = "user root;\n"
	}
	os.WriteFile(conf, []byte(user+fmt.Sprintf(`worker_processes 1;
daemon off;
pid %s/nginx.pid;
error_log stderr error;
events { worker_connections 1024; }
http {
  access_log off;
  client_body_temp_path %s;
  server {
    listen 127.0.0.1:%s;
    root %s;
    location / { default_type "text/html; charset=utf-8"; add_header Cache-Control no-store; }
  }
}
`, root, root, nport, root)), 0o644)
	ng := exec.Command(f.taskset, "-c", "0", nginx, "-c", conf, "-p", root)
	ng.Stderr = os.Stderr
	if err := ng.Start(); err != nil {
		b.Fatal(err)
	}
	// TERM, not KILL: nginx's master then stops its worker too.
	b.Cleanup(func() { ng.Process.Signal(syscall.SIGTERM); ng.Wait() })
	f.nginx = "http://127.0.0.1:" + nport + "/feed.html"
	waitReady(b, f.nginx)

	// Both are warmed first, ours so that its caches hold what a guardian
	// reloading the feed finds there.
	f.load(b, f.ours, f.cookie, "3s")
	f.load(b, f.nginx, "", "3s")
	return f
}

// largeDataDir is a data directory holding the large municipality,
// generated once (a few minutes) and kept in the user's cache.
func largeDataDir(b *testing.B) string {
	b.Helper()
	cache, err := os.UserCacheDir()
	if err != nil {
		b.Fatal(err)
	}
	dir := filepath.Join(cache, "pluttra-bench", largeDataVersion)
	if _, err := os.Stat(filepath.Join(dir, "done")); err == nil {
		return dir
	}
	os.RemoveAll(dir)
	b.Logf("generating the large municipality once into %s", dir)
	ctx := context.Background()
	s, err := store.Open(ctx, "", dir, store.Options{})
	if err != nil {
		b.Fatal(err)
	}
	start := time.Now()
	if _, err := demo.Generate(ctx, s, "large", demo.Large, password.Hash(demo.Password, password.Fast), testrig.Today()); err != nil {
		b.Fatal(err)
	}
	s.Close()
	b.Logf("generated in %s", time.Since(start).Round(time.Second))
	if err := os.WriteFile(filepath.Join(dir, "done"), nil, 0o644); err != nil {
		b.Fatal(err)
	}
	return dir
}

// guardianFeed logs a guardian in and returns the session cookie header
// and their feed page.
func guardianFeed(b *testing.B, base, email string) (string, []byte) {
	b.Helper()
	jar, _ := cookiejar.New(nil)
	c := &http.Client{Jar: jar, CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	resp, err := c.PostForm(base+"/login", url.Values{"email": {email}, "password": {demo.Password}})
	if err != nil {
		b.Fatal(err)
	}
	resp.Body.Close()
	u, _ := url.Parse(base)
	var parts []string
	for _, ck := range jar.Cookies(u) {
		parts = append(parts, ck.Name+"="+ck.Value)
	}
	if len(parts) == 0 {
		b.Fatalf("login gave no session (%d)", resp.StatusCode)
	}
	resp, err = c.Get(base + "/feed")
	if err != nil {
		b.Fatal(err)
	}
	page, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	if resp.StatusCode != 200 || strings.Count(string(page), `<article class="card post`) < 10 {
		b.Fatalf("feed = %d with %d posts", resp.StatusCode, strings.Count(string(page), `<article class="card post`))
	}
	return strings.Join(parts, "; "), page
}

type wrkResult struct {
	rps float64
	p99 time.Duration
}

var (
	wrkRPS = regexp.MustCompile(`Requests/sec:\s+([0-9.]+)`)
	wrkP99 = regexp.MustCompile(`\n\s+99%\s+([0-9.]+)(us|ms|s)`)
)

// runWrk loads url for the duration with 50 connections from core 1.
func runWrk(b *testing.B, taskset, wrk, target, cookie, duration string) wrkResult {
	b.Helper()
	args := []string{"-c", "1", wrk, "-t1", "-c50", "-d" + duration, "--latency"}
	if cookie != "" {
		args = append(args, "-H", "Cookie: "+cookie)
	}
	out, err := exec.Command(taskset, append(args, target)...).CombinedOutput()
	if err != nil {
		b.Fatalf("wrk: %v\n%s", err, out)
	}
	text := string(out)
	if strings.Contains(text, "Non-2xx") {
		b.Fatalf("wrk saw errors:\n%s", text)
	}
	rps := wrkRPS.FindStringSubmatch(text)
	p99 := wrkP99.FindStringSubmatch(text)
	if rps == nil || p99 == nil {
		b.Fatalf("cannot read wrk's output:\n%s", text)
	}
	r := wrkResult{}
	r.rps, _ = strconv.ParseFloat(rps[1], 64)
	v, _ := strconv.ParseFloat(p99[1], 64)
	unit := map[string]time.Duration{"us": time.Microsecond, "ms": time.Millisecond, "s": time.Second}[p99[2]]
	r.p99 = time.Duration(v * float64(unit))
	return r
}

func freePort(b *testing.B) string {
	b.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		b.Fatal(err)
	}
	defer ln.Close()
	return strconv.Itoa(ln.Addr().(*net.TCPAddr).Port)
}

func waitReady(b *testing.B, u string) {
	b.Helper()
	for range 300 {
		resp, err := http.Get(u)
		if err == nil {
			resp.Body.Close()
			if resp.StatusCode == 200 {
				return
			}
		}
		time.Sleep(100 * time.Millisecond)
	}
	b.Fatalf("%s did not answer", u)
}
