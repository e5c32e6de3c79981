package web

import (
	"html/template"
	"net/http"

	"github.com/pluttra/pluttra/internal/mfa"
	"github.com/pluttra/pluttra/internal/pluttra"
	"github.com/pluttra/pluttra/internal/seal"
)

type mfaData struct {
	Enrol    *mfa.Enrolment // set while the user has no confirmed second factor
	QR       template.URL   // the enrolment's QR code; a data: URL we made, so safe to embed
	Error    string
	Recovery []string // shown once, right after enrolment
	Next     string
}

// mfaForm shows the second step: enrolment with a QR code the first time,
// the code form after that.
func (s *Server) mfaForm(req *request) error {
	p, ok, err := s.pending(req.R)
	if err != nil {
		return err
	}
	if !ok {
		http.Redirect(req.W, req.R, "/login", http.StatusSeeOther)
		return nil
	}
	return s.renderMFA(req, p, http.StatusOK, "")
}

func (s *Server) renderMFA(req *request, p pendingLogin, status int, errKey string) error {
	ctx := req.R.Context()
	data := mfaData{Error: errKey, Next: p.Next}
	t, err := s.deps.Store.TOTP(ctx, p.OrgID, p.UserID)
	if err != nil && pluttra.ErrorCode(err) != pluttra.ENOTFOUND {
		return err
	}
	if t == nil || !t.Confirmed {
		if data.Enrol, err = s.enrolment(req, p, t); err != nil {
			return err
		}
		data.QR = template.URL(data.Enrol.QRPNG)
	}
	return s.render(req, status, "login_mfa", "mfa.title", data)
}

// enrolment shows the user's unconfirmed secret, making one the first time.
func (s *Server) enrolment(req *request, p pendingLogin, t *pluttra.TOTP) (*mfa.Enrolment, error) {
	ctx := req.R.Context()
	u, err := s.deps.Store.User(ctx, p.OrgID, p.UserID)
	if err != nil {
		return nil, err
	}
	key, err := s.deps.Store.Secret(ctx, "totp")
	if err != nil {
		return nil, err
	}
	if t != nil {
		secret, err := seal.Open(key, t.Sealed)
		if err != nil {
			return nil, err
		}
		return mfa.EnrolmentOf("Pluttra", u.Email, secret)
	}
	e, err := mfa.NewEnrolment("Pluttra", u.Email)
	if err != nil {
		return nil, err
	}
	sealed, err := seal.Seal(key, e.Secret)
	if err != nil {
		return nil, err
	}
	return e, s.deps.Store.StartTOTP(ctx, p.OrgID, p.UserID, sealed)
}

// mfaSubmit checks a TOTP or recovery code and, when right, logs the user
// in. A code's time step is spent atomically, so a code works once.
func (s *Server) mfaSubmit(req *request) error {
	r := req.R
	p, ok, err := s.pending(r)
	if err != nil {
		return err
	}
	if !ok {
		http.Redirect(req.W, r, "/login?expired=1", http.StatusSeeOther)
		return nil
	}
	ctx := pluttra.WithActor(r.Context(), pluttra.Actor{UserID: p.UserID, RequestID: requestID(r.Context())})
	code := r.FormValue("code")
	var recovery []string
	err = s.deps.Login.SecondFactor(ctx, p.OrgID, p.UserID, func() error {
		var err error
		recovery, err = s.checkSecondFactor(req, p, code)
		return err
	})
	switch pluttra.ErrorCode(err) {
	case "":
	case pluttra.ETHROTTLED:
		return s.renderMFA(req, p, http.StatusTooManyRequests, "login.error.throttled")
	case pluttra.EINVALID, pluttra.ECONFLICT, pluttra.ENOTFOUND:
		return s.renderMFA(req, p, http.StatusUnauthorized, "error.mfa_code")
	default:
		return err
	}
	u, err := s.deps.Store.User(ctx, p.OrgID, p.UserID)
	if err != nil {
		return err
	}
	if !u.Active {
		http.Redirect(req.W, r, "/login", http.StatusSeeOther)
		return nil
	}
	if err := s.startSession(ctx, req.W, r, u, true); err != nil {
		return err
	}
	s.clearCookie(req.W, mfaCookie)
	if recovery != nil {
		req.P.User = u
		return s.render(req, http.StatusOK, "login_mfa", "mfa.recovery.title", mfaData{Recovery: recovery, Next: p.Next})
	}
	http.Redirect(req.W, r, p.Next, http.StatusSeeOther)
	return nil
}

// checkSecondFactor verifies code for the pending user. On a first
// enrolment it confirms the secret and returns the new recovery codes.
func (s *Server) checkSecondFactor(req *request, p pendingLogin, code string) ([]string, error) {
	ctx := pluttra.WithActor(req.R.Context(), pluttra.Actor{UserID: p.UserID, RequestID: requestID(req.R.Context())})
	t, err := s.deps.Store.TOTP(ctx, p.OrgID, p.UserID)
	if err != nil {
		return nil, err
	}
	recoveryKey, err := s.deps.Store.Secret(ctx, mfa.RecoverySecretName)
	if err != nil {
		return nil, err
	}
	if t.Confirmed && mfa.LooksLikeRecoveryCode(code) {
		return nil, s.deps.Store.UseRecoveryCode(ctx, p.OrgID, p.UserID, mfa.HashRecoveryCode(recoveryKey, code))
	}
	key, err := s.deps.Store.Secret(ctx, "totp")
	if err != nil {
		return nil, err
	}
	secret, err := seal.Open(key, t.Sealed)
	if err != nil {
		return nil, err
	}
	step, ok := mfa.Match(secret, code, s.deps.Now())
	if !ok {
		return nil, pluttra.Invalid("code", "error.mfa_code")
	}
	if t.Confirmed {
		return nil, s.deps.Store.UseTOTPStep(ctx, p.OrgID, p.UserID, step)
	}
	codes := mfa.NewRecoveryCodes()
	hashes := make([][]byte, len(codes))
	for i, c := range codes {
		hashes[i] = mfa.HashRecoveryCode(recoveryKey, c)
	}
	return codes, s.deps.Store.ConfirmTOTP(ctx, p.OrgID, p.UserID, step, hashes)
}
