// Package login checks credentials and slows down guessing without ever
// letting an attacker lock the real user out: failures are counted per
// address and per account, and a browser that has logged in to the account
// before (it holds a signed device token) is exempt from the account limit,
// so a flood of wrong passwords from elsewhere cannot keep its owner out.
package login

import (
	"context"
	"crypto/hmac"
	"crypto/rand"
	"crypto/sha256"
	"encoding/base64"
	"errors"
	"strings"
	"time"

	"github.com/pluttra/pluttra/internal/password"
	"github.com/pluttra/pluttra/internal/pluttra"
	"github.com/pluttra/pluttra/internal/securitylog"
)

// Limits of the throttle. Within Window, an address may fail AddressLimit
// times and an account AccountLimit times (from unknown browsers) or
// DeviceLimit times from one known browser. AccountLimit also bounds a
// user's wrong second-factor codes and wrong current passwords on the
// password page.
type Limits struct {
	Window       time.Duration
	AddressLimit int
	AccountLimit int
	DeviceLimit  int
}

// DefaultLimits let a person mistype for a while and stop a guesser early.
var DefaultLimits = Limits{Window: 15 * time.Minute, AddressLimit: 50, AccountLimit: 10, DeviceLimit: 10}

// Store is the part of the store login needs.
type Store interface {
	UsersByEmail(ctx context.Context, email string) ([]pluttra.User, error)
	SetPasswordHash(ctx context.Context, orgID, userID int64, hash string) error
	pluttra.ThrottleStore
	pluttra.SecretStore
}

// Service checks logins.
type Service struct {
	store  Store
	params password.Params
	limits Limits
	now    func() time.Time
	dummy  string // a hash to verify against for unknown addresses
	// verify is password.Verify: the slow check the throttle guards.
	verify func(pw, hash string, p password.Params) (ok, rehash bool, err error)
	events *securitylog.Log
}

// New returns a login service hashing with params.
func New(store Store, params password.Params, limits Limits, now func() time.Time) *Service {
	if now == nil {
		now = time.Now
	}
	return &Service{store: store, params: params, limits: limits, now: now,
		dummy: password.Hash("no such account", params), verify: password.Verify}
}

// LogEvents sends the failed and throttled attempts to events, the
// security log; until it is called they are not logged.
func (s *Service) LogEvents(events *securitylog.Log) { s.events = events }

// ErrCredentials is the one answer to a wrong address, a wrong password or
// a deactivated account, so the form never tells which it was.
var ErrCredentials = &pluttra.Error{Code: pluttra.EUNAUTHORIZED, Key: "login.error.credentials"}

// ErrThrottled says to wait; it is given before the password is checked.
var ErrThrottled = &pluttra.Error{Code: pluttra.ETHROTTLED, Key: "login.error.throttled"}

// Attempt is one login try.
type Attempt struct {
	Email    string
	Password string
	Address  string // the client's IP address
	Device   string // the device token the browser holds, if any
}

// Result is a successful login: the user and a device token to keep.
type Result struct {
	User   pluttra.User
	Device string
}

// Login checks an attempt. It takes the same time whether or not the
// address has an account, and refuses throttled attempts before checking.
func (s *Service) Login(ctx context.Context, a Attempt) (*Result, error) {
	email := pluttra.NormalizeEmail(a.Email)
	known, err := s.knownDevice(ctx, a.Device, email)
	if err != nil {
		return nil, err
	}
	counters := []counter{{"address:" + a.Address, s.limits.AddressLimit}}
	if known {
		counters = append(counters, counter{"device:" + a.Device, s.limits.DeviceLimit})
	} else {
		counters = append(counters, counter{"account:" + email, s.limits.AccountLimit})
	}
	reserved, err := s.reserve(ctx, counters)
	if err == ErrThrottled {
		s.events.Write(ctx, securitylog.Throttled, 0, securitylog.Details{Check: "password"})
	}
	if err != nil {
		return nil, err
	}
	user, account, err := s.check(ctx, email, a.Password)
	if err != nil {
		return nil, errors.Join(err, s.forgive(ctx, reserved))
	}
	if user == nil {
		// The reservations stay: they are this attempt's failures.
		s.events.Write(ctx, securitylog.LoginFailed, account, securitylog.Details{Check: "password"})
		return nil, ErrCredentials
	}
	// Only the counters this attempt used are cleared (its reservations
	// with them): the owner logging in from a known browser must not hand
	// a guesser a fresh allowance.
	for _, c := range counters {
		if err := s.store.ClearLoginFailures(ctx, c.key); err != nil {
			return nil, err
		}
	}
	device, err := s.issueDevice(ctx, email)
	if err != nil {
		return nil, err
	}
	return &Result{User: *user, Device: device}, nil
}

// check returns the active account whose password matches, or nil and,
// when the address belongs to one account only, that account's id for
// the security log.
func (s *Service) check(ctx context.Context, email, pw string) (*pluttra.User, int64, error) {
	users, err := s.store.UsersByEmail(ctx, email)
	if err != nil {
		return nil, 0, err
	}
	if len(users) == 0 {
		s.verify(pw, s.dummy, s.params)
		return nil, 0, nil
	}
	for i := range users {
		u := &users[i]
		if u.PasswordHash == "" {
			s.verify(pw, s.dummy, s.params)
			continue
		}
		ok, rehash, err := s.verify(pw, u.PasswordHash, s.params)
		if err != nil || !ok || !u.Active {
			continue
		}
		if rehash {
			if err := s.store.SetPasswordHash(ctx, u.OrgID, u.ID, password.Hash(pw, s.params)); err != nil {
				return nil, 0, err
			}
		}
		return u, 0, nil
	}
	if len(users) == 1 {
		return nil, users[0].ID, nil
	}
	return nil, 0, nil
}

// A device token is "nonce.mac", the mac binding the nonce to the address
// with the installation's key, so a token works only for the account that
// logged in with it.
func (s *Service) issueDevice(ctx context.Context, email string) (string, error) {
	key, err := s.store.Secret(ctx, "login-device")
	if err != nil {
		return "", err
	}
	nonce := make([]byte, 16)
	rand.Read(nonce)
	n := base64.RawURLEncoding.EncodeToString(nonce)
	return n + "." + deviceMAC(key, n, email), nil
}

func (s *Service) knownDevice(ctx context.Context, token, email string) (bool, error) {
	n, mac, ok := strings.Cut(token, ".")
	if !ok || n == "" {
		return false, nil
	}
	key, err := s.store.Secret(ctx, "login-device")
	if err != nil {
		return false, err
	}
	return hmac.Equal([]byte(mac), []byte(deviceMAC(key, n, email))), nil
}

func deviceMAC(key []byte, nonce, email string) string {
	m := hmac.New(sha256.New, key)
	m.Write([]byte(nonce + "\x00" + email))
	return base64.RawURLEncoding.EncodeToString(m.Sum(nil))
}
