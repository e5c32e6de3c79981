package web

import (
	"context"
	"crypto/rand"
	"crypto/sha256"
	"encoding/base64"
	"net/http"
	"net/url"
	"time"

	"github.com/pluttra/pluttra/internal/access"
	"github.com/pluttra/pluttra/internal/pluttra"
)

// Cookie names. Over https the session and device cookies carry the
// __Host- prefix (Secure, no Domain, Path=/): the browser then refuses
// them from any other origin. Browsers reject that prefix without Secure,
// so on plain-http localhost the bare names are used.
const (
	sessionCookie = "pluttra_session"
	deviceCookie  = "pluttra_device"
	langCookie    = "pluttra_lang"
	hostPrefix    = "__Host-"
)

// touchEvery limits writes: activity is recorded at most this often.
const touchEvery = time.Minute

func (s *Server) cookieName(base string) string {
	if s.secure {
		return hostPrefix + base
	}
	return base
}

func (s *Server) setCookie(w http.ResponseWriter, name, value string, maxAge time.Duration) {
	http.SetCookie(w, &http.Cookie{
		Name: s.cookieName(name), Value: value, Path: "/", MaxAge: int(maxAge.Seconds()),
		HttpOnly: true, Secure: s.secure, SameSite: http.SameSiteLaxMode,
	})
}

func (s *Server) clearCookie(w http.ResponseWriter, name string) {
	http.SetCookie(w, &http.Cookie{Name: s.cookieName(name), Value: "", Path: "/", MaxAge: -1,
		HttpOnly: true, Secure: s.secure, SameSite: http.SameSiteLaxMode})
}

func hashToken(token string) []byte {
	h := sha256.Sum256([]byte(token))
	return h[:]
}

// startSession logs the user in: any session the browser had is ended and
// a new token issued, so a token planted before login is worthless after.
// secondFactor says the login passed a second factor.
func (s *Server) startSession(ctx context.Context, w http.ResponseWriter, r *http.Request, u *pluttra.User, secondFactor bool) error {
	if c, err := r.Cookie(s.cookieName(sessionCookie)); err == nil {
		if err := s.deps.Store.DeleteSession(ctx, hashToken(c.Value)); err != nil {
			return err
		}
	}
	raw := make([]byte, 32)
	rand.Read(raw)
	token := base64.RawURLEncoding.EncodeToString(raw)
	now := s.deps.Now()
	ses := pluttra.Session{TokenHash: hashToken(token), OrgID: u.OrgID, UserID: u.ID,
		CreatedAt: now, LastSeenAt: now, ExpiresAt: now.Add(s.opts.SessionMax), SecondFactor: secondFactor}
	if err := s.deps.Store.CreateSession(ctx, &ses); err != nil {
		return err
	}
	s.setCookie(w, sessionCookie, token, s.opts.SessionMax)
	return nil
}

// withSession finds the request's user from its session cookie and puts
// the principal, with today's facts, in the context. An expired, idle or
// deactivated session is ended and the request is anonymous.
func (s *Server) withSession(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		p, err := s.principal(r)
		if err != nil {
			// Answered as anonymous, in the browser's language: 503 when
			// the database does not answer, 507 when it cannot write.
			if pluttra.ErrorCode(err) == pluttra.EINTERNAL {
				err = pluttra.Unavailable(err)
			}
			s.fail(s.newRequest(w, r), err)
			return
		}
		ctx := context.WithValue(r.Context(), principalKey, p)
		if p.LoggedIn() {
			// Changes this request makes are audited as this user's.
			ctx = pluttra.WithActor(ctx, pluttra.Actor{UserID: p.User.ID, RequestID: requestID(ctx)})
		}
		next.ServeHTTP(w, r.WithContext(ctx))
	})
}

func (s *Server) principal(r *http.Request) (access.Principal, error) {
	c, err := r.Cookie(s.cookieName(sessionCookie))
	if err != nil || c.Value == "" {
		return access.Anonymous, nil
	}
	ctx := r.Context()
	hash := hashToken(c.Value)
	now := s.deps.Now()
	if ks, ok := s.sessions.get(hash); ok && now.Sub(ks.ses.LastSeenAt) < touchEvery && now.Before(ks.ses.ExpiresAt) {
		epoch, err := s.deps.Store.Epoch(ctx, ks.ses.OrgID)
		if err != nil {
			return access.Anonymous, err
		}
		if epoch == ks.ses.Epoch {
			u := ks.user // a copy: handlers may change their user
			return s.deps.Policy.PrincipalAt(ctx, &u, epoch)
		}
	}
	ses, err := s.deps.Store.SessionByTokenHash(ctx, hash)
	if pluttra.ErrorCode(err) == pluttra.ENOTFOUND {
		return access.Anonymous, nil
	}
	if err != nil {
		return access.Anonymous, err
	}
	if !now.Before(ses.ExpiresAt) || !now.Before(ses.LastSeenAt.Add(s.opts.SessionIdle)) {
		return access.Anonymous, s.deps.Store.DeleteSession(ctx, hash)
	}
	// The user is read after the epoch (read with the session), so it is
	// at least as new as the epoch it is kept under.
	u, err := s.deps.Store.User(ctx, ses.OrgID, ses.UserID)
	if err != nil {
		return access.Anonymous, err
	}
	if !u.Active {
		return access.Anonymous, s.deps.Store.DeleteSession(ctx, hash)
	}
	if now.Sub(ses.LastSeenAt) >= touchEvery {
		// On a full disk the session is used without recording the
		// activity, so what needs no write can still be read.
		switch err := s.deps.Store.TouchSession(ctx, hash, now); pluttra.ErrorCode(err) {
		case "", pluttra.ENOTFOUND:
			ses.LastSeenAt = now
		case pluttra.EFULL:
		default:
			return access.Anonymous, err
		}
	}
	s.sessions.put(hash, knownSession{ses: *ses, user: *u})
	return s.deps.Policy.PrincipalAt(ctx, u, ses.Epoch)
}

// passedSecondFactor reports whether the request's session was made by a
// login that passed a second factor.
func (s *Server) passedSecondFactor(r *http.Request) (bool, error) {
	c, err := r.Cookie(s.cookieName(sessionCookie))
	if err != nil || c.Value == "" {
		return false, nil
	}
	ses, err := s.deps.Store.SessionByTokenHash(r.Context(), hashToken(c.Value))
	if pluttra.ErrorCode(err) == pluttra.ENOTFOUND {
		return false, nil
	}
	if err != nil {
		return false, err
	}
	return ses.SecondFactor, nil
}

func principalFrom(ctx context.Context) access.Principal {
	p, _ := ctx.Value(principalKey).(access.Principal)
	return p
}

func isHTTPS(base string) bool {
	u, err := url.Parse(base)
	return err == nil && u.Scheme == "https"
}
