package web

import (
	"context"
	"crypto/hmac"
	"crypto/sha256"
	"encoding/base64"
	"fmt"
	"net/http"
	"strings"
	"time"
)

// mfaCookie holds a login that has passed the password and waits for its
// second factor. It is signed, short-lived and grants nothing by itself.
const mfaCookie = "pluttra_mfa"

// mfaWindow is how long the second step may take.
const mfaWindow = 10 * time.Minute

// pendingLogin is who is half-way through logging in, and where to go next.
type pendingLogin struct {
	OrgID, UserID int64
	Next          string
}

func (s *Server) setPending(ctx context.Context, w http.ResponseWriter, p pendingLogin) error {
	key, err := s.deps.Store.Secret(ctx, "mfa-pending")
	if err != nil {
		return err
	}
	payload := fmt.Sprintf("%d.%d.%d.%s", p.OrgID, p.UserID, s.deps.Now().Add(mfaWindow).Unix(),
		base64.RawURLEncoding.EncodeToString([]byte(p.Next)))
	s.setCookie(w, mfaCookie, payload+"."+sign(key, payload), mfaWindow)
	return nil
}

// pending reads and checks the cookie; false when missing, forged or old.
func (s *Server) pending(r *http.Request) (pendingLogin, bool, error) {
	c, err := r.Cookie(s.cookieName(mfaCookie))
	if err != nil {
		return pendingLogin{}, false, nil
	}
	i := strings.LastIndexByte(c.Value, '.')
	if i < 0 {
		return pendingLogin{}, false, nil
	}
	payload, mac := c.Value[:i], c.Value[i+1:]
	key, err := s.deps.Store.Secret(r.Context(), "mfa-pending")
	if err != nil {
		return pendingLogin{}, false, err
	}
	if !hmac.Equal([]byte(mac), []byte(sign(key, payload))) {
		return pendingLogin{}, false, nil
	}
	var p pendingLogin
	var exp int64
	var next string
	if _, err := fmt.Sscanf(strings.ReplaceAll(payload, ".", " "), "%d %d %d %s", &p.OrgID, &p.UserID, &exp, &next); err != nil {
		return pendingLogin{}, false, nil
	}
	if s.deps.Now().Unix() > exp {
		return pendingLogin{}, false, nil
	}
	n, _ := base64.RawURLEncoding.DecodeString(next)
	p.Next = localPath(string(n))
	return p, true, nil
}

func sign(key []byte, payload string) string {
	m := hmac.New(sha256.New, key)
	m.Write([]byte(payload))
	return base64.RawURLEncoding.EncodeToString(m.Sum(nil))
}
