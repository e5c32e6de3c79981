package bench

import (
	"bufio"
	"context"
	"crypto/ecdh"
	"crypto/rand"
	"encoding/base64"
	"encoding/json"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"runtime"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	webpush "github.com/SherClockHolmes/webpush-go"

	"github.com/pluttra/pluttra/internal/pluttra"
	"github.com/pluttra/pluttra/internal/push"
)

// BenchmarkPush sends Web Push messages (RFC 8291 encryption, the VAPID
// token signed once per push service) to a local push endpoint in another
// process, with the sender on one core (GOMAXPROCS=1), and reports sends
// per second next to its anchor: plain HTTP POSTs of the same size to the
// same endpoint from the same client; the difference is what encryption
// costs. The target is 5,000 sends a second on one core. webpush-go/s is
// the same sends through SherClockHolmes/webpush-go, which signs a new
// token for every message.
func BenchmarkPush(b *testing.B) {
	endpoint := startPushEndpoint(b)
	priv, pub, err := webpush.GenerateVAPIDKeys()
	if err != nil {
		b.Fatal(err)
	}
	key, err := ecdh.P256().GenerateKey(rand.Reader)
	if err != nil {
		b.Fatal(err)
	}
	auth := make([]byte, 16)
	rand.Read(auth)
	sub := pluttra.PushSubscription{Endpoint: endpoint + "/push/subscriber",
		P256dh: base64.RawURLEncoding.EncodeToString(key.PublicKey().Bytes()), Auth: base64.RawURLEncoding.EncodeToString(auth)}
	client := push.NewClient(10*time.Second, true)
	sender := &push.Sender{Keys: push.Keys{Public: pub, Private: priv}, Subscriber: "mailto:noreply@pluttra.example", Client: client, TTL: time.Hour}
	payload, _ := json.Marshal(push.Message{Title: "Nytt inlägg om Alva från Solrosen",
		Body: "Eva Lindqvist har skrivit om Alva. Öppna Pluttra för att läsa.", URL: "https://pluttra.example/posts/123456", Tag: "notice-123456"})
	// What the sender posts: the record padded to 256-byte steps.
	plainSize := (len(payload) + 103 + 255) / 256 * 256
	plain := strings.Repeat("x", plainSize)

	defer runtime.GOMAXPROCS(runtime.GOMAXPROCS(1))
	const perRound, parallel = 5000, 8
	run := func(send func() error) float64 {
		var left atomic.Int64
		left.Store(perRound)
		var wg sync.WaitGroup
		var failed atomic.Value
		start := time.Now()
		for range parallel {
			wg.Add(1)
			go func() {
				defer wg.Done()
				for left.Add(-1) >= 0 {
					if err := send(); err != nil {
						failed.Store(err)
						return
					}
				}
			}()
		}
		wg.Wait()
		if err, _ := failed.Load().(error); err != nil {
			b.Fatal(err)
		}
		return perRound / time.Since(start).Seconds()
	}
	sendPush := func() error {
		outcome, err := sender.Send(context.Background(), sub, payload, false)
		if outcome != push.Delivered {
			return fmt.Errorf("push: %v", err)
		}
		return nil
	}
	sendPlain := func() error {
		resp, err := client.Post(sub.Endpoint, "application/octet-stream", strings.NewReader(plain))
		if err != nil {
			return err
		}
		io.Copy(io.Discard, resp.Body)
		resp.Body.Close()
		if resp.StatusCode != http.StatusCreated {
			return fmt.Errorf("plain POST: %d", resp.StatusCode)
		}
		return nil
	}
	// The library as it is, for comparison: it signs a new VAPID token
	// for every message.
	libSub := &webpush.Subscription{Endpoint: sub.Endpoint, Keys: webpush.Keys{P256dh: sub.P256dh, Auth: sub.Auth}}
	sendLibrary := func() error {
		resp, err := webpush.SendNotificationWithContext(context.Background(), payload, libSub, &webpush.Options{HTTPClient: client,
			Subscriber: "noreply@pluttra.example", VAPIDPublicKey: pub, VAPIDPrivateKey: priv, TTL: 3600, RecordSize: uint32(plainSize)})
		if err != nil {
			return err
		}
		io.Copy(io.Discard, resp.Body)
		resp.Body.Close()
		return nil
	}
	run(sendPush) // warm the connections
	var pushes, plains, library float64
	b.ResetTimer()
	for range b.N {
		pushes += run(sendPush)
		plains += run(sendPlain)
		library += run(sendLibrary)
	}
	b.ReportMetric(pushes/float64(b.N), "pushes/s")
	b.ReportMetric(plains/float64(b.N), "anchor-posts/s")
	b.ReportMetric(library/float64(b.N), "webpush-go/s")
	b.ReportMetric(0, "ns/op")
}

// startPushEndpoint runs a push endpoint in a child process (so it uses a
// core of its own, not the sender's) and returns its base URL.
func startPushEndpoint(b *testing.B) string {
	cmd := child("push-endpoint", "", "")
	stdin, err := cmd.StdinPipe()
	if err != nil {
		b.Fatal(err)
	}
	out, err := cmd.StdoutPipe()
	if err != nil {
		b.Fatal(err)
	}
	cmd.Stderr = os.Stderr
	if err := cmd.Start(); err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { stdin.Close(); cmd.Wait() })
	line, err := bufio.NewReader(out).ReadString('\n')
	if err != nil {
		b.Fatal(err)
	}
	return strings.TrimSpace(line)
}

// servePushEndpoint is the child's work: a push service that takes every
// message (201 Created) until its stdin closes. Like a real one it reads
// the message and leaves decrypting it to the browser.
func servePushEndpoint() error {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return err
	}
	fmt.Printf("http://%s\n", ln.Addr())
	srv := &http.Server{Handler: http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		io.Copy(io.Discard, r.Body)
		w.WriteHeader(http.StatusCreated)
	})}
	go func() { io.Copy(io.Discard, os.Stdin); srv.Close() }()
	if err := srv.Serve(ln); err != http.ErrServerClosed {
		return err
	}
	return nil
}
