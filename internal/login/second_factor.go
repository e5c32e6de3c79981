package login

import (
	"context"
	"errors"
	"strconv"

	"github.com/pluttra/pluttra/internal/pluttra"
	"github.com/pluttra/pluttra/internal/securitylog"
)

// SecondFactor runs check, which verifies a second-factor code for the
// user, under the user's throttle: within the window at most AccountLimit
// wrong codes, counted before each check, so six digits cannot be guessed
// even by many requests at once. A wrong code is check's Invalid, Conflict
// (a code already spent) or NotFound (no second factor); it is returned
// as it is and counted. A right code clears the count. Refused attempts
// answer ErrThrottled without calling check.
func (s *Service) SecondFactor(ctx context.Context, orgID, userID int64, check func() error) error {
	key := "mfa:" + strconv.FormatInt(orgID, 10) + ":" + strconv.FormatInt(userID, 10)
	reserved, err := s.reserve(ctx, []counter{{key, s.limits.AccountLimit}})
	if err == ErrThrottled {
		s.events.Write(ctx, securitylog.Throttled, userID, securitylog.Details{Check: "second_factor"})
	}
	if err != nil {
		return err
	}
	err = check()
	switch pluttra.ErrorCode(err) {
	case "":
		return s.store.ClearLoginFailures(ctx, key)
	case pluttra.EINVALID, pluttra.ECONFLICT, pluttra.ENOTFOUND:
		s.events.Write(ctx, securitylog.LoginFailed, userID, securitylog.Details{Check: "second_factor"})
		return err
	default:
		// The code was never judged: the attempt does not count.
		return errors.Join(err, s.forgive(ctx, reserved))
	}
}
