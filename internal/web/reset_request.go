package web

import (
	"net/http"
	"strings"
	"time"

	"github.com/pluttra/pluttra/internal/pluttra"
)

// resetLimit reset mails per address per hour: enough for someone who
// mistypes, too few to flood an inbox.
const resetLimit = 3

type resetData struct {
	Sent bool
}

func (s *Server) resetForm(req *request) error {
	return s.render(req, http.StatusOK, "reset", "reset.title", resetData{})
}

// resetRequest mails a reset link to every active account of the address.
// The answer is the same whether or not there is one, so the form tells
// nobody which addresses have accounts.
func (s *Server) resetRequest(req *request) error {
	ctx := req.R.Context()
	email := pluttra.NormalizeEmail(req.R.PostFormValue("email"))
	key := "reset:" + email
	n, err := s.deps.Store.LoginFailuresSince(ctx, key, s.deps.Now().Add(-time.Hour))
	if err != nil {
		return err
	}
	if n < resetLimit && strings.Contains(email, "@") {
		if err := s.deps.Store.RecordLoginFailure(ctx, key, s.deps.Now()); err != nil {
			return err
		}
		users, err := s.deps.Store.UsersByEmail(ctx, email)
		if err != nil {
			return err
		}
		for i := range users {
			if users[i].Active {
				if err := s.sendLink(ctx, &users[i], pluttra.PurposeReset); err != nil {
					return err
				}
			}
		}
	}
	return s.render(req, http.StatusOK, "reset", "reset.title", resetData{Sent: true})
}
