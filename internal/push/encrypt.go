package push

import (
	"crypto/aes"
	"crypto/cipher"
	"crypto/ecdh"
	"crypto/hkdf"
	"crypto/rand"
	"crypto/sha256"
	"encoding/base64"
	"encoding/binary"
	"fmt"
	"strings"
)

// encrypt seals payload for a browser as RFC 8291 says, in the aes128gcm
// content coding of RFC 8188: a one-time key pair and salt per message,
// the ECDH secret with the browser's key mixed with its auth secret by
// HKDF-SHA-256 into the content key and nonce, one record padded to rs.
func encrypt(payload []byte, p256dh, auth string, rs int) ([]byte, error) {
	uaPub, err := decodeKey(p256dh)
	if err != nil {
		return nil, fmt.Errorf("push: p256dh: %w", err)
	}
	secret, err := decodeKey(auth)
	if err != nil || len(secret) != 16 {
		return nil, fmt.Errorf("push: auth secret")
	}
	ua, err := ecdh.P256().NewPublicKey(uaPub)
	if err != nil {
		return nil, fmt.Errorf("push: p256dh: %w", err)
	}
	as, err := ecdh.P256().GenerateKey(rand.Reader)
	if err != nil {
		return nil, err
	}
	shared, err := as.ECDH(ua)
	if err != nil {
		return nil, err
	}
	asPub := as.PublicKey().Bytes()
	info := make([]byte, 0, 14+65+65)
	info = append(append(append(info, "WebPush: info\x00"...), uaPub...), asPub...)
	ikm, err := hkdf.Key(sha256.New, shared, secret, string(info), 32)
	if err != nil {
		return nil, err
	}
	salt := make([]byte, 16)
	rand.Read(salt)
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
	header := 16 + 4 + 1 + len(asPub)
	plainLen := rs - header - gcm.Overhead()
	if len(payload)+1 > plainLen {
		return nil, fmt.Errorf("push: payload of %d bytes is too large", len(payload))
	}
	out := make([]byte, header, rs)
	copy(out, salt)
	binary.BigEndian.PutUint32(out[16:], uint32(rs))
	out[20] = byte(len(asPub))
	copy(out[21:], asPub)
	plain := make([]byte, plainLen) // the delimiter 2, then zeros
	copy(plain, payload)
	plain[len(payload)] = 2
	return gcm.Seal(out, nonce, plain, nil), nil
}

// decodeKey reads a browser key in base64url, with or without padding
// (some browsers give standard base64).
func decodeKey(s string) ([]byte, error) {
	s = strings.TrimRight(s, "=")
	if b, err := base64.RawURLEncoding.DecodeString(s); err == nil {
		return b, nil
	}
	return base64.RawStdEncoding.DecodeString(s)
}
