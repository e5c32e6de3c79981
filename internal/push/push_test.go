package push_test

import (
	"context"
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/sha256"
	"encoding/base64"
	"encoding/json"
	"math/big"
	"strings"
	"testing"
	"time"

	webpush "github.com/SherClockHolmes/webpush-go"

	"github.com/pluttra/pluttra/internal/pluttra"
	"github.com/pluttra/pluttra/internal/push"
	"github.com/pluttra/pluttra/internal/push/pushtest"
)

// TestTestEndpointReadsTheLibrary: the test endpoint's own RFC 8291
// decryption opens what webpush-go encrypts, so it is a fair judge of
// ours.
func TestTestEndpointReadsTheLibrary(t *testing.T) {
	ep := pushtest.New()
	defer ep.Close()
	priv, pub, err := webpush.GenerateVAPIDKeys()
	if err != nil {
		t.Fatal(err)
	}
	resp, err := webpush.SendNotification([]byte(`{"title":"Hej"}`), &webpush.Subscription{Endpoint: ep.Endpoint(),
		Keys: webpush.Keys{P256dh: ep.P256dh(), Auth: ep.Auth()}}, &webpush.Options{Subscriber: "a@pluttra.example", VAPIDPublicKey: pub, VAPIDPrivateKey: priv, TTL: 60})
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if got := ep.Received(); len(got) != 1 || string(got[0].Plain) != `{"title":"Hej"}` {
		t.Fatalf("received %+v, failures %v", got, ep.Failures())
	}
}

// TestSenderMessageAndToken: the sender's message decrypts to the payload
// with the browser's keys, and its VAPID token is signed by the
// installation's key for the push service's origin, reused for the next
// message to the same service.
func TestSenderMessageAndToken(t *testing.T) {
	ep := pushtest.New()
	defer ep.Close()
	secret := make([]byte, 32)
	secret[31] = 7
	keys, err := push.KeysFromSecret(secret)
	if err != nil {
		t.Fatal(err)
	}
	s := &push.Sender{Keys: keys, Subscriber: "mailto:noreply@pluttra.example", Client: push.NewClient(5*time.Second, true), TTL: time.Hour}
	sub := pluttra.PushSubscription{Endpoint: ep.Endpoint(), P256dh: ep.P256dh(), Auth: ep.Auth()}
	for _, body := range []string{`{"title":"Nytt inlägg om Alva"}`, strings.Repeat("å", 1500)} {
		if outcome, err := s.Send(context.Background(), sub, []byte(body), false); outcome != push.Delivered {
			t.Fatalf("send = %v, %v", outcome, err)
		}
	}
	got := ep.Received()
	if len(got) != 2 || string(got[0].Plain) != `{"title":"Nytt inlägg om Alva"}` || string(got[1].Plain) != strings.Repeat("å", 1500) {
		t.Fatalf("received %d, failures %v", len(got), ep.Failures())
	}
	if got[0].Authorization != got[1].Authorization || got[0].TTL != "3600" || got[0].Urgency != "normal" {
		t.Fatalf("headers = %+v", got[0])
	}
	// vapid t=HEADER.CLAIMS.SIG, k=KEY
	parts := strings.SplitN(strings.TrimPrefix(got[0].Authorization, "vapid t="), ", k=", 2)
	if len(parts) != 2 || parts[1] != keys.Public {
		t.Fatalf("authorization = %q", got[0].Authorization)
	}
	jwt := strings.Split(parts[0], ".")
	claimsJSON, _ := base64.RawURLEncoding.DecodeString(jwt[1])
	var claims struct {
		Aud, Sub string
		Exp      int64
	}
	json.Unmarshal(claimsJSON, &claims)
	if claims.Aud != ep.URL || claims.Sub != "mailto:noreply@pluttra.example" || time.Until(time.Unix(claims.Exp, 0)) > 24*time.Hour {
		t.Fatalf("claims = %s", claimsJSON)
	}
	pubRaw, _ := base64.RawURLEncoding.DecodeString(keys.Public)
	pk, err := ecdsa.ParseUncompressedPublicKey(elliptic.P256(), pubRaw)
	if err != nil {
		t.Fatal(err)
	}
	sig, _ := base64.RawURLEncoding.DecodeString(jwt[2])
	digest := sha256.Sum256([]byte(jwt[0] + "." + jwt[1]))
	if !ecdsa.Verify(pk, digest[:], new(big.Int).SetBytes(sig[:32]), new(big.Int).SetBytes(sig[32:])) {
		t.Fatal("the VAPID token's signature does not verify with the public key")
	}
	if outcome, _ := s.Send(context.Background(), sub, []byte(strings.Repeat("x", 4000)), false); outcome != push.Refused {
		t.Fatal("a payload too large for a push message was sent")
	}
}

// TestEndpointGuard: only https endpoints of public hosts, unless local
// endpoints are allowed; the client refuses to dial inside the network.
func TestEndpointGuard(t *testing.T) {
	for raw, ok := range map[string]bool{
		"https://fcm.googleapis.com/fcm/send/abc":              true,
		"https://updates.push.services.mozilla.com/wpush/v2/x": true,
		"http://fcm.googleapis.com/fcm/send/abc":               false,
		"https://127.0.0.1/x":                                  false,
		"https://10.1.2.3/x":                                   false,
		"https://[::1]/x":                                      false,
		"https://169.254.169.254/latest/meta-data":             false,
		"https://0.0.0.0/x":                                    false,
		"https://100.64.0.1/x":                                 false,
		"https://172.16.0.1/x":                                 false,
		"https://192.0.0.8/x":                                  false,
		"https://192.0.2.1/x":                                  false,
		"https://192.88.99.1/x":                                false,
		"https://192.168.1.1/x":                                false,
		"https://198.18.0.1/x":                                 false,
		"https://198.51.100.1/x":                               false,
		"https://203.0.113.1/x":                                false,
		"https://224.0.0.1/x":                                  false,
		"https://240.0.0.1/x":                                  false,
		"https://255.255.255.255/x":                            false,
		"https://[::]/x":                                       false,
		"https://[::ffff:127.0.0.1]/x":                         false,
		"https://[::ffff:8.8.8.8]/x":                           true,
		"https://[64:ff9b::7f00:1]/x":                          false,
		"https://[64:ff9b:1::1]/x":                             false,
		"https://[100::1]/x":                                   false,
		"https://[2001:0:4136:e378:8000:63bf:3fff:fdd2]/x":     false,
		"https://[2001:db8::1]/x":                              false,
		"https://[2002:7f00:1::1]/x":                           false,
		"https://[fd00::1]/x":                                  false,
		"https://[fe80::1%25eth0]/x":                           false,
		"https://[ff02::1]/x":                                  false,
		"https://[2606:4700:4700::1111]/x":                     true,
		"https://8.8.8.8/x":                                    true,
		"https://user:pw@push.example/x":                       false,
		"ftp://push.example/x":                                 false,
	} {
		if err := push.CheckEndpoint(raw, false); (err == nil) != ok {
			t.Errorf("CheckEndpoint(%q) = %v, want ok=%v", raw, err, ok)
		}
	}
	if err := push.CheckEndpoint("http://127.0.0.1:8080/x", true); err != nil {
		t.Errorf("a local endpoint with local allowed: %v", err)
	}
	ep := pushtest.New()
	defer ep.Close()
	keys, _ := push.KeysFromSecret(make([]byte, 32))
	guarded := &push.Sender{Keys: keys, Subscriber: "mailto:a@pluttra.example", Client: push.NewClient(time.Second, false)}
	outcome, err := guarded.Send(context.Background(), pluttra.PushSubscription{Endpoint: ep.Endpoint(), P256dh: ep.P256dh(), Auth: ep.Auth()}, []byte("x"), false)
	if outcome != push.Refused || len(ep.Received()) != 0 {
		t.Fatalf("a loopback endpoint was dialled: %v %v", outcome, err)
	}
}
