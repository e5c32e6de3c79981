package web

import (
	"net/http"

	"github.com/pluttra/pluttra/internal/password"
	"github.com/pluttra/pluttra/internal/pluttra"
	"github.com/pluttra/pluttra/internal/securitylog"
)

type passwordData struct {
	Errors  formErrors
	Changed bool
	Min     int
}

func (s *Server) passwordForm(req *request) error {
	return s.render(req, http.StatusOK, "settings_password", "settings.password.title",
		passwordData{Changed: req.R.URL.Query().Get("changed") == "1", Min: password.MinLength})
}

// passwordChange sets a new password after checking the current one. It
// ends every session of the user, this one included, and starts a fresh
// one here: whoever else was logged in with the old password is out.
func (s *Server) passwordChange(req *request) error {
	r := req.R
	if err := r.ParseForm(); err != nil {
		return pluttra.Invalid("form", "error.invalid")
	}
	u := req.P.User
	ctx := r.Context()
	current, next := r.PostForm.Get("current"), r.PostForm.Get("new")
	errs := formErrors{}
	status := http.StatusBadRequest
	switch err := s.deps.Login.CheckPassword(ctx, u, current, clientAddress(r)); pluttra.ErrorCode(err) {
	case "":
	case pluttra.EINVALID:
		errs["current"] = pluttra.ErrorKey(err)
	case pluttra.ETHROTTLED:
		errs["current"] = pluttra.ErrorKey(err)
		status = http.StatusTooManyRequests
	default:
		return err
	}
	if err := errs.add(password.Check(next, u.Email)); err != nil {
		return err
	}
	if errs["password"] == "" && next != r.PostForm.Get("repeat") {
		errs["repeat"] = "error.password_mismatch"
	}
	if len(errs) > 0 {
		return s.render(req, status, "settings_password", "settings.password.title",
			passwordData{Errors: errs, Min: password.MinLength})
	}
	// The fresh session here passed a second factor if this one did.
	secondFactor, err := s.passedSecondFactor(r)
	if err != nil {
		return err
	}
	if err := s.deps.Store.SetPasswordHash(ctx, u.OrgID, u.ID, password.Hash(next, s.deps.Passwords)); err != nil {
		return err
	}
	s.security.Write(ctx, securitylog.PasswordChanged, u.ID, securitylog.Details{Via: "settings"})
	if err := s.deps.Store.DeleteUserSessions(ctx, u.OrgID, u.ID); err != nil {
		return err
	}
	if err := s.startSession(ctx, req.W, r, u, secondFactor); err != nil {
		return err
	}
	http.Redirect(req.W, r, "/settings/password?changed=1", http.StatusSeeOther)
	return nil
}
