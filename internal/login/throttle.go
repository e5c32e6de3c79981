package login

import (
	"context"
	"errors"
)

// counter is one count an attempt passes, such as its address's or its
// account's, and how many failures it allows within the window.
type counter struct {
	key   string
	limit int
}

// reserve counts the attempt as failed on every counter before it is
// checked, so that attempts arriving together cannot all pass a count made
// before any of them failed: at most a counter's limit of them go on to
// the slow check. Refused on one counter, it takes back what it reserved
// on the others and answers ErrThrottled. The caller keeps the
// reservations as the failure, or forgives or clears them when the attempt
// succeeds or was never judged.
func (s *Service) reserve(ctx context.Context, counters []counter) ([]int64, error) {
	now := s.now()
	since := now.Add(-s.limits.Window)
	ids := make([]int64, 0, len(counters))
	for _, c := range counters {
		id, ok, err := s.store.ReserveLoginAttempt(ctx, c.key, now, since, c.limit)
		if err == nil && !ok {
			err = ErrThrottled
		}
		if err != nil {
			if ferr := s.forgive(ctx, ids); ferr != nil {
				return nil, errors.Join(err, ferr)
			}
			return nil, err
		}
		ids = append(ids, id)
	}
	return ids, nil
}

// forgive takes reservations back.
func (s *Service) forgive(ctx context.Context, ids []int64) error {
	var errs []error
	for _, id := range ids {
		errs = append(errs, s.store.ForgiveLoginAttempt(context.WithoutCancel(ctx), id))
	}
	return errors.Join(errs...)
}
