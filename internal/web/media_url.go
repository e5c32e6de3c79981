package web

import (
	"context"
	"crypto/hmac"
	"crypto/sha256"
	"encoding/base64"
	"strconv"
	"time"

	"github.com/pluttra/pluttra/internal/pluttra"
)

// Media URLs are never public: each is signed for one viewer and one file
// and expires. The expiry is rounded up to a quarter hour, so a page
// reloaded within it shows the same URLs and the browser's private cache
// can serve them.
const (
	mediaURLLife   = 2 * time.Hour
	mediaURLRounds = 15 * time.Minute
)

// mediaSigner makes and checks media URLs with an installation key shared
// by every app node.
type mediaSigner struct {
	key []byte
}

func (s *Server) mediaSigner(ctx context.Context) (*mediaSigner, error) {
	key, err := s.deps.Store.Secret(ctx, "media-url")
	if err != nil {
		return nil, err
	}
	return &mediaSigner{key: key}, nil
}

func (m *mediaSigner) mac(viewer, mediaID int64, name string, exp int64) string {
	h := hmac.New(sha256.New, m.key)
	h.Write([]byte("media\x00" + strconv.FormatInt(viewer, 10) + "\x00" + strconv.FormatInt(mediaID, 10) + "\x00" + name + "\x00" + strconv.FormatInt(exp, 10)))
	return base64.RawURLEncoding.EncodeToString(h.Sum(nil))
}

// url is the path of one file of an item for the viewer.
func (m *mediaSigner) url(viewer *pluttra.User, mediaID int64, name string, now time.Time) string {
	exp := now.Add(mediaURLLife).Truncate(mediaURLRounds).Add(mediaURLRounds).Unix()
	return "/media/" + strconv.FormatInt(mediaID, 10) + "/" + name + "?exp=" + strconv.FormatInt(exp, 10) +
		"&sig=" + m.mac(viewer.ID, mediaID, name, exp)
}

// valid checks a URL's signature for the viewer and that it has not
// expired; it returns the expiry.
func (m *mediaSigner) valid(viewer *pluttra.User, mediaID int64, name, expParam, sig string, now time.Time) (time.Time, bool) {
	exp, err := strconv.ParseInt(expParam, 10, 64)
	if err != nil || now.Unix() > exp || exp > now.Add(mediaURLLife+mediaURLRounds).Unix() {
		return time.Time{}, false
	}
	want := m.mac(viewer.ID, mediaID, name, exp)
	return time.Unix(exp, 0), hmac.Equal([]byte(want), []byte(sig))
}
