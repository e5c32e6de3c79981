package web

import (
	"net/http"
	"time"

	"github.com/pluttra/pluttra/internal/i18n"
	"github.com/pluttra/pluttra/internal/pluttra"
)

// languageChoose keeps the chosen language: on the account when logged
// in, and in a cookie so the login page speaks it too.
func (s *Server) languageChoose(req *request) error {
	if err := req.R.ParseForm(); err != nil {
		return pluttra.Invalid("lang", "error.invalid")
	}
	lang := req.R.PostForm.Get("lang")
	if !i18n.Supported(lang) {
		return pluttra.Invalid("lang", "error.language")
	}
	if req.P.LoggedIn() {
		if err := s.deps.Store.SetLanguage(req.R.Context(), req.P.OrgID(), req.P.User.ID, lang); err != nil {
			return err
		}
	}
	http.SetCookie(req.W, &http.Cookie{Name: langCookie, Value: lang, Path: "/", MaxAge: int((365 * 24 * time.Hour).Seconds()),
		Secure: s.secure, HttpOnly: true, SameSite: http.SameSiteLaxMode})
	http.Redirect(req.W, req.R, localPath(req.R.PostForm.Get("return")), http.StatusSeeOther)
	return nil
}
