package pluttra

import (
	"errors"
	"fmt"
)

// Error codes. The web layer maps each to one HTTP status and one translated
// message, so a handler never decides a status on its own.
const (
	ENOTFOUND     = "not_found"    // the thing does not exist, or the caller may not know it does
	EFORBIDDEN    = "forbidden"    // visible to the caller, but the action is not theirs to take
	EINVALID      = "invalid"      // the input is wrong; Field and Key say where and why
	ECONFLICT     = "conflict"     // the change collides with existing data (a duplicate, a stale edit)
	EUNAUTHORIZED = "unauthorized" // no valid session
	ETHROTTLED    = "throttled"    // too many attempts; try again later
	EFULL         = "full"         // the storage has no room for the change; none of it was kept
	EUNAVAILABLE  = "unavailable"  // the database did not answer in time, or at all; try again shortly
	EINTERNAL     = "internal"     // anything else; details only in logs
)

// Error is the domain error. Key is an i18n message key, never free text, so
// the same error can be shown in every language.
type Error struct {
	Code  string
	Field string // form field the error belongs to, empty when it is general
	Key   string // i18n key of the user-facing message
	Err   error  // wrapped cause, for logs only
}

func (e *Error) Error() string {
	msg := e.Code
	if e.Field != "" {
		msg += " " + e.Field
	}
	if e.Key != "" {
		msg += ": " + e.Key
	}
	if e.Err != nil {
		msg += ": " + e.Err.Error()
	}
	return msg
}

func (e *Error) Unwrap() error { return e.Err }

// NotFound reports that what, e.g. "child", is missing or hidden from the caller.
func NotFound(what string) error {
	return &Error{Code: ENOTFOUND, Key: "error.not_found", Err: fmt.Errorf("%s not found", what)}
}

// Forbidden reports a visible resource the caller may not act on.
func Forbidden() error { return &Error{Code: EFORBIDDEN, Key: "error.forbidden"} }

// Invalid reports bad input in field, explained by the i18n key.
func Invalid(field, key string) error { return &Error{Code: EINVALID, Field: field, Key: key} }

// Conflict reports a collision with existing data, explained by the i18n key.
func Conflict(key string, cause error) error {
	return &Error{Code: ECONFLICT, Key: key, Err: cause}
}

// StorageFull reports a change refused because the disk under the
// database is full. The change was not kept, and the same change succeeds
// once there is room again.
func StorageFull(cause error) error {
	return &Error{Code: EFULL, Key: "error.storage_full", Err: cause}
}

// Unavailable reports that the database did not answer within its
// deadline, or could not be reached: the caller may try again shortly.
func Unavailable(cause error) error {
	return &Error{Code: EUNAVAILABLE, Key: "error.unavailable", Err: cause}
}

// ErrorCode returns the code of err, EINTERNAL for errors that are not ours
// and "" for nil.
func ErrorCode(err error) string {
	if err == nil {
		return ""
	}
	var e *Error
	if errors.As(err, &e) {
		return e.Code
	}
	return EINTERNAL
}

// ErrorKey returns the i18n key for err, falling back to the code's generic key.
func ErrorKey(err error) string {
	var e *Error
	if errors.As(err, &e) && e.Key != "" {
		return e.Key
	}
	return "error." + ErrorCode(err)
}

// ErrorField returns the form field err belongs to, if any.
func ErrorField(err error) string {
	var e *Error
	if errors.As(err, &e) {
		return e.Field
	}
	return ""
}
