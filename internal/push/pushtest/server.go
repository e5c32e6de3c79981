// Package pushtest is a push service for tests: a real HTTP endpoint that
// stands for a browser's push service and the browser behind it. It holds
// the subscriber's keys, made here, and decrypts what it receives with its
// own implementation of RFC 8291 (ECDH P-256, HKDF-SHA-256, AES-128-GCM,
// the aes128gcm content coding of RFC 8188), so a test proves that what
// the server sends is what a browser could read.
package pushtest

import (
	"bytes"
	"crypto/aes"
	"crypto/cipher"
	"crypto/ecdh"
	"crypto/hkdf"
	"crypto/rand"
	"crypto/sha256"
	"encoding/base64"
	"encoding/binary"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
)

// Received is one message the endpoint took.
type Received struct {
	Plain         []byte // the decrypted payload
	Authorization string // the VAPID header as sent
	Urgency       string
	TTL           string
}

// Server is a push endpoint with one subscriber.
type Server struct {
	*httptest.Server
	key  *ecdh.PrivateKey
	auth []byte

	mu       sync.Mutex
	received []Received
	failures []error
	status   int           // answer with this instead of 201
	hang     chan struct{} // when set, requests wait until it closes
	arrived  chan struct{}
}

// New starts an endpoint answering 201 Created.
func New() *Server {
	key, err := ecdh.P256().GenerateKey(rand.Reader)
	if err != nil {
		panic(err)
	}
	s := &Server{key: key, auth: make([]byte, 16), status: http.StatusCreated, arrived: make(chan struct{}, 1024)}
	rand.Read(s.auth)
	s.Server = httptest.NewServer(http.HandlerFunc(s.serve))
	return s
}

// Endpoint is the subscription's URL; Keys are its p256dh and auth, as a
// browser's PushSubscription.toJSON() gives them.
func (s *Server) Endpoint() string { return s.URL + "/push/subscriber" }

// P256dh is the subscriber's public key, base64url.
func (s *Server) P256dh() string {
	return base64.RawURLEncoding.EncodeToString(s.key.PublicKey().Bytes())
}

// Auth is the subscriber's authentication secret, base64url.
func (s *Server) Auth() string { return base64.RawURLEncoding.EncodeToString(s.auth) }

// Answer makes the endpoint answer status from now on (404 or 410 for a
// subscription that is gone, 503 for an outage).
func (s *Server) Answer(status int) {
	s.mu.Lock()
	s.status = status
	s.mu.Unlock()
}

// Hang makes requests wait without an answer until the returned function
// is called (or the client gives up).
func (s *Server) Hang() (release func()) {
	c := make(chan struct{})
	s.mu.Lock()
	s.hang = c
	s.mu.Unlock()
	var once sync.Once
	return func() {
		once.Do(func() {
			s.mu.Lock()
			s.hang = nil
			s.mu.Unlock()
			close(c)
		})
	}
}

// Received lists what was decrypted so far.
func (s *Server) Received() []Received {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]Received(nil), s.received...)
}

// Failures lists requests that could not be decrypted.
func (s *Server) Failures() []error {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]error(nil), s.failures...)
}

// Arrived signals each request as it arrives, before it is answered.
func (s *Server) Arrived() <-chan struct{} { return s.arrived }

func (s *Server) serve(w http.ResponseWriter, r *http.Request) {
	select {
	case s.arrived <- struct{}{}:
	default:
	}
	s.mu.Lock()
	hang, status := s.hang, s.status
	s.mu.Unlock()
	if hang != nil {
		select {
		case <-hang:
		case <-r.Context().Done():
			return
		}
	}
	body, err := io.ReadAll(r.Body)
	if err == nil && r.Header.Get("Content-Encoding") != "aes128gcm" {
		err = fmt.Errorf("content encoding %q", r.Header.Get("Content-Encoding"))
	}
	if err == nil && !strings.HasPrefix(r.Header.Get("Authorization"), "vapid t=") {
		err = errors.New("no VAPID authorization")
	}
	var plain []byte
	if err == nil {
		plain, err = Decrypt(s.key, s.auth, body)
	}
	s.mu.Lock()
	if err != nil {
		s.failures = append(s.failures, err)
	} else if status < 300 {
		s.received = append(s.received, Received{Plain: plain, Authorization: r.Header.Get("Authorization"),
			Urgency: r.Header.Get("Urgency"), TTL: r.Header.Get("TTL")})
	}
	s.mu.Unlock()
	if err != nil {
		http.Error(w, err.Error(), http.StatusBadRequest)
		return
	}
	w.WriteHeader(status)
}

// Decrypt opens an aes128gcm message (RFC 8188) encrypted for the
// subscriber key and auth secret as RFC 8291 says: the header gives the
// salt, record size and the sender's one-time public key; the shared
// secret of the two keys, with the auth secret, gives through HKDF the
// content key and nonce; the single record ends with the delimiter 2
// followed by padding zeros.
func Decrypt(key *ecdh.PrivateKey, auth, body []byte) ([]byte, error) {
	if len(body) < 21 {
		return nil, errors.New("message shorter than its header")
	}
	salt, rs, idlen := body[:16], binary.BigEndian.Uint32(body[16:20]), int(body[20])
	if idlen != 65 || len(body) < 21+idlen {
		return nil, fmt.Errorf("key id of %d bytes", idlen)
	}
	senderPub, err := ecdh.P256().NewPublicKey(body[21 : 21+idlen])
	if err != nil {
		return nil, err
	}
	record := body[21+idlen:]
	if rs < 18 || len(record) > int(rs) {
		return nil, fmt.Errorf("record of %d bytes with record size %d", len(record), rs)
	}
	shared, err := key.ECDH(senderPub)
	if err != nil {
		return nil, err
	}
	info := append([]byte("WebPush: info\x00"), key.PublicKey().Bytes()...)
	info = append(info, senderPub.Bytes()...)
	ikm, err := hkdf.Key(sha256.New, shared, auth, string(info), 32)
	if err != nil {
		return nil, err
	}
	cek, err := hkdf.Key(sha256.New, ikm, salt, "Content-Encoding: aes128gcm\x00", 16)
	if err != nil {
		return nil, err
	}
	nonce, err := hkdf.Key(sha256.New, ikm, salt, "Content-Encoding: nonce\x00", 12)
	if err != nil {
		return nil, err
	}
	block, err := aes.NewCipher(cek)
	if err != nil {
		return nil, err
	}
	gcm, err := cipher.NewGCM(block)
	if err != nil {
		return nil, err
	}
	padded, err := gcm.Open(nil, nonce, record, nil)
	if err != nil {
		return nil, fmt.Errorf("decrypt: %w", err)
	}
	end := bytes.LastIndexByte(padded, 2)
	if end < 0 || bytes.ContainsFunc(padded[end+1:], func(r rune) bool { return r != 0 }) {
		return nil, errors.New("no last-record delimiter")
	}
	return padded[:end], nil
}
