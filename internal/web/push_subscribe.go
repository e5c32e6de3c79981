package web

import (
	"crypto/ecdh"
	"encoding/base64"
	"encoding/json"
	"io"
	"net/http"
	"strings"

	"github.com/pluttra/pluttra/internal/pluttra"
	"github.com/pluttra/pluttra/internal/push"
)

// subscriptionJSON is what PushSubscription.toJSON() gives in a browser.
type subscriptionJSON struct {
	Endpoint string `json:"endpoint"`
	Keys     struct {
		P256dh string `json:"p256dh"`
		Auth   string `json:"auth"`
	} `json:"keys"`
}

// pushKey tells the browser the server's public VAPID key, which it
// subscribes with (the settings page has it too; the service worker asks
// here when the push service renews a subscription).
func (s *Server) pushKey(req *request) error {
	return writeJSON(req, http.StatusOK, map[string]string{"key": s.opts.PushKey})
}

// pushSubscribe stores this browser's subscription for the signed-in user.
// One another account holds is refused with 409 and a translated reason.
func (s *Server) pushSubscribe(req *request) error {
	var sub subscriptionJSON
	if err := readJSON(req, &sub); err != nil {
		return s.jsonError(req, http.StatusBadRequest, "push.error.invalid")
	}
	if err := push.CheckEndpoint(sub.Endpoint, s.opts.PushAllowLocal); err != nil {
		return s.jsonError(req, http.StatusBadRequest, "push.error.endpoint")
	}
	if !validBrowserKeys(sub.Keys.P256dh, sub.Keys.Auth) {
		return s.jsonError(req, http.StatusBadRequest, "push.error.invalid")
	}
	p := &pluttra.PushSubscription{UserID: req.P.User.ID, Endpoint: sub.Endpoint, P256dh: sub.Keys.P256dh, Auth: sub.Keys.Auth}
	err := s.deps.Store.SavePushSubscription(req.R.Context(), req.P.OrgID(), p)
	if pluttra.ErrorCode(err) == pluttra.ECONFLICT {
		// This browser's endpoint is another account's: the store refuses
		// to move it, and the user is told how to go on.
		return s.jsonError(req, http.StatusConflict, pluttra.ErrorKey(err))
	}
	if err != nil {
		return err
	}
	return writeJSON(req, http.StatusCreated, map[string]bool{"ok": true})
}

// pushUnsubscribe removes the signed-in user's subscription of this browser.
func (s *Server) pushUnsubscribe(req *request) error {
	var sub subscriptionJSON
	if err := readJSON(req, &sub); err != nil || sub.Endpoint == "" {
		return s.jsonError(req, http.StatusBadRequest, "push.error.invalid")
	}
	err := s.deps.Store.DeletePushSubscription(req.R.Context(), req.P.OrgID(), req.P.User.ID, sub.Endpoint)
	if pluttra.ErrorCode(err) == pluttra.ENOTFOUND {
		return s.jsonError(req, http.StatusNotFound, "push.error.not_found")
	}
	if err != nil {
		return err
	}
	req.W.WriteHeader(http.StatusNoContent)
	return nil
}

// validBrowserKeys checks the browser's keys (RFC 8291): a P-256 public
// key and a 16-byte authentication secret, base64url.
func validBrowserKeys(p256dh, auth string) bool {
	pub, err := decodeBase64URL(p256dh)
	if err != nil {
		return false
	}
	if _, err := ecdh.P256().NewPublicKey(pub); err != nil {
		return false
	}
	a, err := decodeBase64URL(auth)
	return err == nil && len(a) == 16
}

func decodeBase64URL(s string) ([]byte, error) {
	return base64.RawURLEncoding.DecodeString(strings.TrimRight(s, "="))
}

// maxJSONBody caps the JSON bodies of the push endpoints.
const maxJSONBody = 8 << 10

func readJSON(req *request, v any) error {
	body, err := io.ReadAll(io.LimitReader(req.R.Body, maxJSONBody+1))
	if err != nil || len(body) > maxJSONBody {
		return pluttra.Invalid("body", "error.invalid")
	}
	return json.Unmarshal(body, v)
}

func writeJSON(req *request, status int, v any) error {
	h := req.W.Header()
	h.Set("Content-Type", "application/json")
	h.Set("Cache-Control", "no-store")
	req.W.WriteHeader(status)
	return json.NewEncoder(req.W).Encode(v)
}

// jsonError answers with the translated message of key.
func (s *Server) jsonError(req *request, status int, key string) error {
	return writeJSON(req, status, map[string]string{"error": req.L.T(key)})
}
