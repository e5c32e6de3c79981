package web

import (
	"net/http"
	"time"

	"github.com/pluttra/pluttra/internal/login"
	"github.com/pluttra/pluttra/internal/pluttra"
)

// deviceMaxAge is how long a browser stays known to the login throttle.
const deviceMaxAge = 365 * 24 * time.Hour

func (s *Server) loginSubmit(req *request) error {
	r := req.R
	if err := r.ParseForm(); err != nil {
		return pluttra.Invalid("form", "error.invalid")
	}
	data := loginData{Email: r.PostForm.Get("email"), Next: localPath(r.PostForm.Get("next"))}
	device := ""
	if c, err := r.Cookie(s.cookieName(deviceCookie)); err == nil {
		device = c.Value
	}
	res, err := s.deps.Login.Login(r.Context(), login.Attempt{
		Email: data.Email, Password: r.PostForm.Get("password"), Address: clientAddress(r), Device: device,
	})
	switch pluttra.ErrorCode(err) {
	case "":
	case pluttra.EUNAUTHORIZED, pluttra.ETHROTTLED:
		data.Error = pluttra.ErrorKey(err)
		return s.render(req, errorStatus[pluttra.ErrorCode(err)], "login", "login.title", data)
	default:
		return err
	}
	s.setCookie(req.W, deviceCookie, res.Device, deviceMaxAge)
	org, err := s.deps.Store.Organisation(r.Context(), res.User.OrgID)
	if err != nil {
		return err
	}
	if pluttra.NeedsMFA(&res.User, org) {
		if err := s.setPending(r.Context(), req.W, pendingLogin{OrgID: res.User.OrgID, UserID: res.User.ID, Next: data.Next}); err != nil {
			return err
		}
		http.Redirect(req.W, r, "/login/mfa", http.StatusSeeOther)
		return nil
	}
	if err := s.startSession(r.Context(), req.W, r, &res.User, false); err != nil {
		return err
	}
	http.Redirect(req.W, r, data.Next, http.StatusSeeOther)
	return nil
}
