package login

import (
	"context"
	"strconv"
	"sync"
	"testing"

	"github.com/pluttra/pluttra/internal/password"
	"github.com/pluttra/pluttra/internal/pluttra"
	"github.com/pluttra/pluttra/internal/store"
	"github.com/pluttra/pluttra/internal/testrig"
)

// gate lets every attempt of a test be in flight at once: a check that
// starts waits until each attempt has either reached a check or returned
// without one. Attempts that count only after their check would all pass
// the count and reach it; counted before, at most the limit do.
type gate struct {
	mu               sync.Mutex
	cond             *sync.Cond
	total            int
	reached, settled int
}

func newGate(total int) *gate {
	g := &gate{total: total}
	g.cond = sync.NewCond(&g.mu)
	return g
}

// check is the slow check: it counts itself and waits for the others.
func (g *gate) check() {
	g.mu.Lock()
	defer g.mu.Unlock()
	g.reached++
	g.cond.Broadcast()
	for g.reached+g.settled < g.total {
		g.cond.Wait()
	}
}

// attempt runs one attempt; one that returned without reaching a check
// lets the waiting ones go once all are accounted for.
func (g *gate) attempt(wg *sync.WaitGroup, run func() bool) {
	wg.Go(func() {
		if checked := run(); !checked {
			g.mu.Lock()
			g.settled++
			g.cond.Broadcast()
			g.mu.Unlock()
		}
	})
}

// Thirty wrong attempts at once, against a limit of ten, reach the slow
// check at most ten times, on both databases.
func TestConcurrentAttemptsReachTheCheckAtMostTheLimit(t *testing.T) {
	const attempts = 30
	limit := DefaultLimits.AccountLimit
	for _, b := range testrig.Backends() {
		t.Run(b.Name, func(t *testing.T) {
			t.Parallel()
			ctx := context.Background()
			st := b.Open(t, store.Options{})
			w := testrig.NewWorld(t, st, password.Hash(testrig.Password, password.Fast))
			newService := func(g *gate) *Service {
				svc := New(st, password.Fast, DefaultLimits, nil)
				verify := svc.verify
				svc.verify = func(pw, hash string, p password.Params) (bool, bool, error) {
					g.check()
					return verify(pw, hash, p)
				}
				return svc
			}
			run := func(t *testing.T, attempt func(svc *Service, g *gate, i int) (checked bool, err error)) {
				g := newGate(attempts)
				svc := newService(g)
				var wg sync.WaitGroup
				errs := make(chan error, attempts)
				for i := range attempts {
					g.attempt(&wg, func() bool {
						checked, err := attempt(svc, g, i)
						if err != nil && err != ErrThrottled {
							errs <- err
						}
						return checked
					})
				}
				wg.Wait()
				close(errs)
				for err := range errs {
					t.Error(err)
				}
				if g.reached > limit {
					t.Fatalf("%d of %d wrong attempts at once reached the check, want at most %d", g.reached, attempts, limit)
				}
			}

			t.Run("Login", func(t *testing.T) {
				email := w.Users["guardian_alva_mother"].Email
				run(t, func(svc *Service, _ *gate, i int) (bool, error) {
					// From as many addresses: the account's limit is the one tried.
					_, err := svc.Login(ctx, Attempt{Email: email, Password: "guess " + strconv.Itoa(i), Address: "203.0.113." + strconv.Itoa(i)})
					return err == ErrCredentials, errOtherThan(err, ErrCredentials)
				})
			})
			t.Run("CurrentPassword", func(t *testing.T) {
				u := w.Users["guardian_alva_father"]
				run(t, func(svc *Service, _ *gate, i int) (bool, error) {
					err := svc.CheckPassword(ctx, u, "guess "+strconv.Itoa(i), "198.51.100.7")
					return err == ErrCurrentPassword, errOtherThan(err, ErrCurrentPassword)
				})
			})
			t.Run("SecondFactor", func(t *testing.T) {
				u := w.Users["educator_blabar"]
				run(t, func(svc *Service, g *gate, i int) (bool, error) {
					checked := false
					err := svc.SecondFactor(ctx, u.OrgID, u.ID, func() error {
						checked = true
						g.check()
						return pluttra.Invalid("code", "error.mfa_code")
					})
					return checked, errOtherThan(err, nil, pluttra.EINVALID)
				})
			})
		})
	}
}

// errOtherThan is err unless it is one of the expected answers: want
// itself, or an error of one of the codes.
func errOtherThan(err, want error, codes ...string) error {
	if err == nil || err == want || err == ErrThrottled {
		return nil
	}
	for _, c := range codes {
		if pluttra.ErrorCode(err) == c {
			return nil
		}
	}
	return err
}
