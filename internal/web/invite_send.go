package web

import (
	"context"
	"crypto/rand"
	"crypto/sha256"
	"encoding/base64"
	"time"

	"github.com/pluttra/pluttra/internal/pluttra"
)

// tokenLifetime is how long an emailed link works.
var tokenLifetime = map[string]time.Duration{
	pluttra.PurposeInvite: 14 * 24 * time.Hour,
	pluttra.PurposeReset:  2 * time.Hour,
}

// newSecret returns a link secret of 256 bits and the hash stored for it.
func newSecret() (string, []byte) {
	raw := make([]byte, 32)
	rand.Read(raw)
	secret := base64.RawURLEncoding.EncodeToString(raw)
	h := sha256.Sum256([]byte(secret))
	return secret, h[:]
}

func hashSecret(secret string) []byte {
	h := sha256.Sum256([]byte(secret))
	return h[:]
}

// sendLink issues a link of the purpose to the user and queues its mail,
// written in the user's language, or in Swedish with English below when
// the user has not chosen one.
func (s *Server) sendLink(ctx context.Context, u *pluttra.User, purpose string) error {
	org, err := s.deps.Store.Organisation(ctx, u.OrgID)
	if err != nil {
		return err
	}
	secret, hash := newSecret()
	lifetime := tokenLifetime[purpose]
	link := s.opts.BaseURL + "/" + purpose + "/" + secret
	args := []any{"Name", u.Name, "Org", org.Name, "Link", link, "Days", int(lifetime.Hours() / 24), "Hours", int(lifetime.Hours())}
	var subject, body string
	if u.Language != "" {
		l := s.deps.Catalog.Locale(u.Language)
		subject, body = l.T("mail."+purpose+".subject", args...), l.T("mail."+purpose+".body", args...)
	} else {
		sv, en := s.deps.Catalog.Locale("sv"), s.deps.Catalog.Locale("en")
		subject = sv.T("mail."+purpose+".subject", args...)
		body = sv.T("mail."+purpose+".body", args...) + "\n\n-- In English --\n\n" + en.T("mail."+purpose+".body", args...)
	}
	t := &pluttra.Token{UserID: u.ID, Purpose: purpose, ExpiresAt: s.deps.Now().Add(lifetime)}
	return s.deps.Store.IssueToken(ctx, u.OrgID, t, hash, &pluttra.OutboxMail{To: u.Email, Subject: subject, Body: body})
}

// inviteStatus says where a guardian stands: active (has a password),
// bounced (the newest mail to the address was refused: it needs
// correcting), invited (an open link), expired (a link that no longer
// works) or not_invited.
func (s *Server) inviteStatus(ctx context.Context, u *pluttra.User) (string, *pluttra.Token, error) {
	if u.PasswordHash != "" {
		return "active", nil, nil
	}
	m, err := s.deps.Store.LatestMailTo(ctx, u.OrgID, u.Email)
	if err != nil && pluttra.ErrorCode(err) != pluttra.ENOTFOUND {
		return "", nil, err
	}
	if m != nil && m.Status() == "bounced" {
		return "bounced", nil, nil
	}
	t, err := s.deps.Store.LatestToken(ctx, u.OrgID, u.ID, pluttra.PurposeInvite)
	switch {
	case pluttra.ErrorCode(err) == pluttra.ENOTFOUND:
		return "not_invited", nil, nil
	case err != nil:
		return "", nil, err
	case t.UsedAt.IsZero() && t.RevokedAt.IsZero() && s.deps.Now().Before(t.ExpiresAt):
		return "invited", t, nil
	}
	return "expired", t, nil
}
