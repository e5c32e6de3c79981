package push

import (
	"crypto/ecdh"
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/sha256"
	"encoding/base64"
	"encoding/json"
	"fmt"
	"sync"
	"time"
)

// vapid signs the VAPID token (RFC 8292) a push service asks of us: an
// ES256 JWT naming the service's origin, an expiry and our contact. One
// token per origin is reused while it has more than an hour to live, so a
// burst of messages costs one signature per push service, not one each
// (Apple asks for no more than one new token an hour).
type vapid struct {
	key        *ecdsa.PrivateKey
	public     string // base64url, for the k= parameter
	subscriber string

	mu     sync.Mutex
	tokens map[string]vapidToken // by origin
}

type vapidToken struct {
	header  string
	expires time.Time
}

var ecdsaCurve = elliptic.P256()

// vapidLife is how long a token is valid; push services take at most 24h.
const vapidLife = 12 * time.Hour

func newVAPID(k Keys, subscriber string) (*vapid, error) {
	raw, err := base64.RawURLEncoding.DecodeString(k.Private)
	if err != nil {
		return nil, fmt.Errorf("push: VAPID private key: %w", err)
	}
	ek, err := ecdh.P256().NewPrivateKey(raw)
	if err != nil {
		return nil, fmt.Errorf("push: VAPID private key: %w", err)
	}
	key, err := ecdsa.ParseRawPrivateKey(ecdsaCurve, ek.Bytes())
	if err != nil {
		return nil, err
	}
	return &vapid{key: key, public: base64.RawURLEncoding.EncodeToString(ek.PublicKey().Bytes()), subscriber: subscriber,
		tokens: map[string]vapidToken{}}, nil
}

// header is the Authorization header for a push service's origin.
func (v *vapid) header(origin string, now time.Time) (string, error) {
	v.mu.Lock()
	defer v.mu.Unlock()
	if t, ok := v.tokens[origin]; ok && t.expires.Sub(now) > time.Hour {
		return t.header, nil
	}
	exp := now.Add(vapidLife)
	head := base64.RawURLEncoding.EncodeToString([]byte(`{"typ":"JWT","alg":"ES256"}`))
	claims, err := json.Marshal(map[string]any{"aud": origin, "exp": exp.Unix(), "sub": v.subscriber})
	if err != nil {
		return "", err
	}
	signing := head + "." + base64.RawURLEncoding.EncodeToString(claims)
	digest := sha256.Sum256([]byte(signing))
	r, s, err := ecdsa.Sign(rand.Reader, v.key, digest[:])
	if err != nil {
		return "", err
	}
	sig := make([]byte, 64)
	r.FillBytes(sig[:32])
	s.FillBytes(sig[32:])
	h := "vapid t=" + signing + "." + base64.RawURLEncoding.EncodeToString(sig) + ", k=" + v.public
	v.tokens[origin] = vapidToken{header: h, expires: exp}
	return h, nil
}
