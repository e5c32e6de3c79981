package login_test

import (
	"bytes"
	"context"
	"encoding/json"
	"log/slog"
	"strings"
	"testing"

	"github.com/pluttra/pluttra/internal/login"
	"github.com/pluttra/pluttra/internal/password"
	"github.com/pluttra/pluttra/internal/pluttra"
	"github.com/pluttra/pluttra/internal/securitylog"
	"github.com/pluttra/pluttra/internal/store"
	"github.com/pluttra/pluttra/internal/testrig"
)

// Wrong second-factor codes and wrong current passwords are security
// events too, named by user, address and request, without the secret.
func TestSecurityEvents(t *testing.T) {
	t.Parallel()
	s := testrig.SQLite(t, store.Options{})
	w := testrig.NewWorld(t, s, password.Hash(testrig.Password, password.Fast))
	var logs bytes.Buffer
	svc := login.New(s, password.Fast, login.DefaultLimits, nil)
	svc.LogEvents(securitylog.New(slog.New(slog.NewJSONHandler(&logs, nil))))
	ctx := securitylog.WithOrigin(context.Background(), securitylog.Origin{RequestID: "req-1", Address: "192.0.2.44"})
	u := w.Users["educator_blabar"]

	if err := svc.SecondFactor(ctx, u.OrgID, u.ID, func() error { return pluttra.Invalid("code", "error.mfa_code") }); pluttra.ErrorCode(err) != pluttra.EINVALID {
		t.Fatalf("wrong code: %v", err)
	}
	if err := svc.CheckPassword(ctx, u, "a wrong current password", "192.0.2.44"); err != login.ErrCurrentPassword {
		t.Fatalf("wrong current password: %v", err)
	}
	var checks []string
	for line := range strings.Lines(logs.String()) {
		var m map[string]any
		if err := json.Unmarshal([]byte(line), &m); err != nil {
			t.Fatal(err)
		}
		if m["event"] != "login_failed" || m["user_id"] != float64(u.ID) || m["client_address"] != "192.0.2.44" || m["request_id"] != "req-1" {
			t.Errorf("event %v", m)
		}
		checks = append(checks, m["check"].(string))
	}
	if strings.Join(checks, ",") != "second_factor,current_password" {
		t.Fatalf("events for %v", checks)
	}
	if strings.Contains(logs.String(), "a wrong current password") || strings.Contains(logs.String(), u.Email) {
		t.Fatal("the log holds the password or the email address")
	}
}
