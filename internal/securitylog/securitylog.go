// Package securitylog writes the events an operator watches for attacks
// and account takeovers by (failed and throttled logins, a second factor
// reset, a changed password, a deactivated account, sessions an admin
// ended) as structured lines in the server's log. Each line says who (the
// user's id, when known), from where (the client's address) and in which
// request (the X-Request-Id of the request log), and nothing else about a
// person: never a password, an email address or a name. The details an
// event may carry are a fixed set of fields for that reason.
package securitylog

import (
	"context"
	"log/slog"
)

// Event is what happened.
type Event string

// The events. Failures and refusals are logged as warnings, the rest as
// information.
const (
	// LoginFailed: a wrong password or second-factor code, or a login
	// to a deactivated account.
	LoginFailed Event = "login_failed"
	// Throttled: an attempt refused before any check, because its
	// address or account failed too often.
	Throttled Event = "throttled"
	// MFAReset: an admin removed a user's second factor.
	MFAReset Event = "mfa_reset"
	// PasswordChanged: a user set a new password, on the settings page or
	// through an emailed link.
	PasswordChanged Event = "password_changed"
	// AccountDeactivated: an admin ended an account.
	AccountDeactivated Event = "account_deactivated"
	// SessionsEnded: an admin's change ended a user's sessions.
	SessionsEnded Event = "sessions_ended"
)

// Details are what an event may say besides who and where.
type Details struct {
	// Check is what was checked or throttled: "password", "second_factor"
	// or "current_password".
	Check string
	// Via is how a password was changed: "settings" or "link".
	Via string
	// Reason is why sessions ended: "mfa_required".
	Reason string
	// ActorID is the admin who acted, for events about another user.
	ActorID int64
}

// Origin is where a request came from, put in its context by the web
// layer so that services below it log events with it.
type Origin struct {
	RequestID string
	Address   string // the client's IP address
}

type originKey struct{}

// WithOrigin returns ctx carrying o.
func WithOrigin(ctx context.Context, o Origin) context.Context {
	return context.WithValue(ctx, originKey{}, o)
}

// OriginOf returns the origin in ctx, empty when none was put there.
func OriginOf(ctx context.Context) Origin {
	o, _ := ctx.Value(originKey{}).(Origin)
	return o
}

// Log writes events to the server's logger. A nil *Log writes nothing, so
// a service built without one (a test, a command) needs no other case.
type Log struct {
	logger *slog.Logger
}

// New returns a Log writing to logger.
func New(logger *slog.Logger) *Log {
	if logger == nil {
		return nil
	}
	return &Log{logger: logger}
}

// Write logs e about the user userID (0 when unknown) with the origin
// in ctx.
func (l *Log) Write(ctx context.Context, e Event, userID int64, d Details) {
	if l == nil {
		return
	}
	level := slog.LevelInfo
	if e == LoginFailed || e == Throttled {
		level = slog.LevelWarn
	}
	o := OriginOf(ctx)
	attrs := []slog.Attr{slog.String("event", string(e))}
	if userID != 0 {
		attrs = append(attrs, slog.Int64("user_id", userID))
	}
	attrs = append(attrs, slog.String("client_address", o.Address), slog.String("request_id", o.RequestID))
	if d.Check != "" {
		attrs = append(attrs, slog.String("check", d.Check))
	}
	if d.Via != "" {
		attrs = append(attrs, slog.String("via", d.Via))
	}
	if d.Reason != "" {
		attrs = append(attrs, slog.String("reason", d.Reason))
	}
	if d.ActorID != 0 {
		attrs = append(attrs, slog.Int64("actor_id", d.ActorID))
	}
	l.logger.LogAttrs(ctx, level, "security", attrs...)
}
