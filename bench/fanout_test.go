package bench

import (
	"bufio"
	"context"
	"crypto/rand"
	"crypto/sha256"
	"encoding/base64"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/pluttra/pluttra/internal/demo"
	"github.com/pluttra/pluttra/internal/password"
	"github.com/pluttra/pluttra/internal/pluttra"
	"github.com/pluttra/pluttra/internal/store"
	"github.com/pluttra/pluttra/internal/testrig"
)

// fanoutDataVersion names the generated unit; change it when the
// generator changes. Runs work on copies, so the generated unit stays as
// it was made (v1 was written to by every run).
const fanoutDataVersion = "fanout-v2"

// fanoutClients is how many open pages hear a unit-wide message.
const fanoutClients = 9000

// BenchmarkFanout sends an important message to a whole unit whose 9,000
// guardians each have a page open on the live stream (server-sent
// events), and measures how long until each page hears of it and how much
// memory each open stream costs the server. The anchor is a minimal
// net/http broadcast server (no sessions, no access checks) in the same
// run, under the same load. Both servers run with one core's worth of Go
// on core 0; the clients are this process.
//
// warm: a page was loaded with each session before its stream opened, so
// the server knows the session and the user's facts. cold: the server has
// never seen the sessions (a restarted node that every open page
// reconnects to), so each stream reads them itself as it opens.
func BenchmarkFanout(b *testing.B) {
	taskset := testrig.Program(b, "taskset", "util-linux")
	dir, unit := fanoutDataDir(b)
	bin := filepath.Join(b.TempDir(), "pluttra")
	if out, err := exec.Command("go", "build", "-o", bin, "../cmd/pluttra").CombinedOutput(); err != nil {
		b.Fatalf("build: %v\n%s", err, out)
	}
	for _, mode := range []struct {
		name string
		warm bool
	}{{"warm", true}, {"cold", false}} {
		b.Run(mode.name, func(b *testing.B) {
			for range b.N {
				// Each run starts from the unit as generated: sessions,
				// messages and their pending notices of earlier runs
				// would otherwise pile up and be worked through by the
				// server during the next.
				b.StopTimer()
				run := filepath.Join(b.TempDir(), "data")
				if err := os.CopyFS(run, os.DirFS(dir)); err != nil {
					b.Fatal(err)
				}
				guardians, principal := fanoutSessions(b, run)
				b.StartTimer()
				fanoutOnce(b, taskset, bin, run, unit, guardians, principal, mode.warm)
			}
		})
	}
}

// fanoutOnce runs Pluttra and the anchor once each, with the same streams,
// and reports both.
func fanoutOnce(b *testing.B, taskset, bin, dir string, unit int64, guardians []string, principal string, warm bool) {
	b.Helper()
	port := freePort(b)
	ours := fanoutRun(b, exec.Command(taskset, "-c", "0", bin, "serve", "--listen", "127.0.0.1:"+port, "--data-dir", dir, "--log-level", "error"),
		port, guardians, warm, func(base string) error {
			form := url.Values{"title": {"Stängt i morgon"}, "body": {"Förskolan är stängd i morgon på grund av vattenläcka."}, "urgent": {"1"}}
			req, _ := http.NewRequest("POST", base+fmt.Sprintf("/units/%d/messages", unit), strings.NewReader(form.Encode()))
			req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
			req.Header.Set("Cookie", "pluttra_session="+principal)
			resp, err := noRedirect.Do(req)
			if err != nil {
				return err
			}
			resp.Body.Close()
			if resp.StatusCode != http.StatusSeeOther {
				return fmt.Errorf("send = %d", resp.StatusCode)
			}
			return nil
		})
	aport := freePort(b)
	anchorCmd := exec.Command(taskset, "-c", "0", os.Args[0], "-test.run=^$")
	anchorCmd.Env = append(os.Environ(), childVar+"=broadcast", childSrcVar+"=127.0.0.1:"+aport)
	anchor := fanoutRun(b, anchorCmd, aport, guardians, warm, func(base string) error {
		resp, err := http.Post(base+"/send", "text/plain", nil)
		if err != nil {
			return err
		}
		resp.Body.Close()
		return nil
	})
	b.ReportMetric(ours.p99.Seconds()*1000, "pluttra_p99_ms")
	b.ReportMetric(anchor.p99.Seconds()*1000, "anchor_p99_ms")
	b.ReportMetric(ours.max.Seconds()*1000, "pluttra_max_ms")
	b.ReportMetric(ours.p50.Seconds()*1000, "pluttra_p50_ms")
	b.ReportMetric(ours.first.Seconds()*1000, "pluttra_first_ms")
	b.ReportMetric(ours.perConn/1024, "pluttra_KiB/conn")
	b.ReportMetric(anchor.perConn/1024, "anchor_KiB/conn")
	b.ReportMetric(ours.perConn/anchor.perConn, "mem_ratio")
}

var noRedirect = &http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}

// fanoutResult is one server's delivery times and memory per stream.
type fanoutResult struct {
	// first is when the first stream heard: the message was stored and
	// published; the rest is fan-out.
	first, p50, p99, max time.Duration
	perConn              float64 // bytes of resident memory per open stream
}

// fanoutRun starts a server, opens a stream per session (after loading a
// page with each when warmed), sends once and waits for every stream to
// hear it.
func fanoutRun(b *testing.B, cmd *exec.Cmd, port string, sessions []string, warmed bool, send func(base string) error) fanoutResult {
	b.Helper()
	cmd.Env = append(cmd.Environ(), "GOMAXPROCS=1")
	cmd.Stderr = os.Stderr
	if err := cmd.Start(); err != nil {
		b.Fatal(err)
	}
	defer func() { cmd.Process.Kill(); cmd.Wait() }()
	base := "http://127.0.0.1:" + port
	waitReady(b, base+"/readyz")
	// A page opens its stream right after it has loaded, so the server
	// knows the session and the user's facts already; unless it has just
	// started, and the open pages reconnect.
	if warmed {
		warm(b, base, sessions)
	}
	before := rss(b, cmd.Process.Pid)

	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	var sent time.Time
	var sentMu sync.RWMutex
	heard := make(chan time.Duration, len(sessions))
	var ready sync.WaitGroup
	gate := make(chan struct{}, 200) // dial a few hundred at a time, as pages open
	for _, token := range sessions {
		ready.Add(1)
		gate <- struct{}{}
		go func() {
			err := listenOnce(ctx, "127.0.0.1:"+port, token, func() { <-gate; ready.Done() }, func() {
				sentMu.RLock()
				heard <- time.Since(sent)
				sentMu.RUnlock()
			})
			if err != nil && ctx.Err() == nil {
				b.Error(err)
			}
		}()
	}
	ready.Wait()
	time.Sleep(2 * time.Second) // settle: every stream subscribed and idle
	after := rss(b, cmd.Process.Pid)

	sentMu.Lock()
	sent = time.Now()
	sentMu.Unlock()
	if err := send(base); err != nil {
		b.Fatal(err)
	}
	var times []time.Duration
	deadline := time.After(30 * time.Second)
	for len(times) < len(sessions) {
		select {
		case d := <-heard:
			times = append(times, d)
		case <-deadline:
			b.Fatalf("%d of %d streams heard the message within 30 s", len(times), len(sessions))
		}
	}
	slices.Sort(times)
	return fanoutResult{first: times[0], p50: times[len(times)/2], p99: times[len(times)*99/100], max: times[len(times)-1],
		perConn: float64(after-before) / float64(len(sessions))}
}

// warm loads a page for every session, as the page that opens the live
// stream has just been loaded.
func warm(b *testing.B, base string, sessions []string) {
	b.Helper()
	var wg sync.WaitGroup
	work := make(chan string)
	for range 32 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for token := range work {
				req, _ := http.NewRequest("GET", base+"/settings/password", nil)
				req.Header.Set("Cookie", "pluttra_session="+token)
				resp, err := noRedirect.Do(req)
				if err != nil {
					b.Error(err)
					continue
				}
				io.Copy(io.Discard, resp.Body)
				resp.Body.Close()
			}
		}()
	}
	for _, t := range sessions {
		work <- t
	}
	close(work)
	wg.Wait()
}

// listenOnce opens the live stream as a browser's EventSource does, calls
// ready when the server has answered, and heard when a message event
// arrives; it returns when ctx ends.
func listenOnce(ctx context.Context, addr, token string, ready, heard func()) error {
	var d net.Dialer
	conn, err := d.DialContext(ctx, "tcp", addr)
	if err != nil {
		ready()
		return err
	}
	defer conn.Close()
	go func() { <-ctx.Done(); conn.Close() }()
	fmt.Fprintf(conn, "GET /events HTTP/1.1\r\nHost: %s\r\nAccept: text/event-stream\r\nCookie: pluttra_session=%s\r\n\r\n", addr, token)
	br := bufio.NewReaderSize(conn, 1024)
	status, err := br.ReadString('\n')
	if err != nil || !strings.Contains(status, " 200 ") {
		ready()
		return fmt.Errorf("stream: %q %v", status, err)
	}
	answered := false
	for {
		line, err := br.ReadString('\n')
		if err != nil {
			if !answered {
				ready()
			}
			return err
		}
		switch {
		case !answered && strings.HasPrefix(line, "retry:"):
			answered = true
			ready()
		case strings.HasPrefix(line, "event: message"):
			heard()
		}
	}
}

// rss is a process's resident memory in bytes.
func rss(b *testing.B, pid int) int64 {
	b.Helper()
	data, err := os.ReadFile(fmt.Sprintf("/proc/%d/status", pid))
	if err != nil {
		b.Fatal(err)
	}
	for _, line := range strings.Split(string(data), "\n") {
		if f := strings.Fields(line); len(f) >= 2 && f[0] == "VmRSS:" {
			kib, _ := strconv.ParseInt(f[1], 10, 64)
			return kib * 1024
		}
	}
	b.Fatal("no VmRSS")
	return 0
}

// fanoutDataDir is a data directory with one unit of 450 departments and
// 9,000 children, each with one guardian, and the unit's principal;
// generated once and kept in the user's cache.
func fanoutDataDir(b *testing.B) (string, int64) {
	b.Helper()
	cache, err := os.UserCacheDir()
	if err != nil {
		b.Fatal(err)
	}
	dir := filepath.Join(cache, "pluttra-bench", fanoutDataVersion)
	ctx := context.Background()
	if _, err := os.Stat(filepath.Join(dir, "done")); err != nil {
		os.RemoveAll(dir)
		s, err := store.Open(ctx, "", dir, store.Options{})
		if err != nil {
			b.Fatal(err)
		}
		start := time.Now()
		size := demo.Size{Units: 1, Departments: 450, Children: fanoutClients, Guardians: fanoutClients, Educators: 450}
		org, err := demo.Generate(ctx, s, "fanout", size, password.Hash(demo.Password, password.Fast), testrig.Today())
		if err != nil {
			b.Fatal(err)
		}
		// Staff log in with a second factor in a municipality; the
		// benchmark's principal comes with a session made for it instead.
		if _, err := s.SetRequireStaffMFA(ctx, org.ID, false); err != nil {
			b.Fatal(err)
		}
		units, err := s.Units(ctx, org.ID)
		if err != nil || len(units) != 1 {
			b.Fatalf("units: %v %v", units, err)
		}
		rektor := &pluttra.User{Kind: pluttra.KindStaff, Email: "rektor@fanout.example", Name: "Rektor"}
		if err := s.CreateUser(ctx, org.ID, rektor); err != nil {
			b.Fatal(err)
		}
		if err := s.AddStaffMembership(ctx, org.ID, &pluttra.StaffMembership{UserID: rektor.ID, Role: pluttra.RolePrincipal, UnitID: units[0].ID,
			Period: pluttra.Period{From: testrig.Today().AddDays(-400)}}); err != nil {
			b.Fatal(err)
		}
		s.Close()
		b.Logf("generated the unit in %s", time.Since(start).Round(time.Second))
		if err := os.WriteFile(filepath.Join(dir, "done"), nil, 0o644); err != nil {
			b.Fatal(err)
		}
	}
	s, err := store.Open(ctx, "", dir, store.Options{})
	if err != nil {
		b.Fatal(err)
	}
	defer s.Close()
	org, err := s.OrganisationBySlug(ctx, "fanout")
	if err != nil {
		b.Fatal(err)
	}
	units, err := s.Units(ctx, org.ID)
	if err != nil || len(units) != 1 {
		b.Fatalf("units: %v %v", units, err)
	}
	return dir, units[0].ID
}

// fanoutSessions gives every guardian of the unit and its principal a
// fresh session, as if each had logged in, and returns their cookies.
func fanoutSessions(b *testing.B, dir string) (guardians []string, principal string) {
	b.Helper()
	ctx := context.Background()
	s, err := store.Open(ctx, "", dir, store.Options{})
	if err != nil {
		b.Fatal(err)
	}
	defer s.Close()
	org, err := s.OrganisationBySlug(ctx, "fanout")
	if err != nil {
		b.Fatal(err)
	}
	users, err := s.Users(ctx, org.ID)
	if err != nil {
		b.Fatal(err)
	}
	now := time.Now()
	session := func(u pluttra.User) string {
		raw := make([]byte, 32)
		rand.Read(raw)
		token := base64.RawURLEncoding.EncodeToString(raw)
		h := sha256.Sum256([]byte(token))
		if err := s.CreateSession(ctx, &pluttra.Session{TokenHash: h[:], OrgID: org.ID, UserID: u.ID,
			CreatedAt: now, LastSeenAt: now, ExpiresAt: now.Add(12 * time.Hour)}); err != nil {
			b.Fatal(err)
		}
		return token
	}
	for _, u := range users {
		switch {
		case u.Kind == pluttra.KindGuardian:
			guardians = append(guardians, session(u))
		case u.Email == "rektor@fanout.example":
			principal = session(u)
		}
	}
	if len(guardians) != fanoutClients || principal == "" {
		b.Fatalf("%d guardians, principal %t", len(guardians), principal != "")
	}
	return guardians, principal
}
