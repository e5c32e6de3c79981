// Package push sends Web Push messages (RFC 8030) to the browsers users
// turned notifications on in, encrypted for each browser (RFC 8291) and
// signed with the installation's VAPID key (RFC 8292). The encryption is
// the standard library's (crypto/ecdh, crypto/hkdf, AES-GCM); the VAPID
// token is signed once per push service and reused while valid, which is
// what makes a send cheap (SherClockHolmes/webpush-go signs one per send;
// the tests check our messages against it). It also guards where it
// sends: a push endpoint is a URL a browser hands us, so a crafted one must
// never aim the server at an address inside its own network.
package push

import (
	"bytes"
	"context"
	"crypto/ecdh"
	"crypto/sha256"
	"encoding/base64"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strconv"
	"sync"
	"time"

	"github.com/pluttra/pluttra/internal/netguard"
	"github.com/pluttra/pluttra/internal/pluttra"
)

// Keys are the installation's VAPID key pair: browsers subscribe with the
// public key, and push services accept only messages it signed.
type Keys struct {
	Public  string // uncompressed P-256 point, base64url without padding
	Private string // the scalar, base64url without padding
}

// KeysFromSecret derives the key pair from an installation secret of 32
// random bytes (kept in the database, shared by every node), so the key
// is made at first start and never changes: a new key would orphan every
// subscription.
func KeysFromSecret(secret []byte) (Keys, error) {
	seed := secret
	for range 8 {
		k, err := ecdh.P256().NewPrivateKey(seed)
		if err == nil {
			return Keys{Public: base64.RawURLEncoding.EncodeToString(k.PublicKey().Bytes()),
				Private: base64.RawURLEncoding.EncodeToString(k.Bytes())}, nil
		}
		// A scalar out of range (about one secret in four billion):
		// derive another from it.
		h := sha256.Sum256(seed)
		seed = h[:]
	}
	return Keys{}, errors.New("push: no valid VAPID key from the secret")
}

// Outcome is what the push service made of a message.
type Outcome int

// The outcomes.
const (
	Delivered Outcome = iota // accepted (2xx)
	Gone                     // 404 or 410: the subscription is over; remove it
	Retry                    // a timeout, 429 or 5xx: try again later
	Refused                  // any other answer: this message will never go
)

// Message is what the service worker shows: the title, the body and the
// page opened on a click; Tag lets a newer notice replace an older one of
// the same thing.
type Message struct {
	Title string `json:"title"`
	Body  string `json:"body"`
	URL   string `json:"url"`
	Tag   string `json:"tag,omitempty"`
}

// Sender sends push messages.
type Sender struct {
	Keys Keys
	// Subscriber is the contact push services may use about our messages:
	// a mailto: address or an https URL.
	Subscriber string
	// Client sends the requests; NewClient guards its addresses.
	Client *http.Client
	// TTL is how long a push service keeps a message for a browser that
	// is offline.
	TTL time.Duration

	once     sync.Once
	vapid    *vapid
	vapidErr error
}

// maxRecord is the largest encrypted message push services take.
const maxRecord = 4096

// recordOverhead is what the aes128gcm header (salt, record size, key)
// and the tag add to the plaintext, plus its delimiter byte.
const recordOverhead = 16 + 4 + 1 + 65 + 16 + 1

// Send encrypts payload for the subscription (RFC 8291) and posts it to
// its push service with our VAPID token (RFC 8292). The error explains any
// outcome but Delivered.
func (s *Sender) Send(ctx context.Context, sub pluttra.PushSubscription, payload []byte, urgent bool) (Outcome, error) {
	s.once.Do(func() { s.vapid, s.vapidErr = newVAPID(s.Keys, s.Subscriber) })
	if s.vapidErr != nil {
		return Refused, s.vapidErr
	}
	// A record just large enough, in steps of 256 bytes so the size
	// tells little of the message.
	rs := (len(payload) + recordOverhead + 255) / 256 * 256
	if rs > maxRecord {
		return Refused, fmt.Errorf("push: payload of %d bytes is too large", len(payload))
	}
	body, err := encrypt(payload, sub.P256dh, sub.Auth, rs)
	if err != nil {
		return Refused, err
	}
	u, err := url.Parse(sub.Endpoint)
	if err != nil {
		return Refused, err
	}
	auth, err := s.vapid.header(u.Scheme+"://"+u.Host, time.Now())
	if err != nil {
		return Refused, err
	}
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, sub.Endpoint, bytes.NewReader(body))
	if err != nil {
		return Refused, err
	}
	h := req.Header
	h.Set("Content-Encoding", "aes128gcm")
	h.Set("Content-Type", "application/octet-stream")
	h.Set("TTL", strconv.Itoa(int(s.TTL/time.Second)))
	h.Set("Authorization", auth)
	h.Set("Urgency", "normal")
	if urgent {
		h.Set("Urgency", "high")
	}
	resp, err := s.Client.Do(req)
	if err != nil {
		if errors.Is(err, netguard.ErrRefused) {
			return Refused, err
		}
		return Retry, err // not reached, or no answer in time
	}
	defer resp.Body.Close()
	io.Copy(io.Discard, io.LimitReader(resp.Body, 4096))
	return Classify(resp.StatusCode)
}

// Classify maps a push service's status to an outcome.
func Classify(status int) (Outcome, error) {
	switch {
	case status >= 200 && status < 300:
		return Delivered, nil
	case status == http.StatusNotFound || status == http.StatusGone:
		return Gone, fmt.Errorf("push: subscription gone (%d)", status)
	case status == http.StatusTooManyRequests || status >= 500:
		return Retry, fmt.Errorf("push: service answered %d", status)
	}
	return Refused, fmt.Errorf("push: service refused the message (%d)", status)
}
