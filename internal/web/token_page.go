package web

import (
	"net/http"

	"github.com/pluttra/pluttra/internal/password"
	"github.com/pluttra/pluttra/internal/pluttra"
	"github.com/pluttra/pluttra/internal/securitylog"
)

type tokenData struct {
	Purpose string
	Secret  string
	Problem string // why the link does not work, an i18n key
	Errors  formErrors
	Min     int
}

// tokenPage answers an emailed link: the form to choose a password, or
// why the link no longer works and what to do instead. It says nothing
// about whose link it is.
func (s *Server) tokenPage(purpose string) func(*request) error {
	return func(req *request) error {
		secret := req.R.PathValue("secret")
		data := tokenData{Purpose: purpose, Secret: secret, Min: password.MinLength}
		status, problem, err := s.tokenProblem(req, purpose, secret)
		if err != nil {
			return err
		}
		data.Problem = problem
		return s.render(req, status, "token", "token."+purpose+".title", data)
	}
}

// tokenProblem checks the link without spending it.
func (s *Server) tokenProblem(req *request, purpose, secret string) (int, string, error) {
	t, err := s.deps.Store.TokenByHash(req.R.Context(), hashSecret(secret))
	switch {
	case pluttra.ErrorCode(err) == pluttra.ENOTFOUND || (err == nil && t.Purpose != purpose):
		return http.StatusNotFound, "token.unknown", nil
	case err != nil:
		return 0, "", err
	case !t.UsedAt.IsZero():
		return http.StatusGone, "token.used", nil
	case !t.RevokedAt.IsZero():
		return http.StatusGone, "token.revoked", nil
	case !s.deps.Now().Before(t.ExpiresAt):
		return http.StatusGone, "token.expired", nil
	}
	return http.StatusOK, "", nil
}

// tokenSubmit sets the password chosen through the link. Guardians are
// logged in at once; staff whose organisation requires a second factor
// go on to it, so a reset never bypasses it.
func (s *Server) tokenSubmit(purpose string) func(*request) error {
	return func(req *request) error {
		r := req.R
		secret := r.PathValue("secret")
		data := tokenData{Purpose: purpose, Secret: secret, Min: password.MinLength, Errors: formErrors{}}
		status, problem, err := s.tokenProblem(req, purpose, secret)
		if err != nil {
			return err
		}
		if problem != "" {
			data.Problem = problem
			return s.render(req, status, "token", "token."+purpose+".title", data)
		}
		t, err := s.deps.Store.TokenByHash(r.Context(), hashSecret(secret))
		if err != nil {
			return err
		}
		u, err := s.deps.Store.User(r.Context(), t.OrgID, t.UserID)
		if err != nil {
			return err
		}
		next := r.PostFormValue("password")
		if err := data.Errors.add(password.Check(next, u.Email)); err != nil {
			return err
		}
		if data.Errors["password"] == "" && next != r.PostFormValue("repeat") {
			data.Errors["repeat"] = "error.password_mismatch"
		}
		if len(data.Errors) > 0 {
			return s.render(req, http.StatusBadRequest, "token", "token."+purpose+".title", data)
		}
		u, err = s.deps.Store.RedeemToken(r.Context(), hashSecret(secret), password.Hash(next, s.deps.Passwords), s.deps.Now())
		if pluttra.ErrorCode(err) == pluttra.EINVALID {
			data.Problem = pluttra.ErrorKey(err)
			return s.render(req, http.StatusGone, "token", "token."+purpose+".title", data)
		}
		if err != nil {
			return err
		}
		s.security.Write(r.Context(), securitylog.PasswordChanged, u.ID, securitylog.Details{Via: "link"})
		org, err := s.deps.Store.Organisation(r.Context(), u.OrgID)
		if err != nil {
			return err
		}
		if pluttra.NeedsMFA(u, org) {
			if err := s.setPending(r.Context(), req.W, pendingLogin{OrgID: u.OrgID, UserID: u.ID, Next: "/"}); err != nil {
				return err
			}
			http.Redirect(req.W, r, "/login/mfa", http.StatusSeeOther)
			return nil
		}
		if err := s.startSession(r.Context(), req.W, r, u, false); err != nil {
			return err
		}
		http.Redirect(req.W, r, "/", http.StatusSeeOther)
		return nil
	}
}
