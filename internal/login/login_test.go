package login_test

import (
	"context"
	"testing"
	"time"

	"github.com/pluttra/pluttra/internal/login"
	"github.com/pluttra/pluttra/internal/password"
	"github.com/pluttra/pluttra/internal/store"
	"github.com/pluttra/pluttra/internal/testrig"
)

func setup(t *testing.T) (*login.Service, *testrig.World, *store.Store) {
	s := testrig.SQLite(t, store.Options{})
	w := testrig.NewWorld(t, s, password.Hash(testrig.Password, password.Fast))
	return login.New(s, password.Fast, login.DefaultLimits, nil), w, s
}

func TestLogin(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	svc, w, _ := setup(t)
	email := w.Users["educator_blabar"].Email

	t.Run("OK", func(t *testing.T) {
		res, err := svc.Login(ctx, login.Attempt{Email: " " + email + " ", Password: testrig.Password, Address: "192.0.2.1"})
		if err != nil || res.User.ID != w.Users["educator_blabar"].ID || res.Device == "" {
			t.Fatalf("res=%+v err=%v", res, err)
		}
	})
	t.Run("ErrSameAnswerForEveryFailure", func(t *testing.T) {
		for _, a := range []login.Attempt{
			{Email: email, Password: "wrong password!"},
			{Email: "nobody@solbacka.example", Password: testrig.Password},
			{Email: w.Users["educator_deactivated"].Email, Password: testrig.Password},
		} {
			a.Address = "192.0.2.2"
			if _, err := svc.Login(ctx, a); err != login.ErrCredentials {
				t.Errorf("%s: err = %v, want the one credentials error", a.Email, err)
			}
		}
	})
}

func TestThrottleNeverLocksOutAKnownDevice(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	svc, w, _ := setup(t)
	email := w.Users["guardian_alva_mother"].Email

	// The owner logs in once and keeps the device token.
	res, err := svc.Login(ctx, login.Attempt{Email: email, Password: testrig.Password, Address: "198.51.100.7"})
	if err != nil {
		t.Fatal(err)
	}
	// An attacker guesses from many addresses until the account is throttled.
	for i := range login.DefaultLimits.AccountLimit {
		addr := "203.0.113." + string(rune('a'+i))
		if _, err := svc.Login(ctx, login.Attempt{Email: email, Password: "guess", Address: addr}); err != login.ErrCredentials {
			t.Fatalf("guess %d: %v", i, err)
		}
	}
	if _, err := svc.Login(ctx, login.Attempt{Email: email, Password: testrig.Password, Address: "203.0.113.99"}); err != login.ErrThrottled {
		t.Fatalf("unknown browser with right password: err = %v, want throttled", err)
	}
	// The owner, on their own browser, still gets in.
	if _, err := svc.Login(ctx, login.Attempt{Email: email, Password: testrig.Password, Address: "198.51.100.7", Device: res.Device}); err != nil {
		t.Fatalf("owner locked out: %v", err)
	}
	// A device token of another account does not exempt.
	other := w.Users["guardian_alva_father"].Email
	if _, err := svc.Login(ctx, login.Attempt{Email: email, Password: testrig.Password, Address: "203.0.113.99", Device: forge(t, svc, other)}); err != login.ErrThrottled {
		t.Fatalf("another account's device token exempted: %v", err)
	}
}

func forge(t *testing.T, svc *login.Service, email string) string {
	res, err := svc.Login(context.Background(), login.Attempt{Email: email, Password: testrig.Password, Address: "198.51.100.8"})
	if err != nil {
		t.Fatal(err)
	}
	return res.Device
}

func TestThrottlePerAddress(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	s := testrig.SQLite(t, store.Options{})
	testrig.NewWorld(t, s, password.Hash(testrig.Password, password.Fast))
	now := time.Date(2026, 3, 10, 8, 0, 0, 0, time.UTC)
	limits := login.Limits{Window: time.Minute, AddressLimit: 3, AccountLimit: 100, DeviceLimit: 100}
	svc := login.New(s, password.Fast, limits, func() time.Time { return now })
	for i := range 3 {
		svc.Login(ctx, login.Attempt{Email: "x" + string(rune('a'+i)) + "@x.example", Password: "p", Address: "192.0.2.9"})
	}
	if _, err := svc.Login(ctx, login.Attempt{Email: "admin@solbacka.example", Password: testrig.Password, Address: "192.0.2.9"}); err != login.ErrThrottled {
		t.Fatalf("address over its limit: err = %v", err)
	}
	if _, err := svc.Login(ctx, login.Attempt{Email: "admin@solbacka.example", Password: testrig.Password, Address: "192.0.2.10"}); err != nil {
		t.Fatalf("another address throttled too: %v", err)
	}
	now = now.Add(2 * time.Minute)
	if _, err := svc.Login(ctx, login.Attempt{Email: "admin@solbacka.example", Password: testrig.Password, Address: "192.0.2.9"}); err != nil {
		t.Fatalf("throttle did not lift after the window: %v", err)
	}
}

func TestRehashOnLogin(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	s := testrig.SQLite(t, store.Options{})
	w := testrig.NewWorld(t, s, password.Hash(testrig.Password, password.Fast))
	stronger := password.Params{MemoryKiB: 128, Time: 1, Threads: 1}
	svc := login.New(s, stronger, login.DefaultLimits, nil)
	u := w.Users["admin"]
	if _, err := svc.Login(ctx, login.Attempt{Email: u.Email, Password: testrig.Password, Address: "192.0.2.1"}); err != nil {
		t.Fatal(err)
	}
	got, err := s.User(ctx, u.OrgID, u.ID)
	if err != nil {
		t.Fatal(err)
	}
	if ok, rehash, _ := password.Verify(testrig.Password, got.PasswordHash, stronger); !ok || rehash {
		t.Fatalf("hash not upgraded: %s", got.PasswordHash)
	}
}
