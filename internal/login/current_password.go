package login

import (
	"context"
	"errors"
	"strconv"

	"github.com/pluttra/pluttra/internal/pluttra"
	"github.com/pluttra/pluttra/internal/securitylog"
)

// ErrCurrentPassword: the password given as the user's current one is not.
var ErrCurrentPassword = pluttra.Invalid("current", "error.password_wrong")

// CheckPassword checks a logged-in user's current password, as the page
// that changes it asks for it. It is throttled like a login, per address
// and per account (a count of its own, so wrong guesses here and at the
// login form do not lock each other), so a session left open on a shared
// computer cannot be used to guess the password. Refused attempts answer
// ErrThrottled before any check.
func (s *Service) CheckPassword(ctx context.Context, u *pluttra.User, pw, address string) error {
	account := "password:" + strconv.FormatInt(u.OrgID, 10) + ":" + strconv.FormatInt(u.ID, 10)
	reserved, err := s.reserve(ctx, []counter{{"address:" + address, s.limits.AddressLimit}, {account, s.limits.AccountLimit}})
	if err == ErrThrottled {
		s.events.Write(ctx, securitylog.Throttled, u.ID, securitylog.Details{Check: "current_password"})
	}
	if err != nil {
		return err
	}
	if ok, _, err := s.verify(pw, u.PasswordHash, s.params); err != nil || !ok {
		s.events.Write(ctx, securitylog.LoginFailed, u.ID, securitylog.Details{Check: "current_password"})
		return ErrCurrentPassword
	}
	return errors.Join(s.forgive(ctx, reserved), s.store.ClearLoginFailures(ctx, account))
}
