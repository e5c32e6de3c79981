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
	"strings"
	"time"

	"github.com/pluttra/pluttra/internal/password"
	"github.com/pluttra/pluttra/internal/pluttra"
)

// Limits of the throttle. Within Window, an address may fail AddressLimit
// times and an account AccountLimit times (from unknown browsers) or
// DeviceLimit times from one known browser.
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
}

// New returns a login service hashing with params.
func New(store Store, params password.Params, limits Limits, now func() time.Time) *Service {
	if now == nil {
		now = time.Now
	}
	return &Service{store: store, params: params, limits: limits, now: now,
		dummy: password.Hash("no such account", params)}
}

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
	email := strings.ToLower(strings.TrimSpace(a.Email))
	known, err := s.knownDevice(ctx, a.Device, email)
	if err != nil {
		return nil, err
	}
	keys := []string{"address:" + a.Address}
	limits := []int{s.limits.AddressLimit}
	if known {
		keys, limits = append(keys, "device:"+a.Device), append(limits, s.limits.DeviceLimit)
	} else {
		keys, limits = append(keys, "account:"+email), append(limits, s.limits.AccountLimit)
	}
	since := s.now().Add(-s.limits.Window)
	for i, key := range keys {
		n, err := s.store.LoginFailuresSince(ctx, key, since)
		if err != nil {
			return nil, err
		}
		if n >= limits[i] {
			return nil, ErrThrottled
		}
	}
	user, err := s.check(ctx, email, a.Password)
	if err != nil {
		return nil, err
	}
	if user == nil {
		for _, key := range keys {
			if err := s.store.RecordLoginFailure(ctx, key, s.now()); err != nil {
				return nil, err
			}
		}
		return nil, ErrCredentials
	}
	// Only the counters this attempt used are cleared: the owner logging in
	// from a known browser must not hand a guesser a fresh allowance.
	for _, key := range keys {
		if err := s.store.ClearLoginFailures(ctx, key); err != nil {
			return nil, err
		}
	}
	device, err := s.issueDevice(ctx, email)
	if err != nil {
		return nil, err
	}
	return &Result{User: *user, Device: device}, nil
}

// check returns the active account whose password matches, or nil.
func (s *Service) check(ctx context.Context, email, pw string) (*pluttra.User, error) {
	users, err := s.store.UsersByEmail(ctx, email)
	if err != nil {
		return nil, err
	}
	if len(users) == 0 {
		password.Verify(pw, s.dummy, s.params)
		return nil, nil
	}
	for i := range users {
		u := &users[i]
		if u.PasswordHash == "" {
			password.Verify(pw, s.dummy, s.params)
			continue
		}
		ok, rehash, err := password.Verify(pw, u.PasswordHash, s.params)
		if err != nil || !ok || !u.Active {
			continue
		}
		if rehash {
			if err := s.store.SetPasswordHash(ctx, u.OrgID, u.ID, password.Hash(pw, s.params)); err != nil {
				return nil, err
			}
		}
		return u, nil
	}
	return nil, nil
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
