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

	action access.Action // the route's action, the access log's verb
	shown  []int64       // children whose data the response shows
	keep   *cachedPage   // set when render should keep the page it sends
}

// showsChildren notes that the response carries these children's data;
// render records them in the access log before the page goes out.
func (req *request) showsChildren(ids ...int64) { req.shown = append(req.shown, ids...) }

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
