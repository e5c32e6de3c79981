// Package ss12000 reads a municipality's school data through SS 12000
// v2.1, the Swedish standard API, and maps it onto the same roster a CSV
// import makes: children with their guardians and placements, and staff
// with their roles. The roster package plans the changes and the store
// applies them in one transaction, exactly as for a file.
package ss12000

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"
)

// Client lists records from one SS 12000 endpoint with its bearer token.
// It speaks https to public addresses only, follows no redirect off the
// source's host, and bounds each request's time and body (Options).
type Client struct {
	base     *url.URL
	token    string
	http     *http.Client
	timeout  time.Duration
	maxPage  int64
	pageSize int
}

// maxPages bounds a list, so a source that hands out page tokens forever
// cannot keep a pull running.
const maxPages = 10000

// NewClient checks the endpoint's address: an https URL without
// credentials in it, so the token never crosses a network in the clear.
// Plain http is taken only from a test's fixture server
// (Options.LocalTestServer). Where the address leads is checked when each
// connection is dialled.
func NewClient(endpoint, token string, opts Options) (*Client, error) {
	u, err := url.Parse(strings.TrimRight(endpoint, "/"))
	if err != nil || u.Host == "" || u.User != nil || (u.Scheme != "https" && u.Scheme != "http") {
		return nil, &Error{Key: "ss12000.error.url"}
	}
	if u.Scheme == "http" && !opts.LocalTestServer {
		return nil, &Error{Key: "ss12000.error.https"}
	}
	return &Client{base: u, token: token, http: newHTTPClient(u, opts), timeout: opts.timeout(),
		maxPage: opts.maxPageBytes(), pageSize: 1000}, nil
}

// list reads every page of an endpoint. The filters go with the first
// request only: the specification allows a page token with nothing but a
// limit. Each record is decoded on its own, so one that does not fit the
// specification is named by its id and field instead of failing the page.
func list[T any](ctx context.Context, c *Client, endpoint string, filters url.Values) ([]T, []RecordError, error) {
	var out []T
	var bad []RecordError
	q := url.Values{}
	for k, v := range filters {
		q[k] = v
	}
	seen := map[string]bool{}
	for range maxPages {
		q.Set("limit", strconv.Itoa(c.pageSize))
		var page Page[json.RawMessage]
		if err := c.get(ctx, endpoint, q, &page); err != nil {
			return nil, nil, err
		}
		for _, raw := range page.Data {
			var rec T
			if err := json.Unmarshal(raw, &rec); err != nil {
				bad = append(bad, recordDecodeError(endpoint, raw, err))
				continue
			}
			out = append(out, rec)
		}
		if page.PageToken == nil || *page.PageToken == "" {
			return out, bad, nil
		}
		if seen[*page.PageToken] {
			return nil, nil, &Error{Key: "ss12000.error.format", Detail: "GET /" + endpoint + ": pageToken repeats"}
		}
		seen[*page.PageToken] = true
		q = url.Values{"pageToken": {*page.PageToken}}
	}
	return nil, nil, &Error{Key: "ss12000.error.format", Detail: "GET /" + endpoint + ": too many pages"}
}

// get reads one page within the request's time and size bounds. The
// source's answer to a failed request is never read into the error: it
// may name people or records, and the admin is told what went wrong in
// Pluttra's own words (the key), with the endpoint and the status only.
func (c *Client) get(ctx context.Context, endpoint string, q url.Values, into any) error {
	reqCtx, cancel := context.WithTimeout(ctx, c.timeout)
	defer cancel()
	u := *c.base
	u.Path += "/" + endpoint
	u.RawQuery = q.Encode()
	req, err := http.NewRequestWithContext(reqCtx, http.MethodGet, u.String(), nil)
	if err != nil {
		return err
	}
	req.Header.Set("Authorization", "Bearer "+c.token)
	req.Header.Set("Accept", "application/json")
	resp, err := c.http.Do(req)
	if err != nil {
		return transportError(ctx, reqCtx, endpoint, err)
	}
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		key := "ss12000.error.status"
		if resp.StatusCode == http.StatusUnauthorized || resp.StatusCode == http.StatusForbidden {
			key = "ss12000.error.denied"
		}
		return &Error{Key: key, Detail: fmt.Sprintf("GET /%s: %d", endpoint, resp.StatusCode)}
	}
	if err := json.NewDecoder(&cappedReader{r: resp.Body, max: c.maxPage}).Decode(into); err != nil {
		if errors.Is(err, errTooLarge) || reqCtx.Err() != nil || ctx.Err() != nil {
			return transportError(ctx, reqCtx, endpoint, err)
		}
		return &Error{Key: "ss12000.error.format", Detail: "GET /" + endpoint, Err: err}
	}
	return nil
}

// recordDecodeError names the record by its id when that much can be read,
// and the field whose value has the wrong type.
func recordDecodeError(endpoint string, raw json.RawMessage, err error) RecordError {
	var id struct {
		ID any `json:"id"`
	}
	json.Unmarshal(raw, &id)
	e := RecordError{Endpoint: endpoint, ID: recordID(id.ID), Key: "ss12000.error.type"}
	var te *json.UnmarshalTypeError
	if errors.As(err, &te) {
		e.Field = te.Field
	}
	return e
}
