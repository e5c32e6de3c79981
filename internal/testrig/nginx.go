package testrig

import (
	"fmt"
	"net"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"
)

// NginxVar locates the nginx binary (Debian package nginx-light) that the
// test command installs, for tests that need a real reverse proxy.
const NginxVar = "PLUTTRA_TEST_NGINX"

// ReverseProxy starts nginx on a free loopback port in front of upstream
// (host:port), passing each request on the way a TLS-terminating proxy in
// front of Pluttra does: from its own address, adding the client to
// X-Forwarded-For. It returns the proxy's address and stops with the test.
func ReverseProxy(t testing.TB, upstream string) string {
	t.Helper()
	nginx := Service(t, NginxVar, "nginx (Debian package nginx-light)")
	dir := t.TempDir()
	addr := freeLoopbackAddr(t)
	// As root, nginx's worker would switch to nobody and could not read
	// the test's private directory.
	user := ""
	if os.Geteuid() == 0 {
		user = "user root;\n"
	}
	conf := user + fmt.Sprintf(`worker_processes 1;
daemon off;
pid %[1]s/nginx.pid;
error_log stderr error;
events { worker_connections 256; }
http {
  access_log off;
  client_body_temp_path %[1]s/body;
  proxy_temp_path %[1]s/proxy;
  fastcgi_temp_path %[1]s/fastcgi;
  uwsgi_temp_path %[1]s/uwsgi;
  scgi_temp_path %[1]s/scgi;
  server {
    listen %[2]s;
    location / {
      proxy_pass http://%[3]s;
      proxy_set_header Host $http_host;
      proxy_set_header X-Forwarded-For $proxy_add_x_forwarded_for;
      proxy_set_header X-Forwarded-Proto $scheme;
    }
  }
}
`, dir, addr, upstream)
	path := filepath.Join(dir, "nginx.conf")
	if err := os.WriteFile(path, []byte(conf), 0o600); err != nil {
		t.Fatal(err)
	}
	stderr := &lockedBuffer{}
	// -e: the error log before the configuration is read, which would
	// otherwise be the system's /var/log/nginx.
	cmd := exec.Command(nginx, "-p", dir, "-c", path, "-e", "stderr")
	cmd.Stderr = stderr
	if err := cmd.Start(); err != nil {
		t.Fatalf("nginx: %v", err)
	}
	exited := make(chan error, 1)
	go func() { exited <- cmd.Wait() }()
	t.Cleanup(func() {
		// TERM, not KILL: the master then stops its worker too.
		cmd.Process.Signal(syscall.SIGTERM)
		select {
		case <-exited:
		case <-time.After(30 * time.Second):
			cmd.Process.Kill()
			<-exited
		}
	})
	deadline := time.Now().Add(30 * time.Second)
	for {
		select {
		case err := <-exited:
			exited <- err
			t.Fatalf("nginx exited: %v\n%s", err, stderr.String())
		default:
		}
		if c, err := net.Dial("tcp", addr); err == nil {
			c.Close()
			return addr
		}
		if time.Now().After(deadline) {
			t.Fatalf("nginx did not listen on %s within 30s\n%s", addr, stderr.String())
		}
		time.Sleep(20 * time.Millisecond)
	}
}

// freeLoopbackAddr is a loopback address no one listens on just now.
func freeLoopbackAddr(t testing.TB) string {
	t.Helper()
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer l.Close()
	return l.Addr().String()
}

// lockedBuffer keeps a process's output while it runs, for the failure
// message.
type lockedBuffer struct {
	mu sync.Mutex
	b  strings.Builder
}

func (l *lockedBuffer) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.Write(p)
}

func (l *lockedBuffer) String() string {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.String()
}
