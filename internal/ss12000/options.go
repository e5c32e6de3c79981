package ss12000

import "time"

// The bounds a production client works within.
const (
	// DefaultTimeout bounds one request, from dialling to the last byte
	// of its page: a source that stalls fails the pull instead of
	// holding it for ever.
	DefaultTimeout = time.Minute
	// DefaultMaxPageBytes bounds one page of one list; a source that
	// sends more is answered with an error, not unbounded memory.
	DefaultMaxPageBytes = 64 << 20
)

// Options bound and guard a client. The zero value is what production
// uses: https only, public addresses only, the default bounds.
type Options struct {
	// Timeout bounds each request (DefaultTimeout when zero).
	Timeout time.Duration
	// MaxPageBytes bounds each response body (DefaultMaxPageBytes when
	// zero).
	MaxPageBytes int64
	// LocalTestServer is for tests only: the source is a fixture server
	// on this machine, reached over plain http on loopback. No setting an
	// admin or operator can reach turns it on; ss12000test hands it out.
	LocalTestServer bool
}

func (o Options) timeout() time.Duration {
	if o.Timeout > 0 {
		return o.Timeout
	}
	return DefaultTimeout
}

func (o Options) maxPageBytes() int64 {
	if o.MaxPageBytes > 0 {
		return o.MaxPageBytes
	}
	return DefaultMaxPageBytes
}
