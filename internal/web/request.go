package web

import (
	"net/http"

	"github.com/pluttra/pluttra/internal/access"
	"github.com/pluttra/pluttra/internal/i18n"
)

// request is what a handler works with: the HTTP pair, the principal, the
// locale, and the resource id the access decision was made for.
type request struct {
	W  http.ResponseWriter
	R  *http.Request
	P  access.Principal
	L  *i18n.Locale
	ID int64
}

func (s *Server) newRequest(w http.ResponseWriter, r *http.Request) *request {
	p := principalFrom(r.Context())
	chosen := ""
	if p.LoggedIn() {
		chosen = p.User.Language
	}
	if chosen == "" {
		if c, err := r.Cookie(langCookie); err == nil {
			chosen = c.Value
		}
	}
	return &request{W: w, R: r, P: p, L: s.deps.Catalog.Negotiate(chosen, r.Header.Get("Accept-Language"))}
}
