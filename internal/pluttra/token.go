package pluttra

import "time"

// Token purposes: an invitation to choose a first password, or a reset.
const (
	PurposeInvite = "invite"
	PurposeReset  = "reset"
)

// Token is an emailed link's secret, stored only as a hash. It works once,
// until it expires or a newer one for the same purpose replaces it.
type Token struct {
	ID        int64
	OrgID     int64
	UserID    int64
	Purpose   string
	CreatedAt time.Time
	ExpiresAt time.Time
	UsedAt    time.Time
	RevokedAt time.Time
}

// The reasons a link no longer works, as error keys the page explains.
var (
	ErrTokenUsed    = &Error{Code: EINVALID, Key: "token.used"}
	ErrTokenExpired = &Error{Code: EINVALID, Key: "token.expired"}
	ErrTokenRevoked = &Error{Code: EINVALID, Key: "token.revoked"}
)
