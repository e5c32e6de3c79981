package ss12000

import (
	"context"
	"errors"
	"io"
	"net/http"
	"net/url"
	"time"

	"github.com/pluttra/pluttra/internal/netguard"
)

// errRedirect is a source sending Pluttra to another host (or from https
// to http): the bearer token must never follow it there.
var errRedirect = errors.New("ss12000: redirect to another host refused")

// errTooLarge is a response body beyond the page bound.
var errTooLarge = errors.New("ss12000: response too large")

// maxRedirects bounds redirects within the source's own host.
const maxRedirects = 3

// newHTTPClient dials public addresses only (checked on the address each
// connection really goes to, after the name is resolved, so DNS cannot
// point the token inside), without any proxy, and follows redirects only
// within base's scheme and host.
func newHTTPClient(base *url.URL, opts Options) *http.Client {
	timeout := opts.timeout()
	transport := &http.Transport{
		Proxy:                 nil,
		DialContext:           netguard.Dialer(timeout, opts.LocalTestServer).DialContext,
		ForceAttemptHTTP2:     true,
		MaxIdleConnsPerHost:   2,
		IdleConnTimeout:       30 * time.Second,
		TLSHandshakeTimeout:   timeout,
		ResponseHeaderTimeout: timeout,
	}
	return &http.Client{Transport: transport, CheckRedirect: func(req *http.Request, via []*http.Request) error {
		if req.URL.Scheme != base.Scheme || req.URL.Host != base.Host || len(via) > maxRedirects {
			return errRedirect
		}
		return nil
	}}
}

// transportError says why a request got no usable answer, as a key the
// admin reads. ctx is the pull's, reqCtx the request's own with its
// timeout.
func transportError(ctx, reqCtx context.Context, endpoint string, err error) error {
	detail := "GET /" + endpoint
	switch {
	case ctx.Err() != nil:
		return ctx.Err() // the pull itself was cancelled
	case errors.Is(err, netguard.ErrRefused):
		return &Error{Key: "ss12000.error.address", Detail: detail, Err: err}
	case errors.Is(err, errRedirect):
		return &Error{Key: "ss12000.error.redirect", Detail: detail, Err: err}
	case errors.Is(err, errTooLarge):
		return &Error{Key: "ss12000.error.too_large", Detail: detail}
	case reqCtx.Err() != nil || errors.Is(err, context.DeadlineExceeded):
		return &Error{Key: "ss12000.error.timeout", Detail: detail, Err: err}
	}
	return &Error{Key: "ss12000.error.unreachable", Detail: detail, Err: err}
}

// cappedReader fails with errTooLarge once more than max bytes are read.
type cappedReader struct {
	r   io.Reader
	max int64
}

func (c *cappedReader) Read(p []byte) (int, error) {
	if c.max < 0 {
		return 0, errTooLarge
	}
	if int64(len(p)) > c.max+1 {
		p = p[:c.max+1]
	}
	n, err := c.r.Read(p)
	c.max -= int64(n)
	if c.max < 0 {
		return n, errTooLarge
	}
	return n, err
}
