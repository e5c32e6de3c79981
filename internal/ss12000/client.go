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
	"io"
	"net"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"
)

// Client lists records from one SS 12000 endpoint with its bearer token.
type Client struct {
	base     *url.URL
	token    string
	http     *http.Client
	pageSize int
}

// maxPageBytes bounds one page of one list; a source that sends more is
// answered with a format error rather than unbounded memory.
const maxPageBytes = 64 << 20

// maxPages bounds a list, so a source that hands out page tokens forever
// cannot keep a pull running.
const maxPages = 10000

// NewClient checks the endpoint's address: https, or plain http only to
// this machine, so the token never crosses a network in the clear.
func NewClient(endpoint, token string, hc *http.Client) (*Client, error) {
	u, err := url.Parse(strings.TrimRight(endpoint, "/"))
	if err != nil || u.Host == "" || (u.Scheme != "https" && u.Scheme != "http") {
		return nil, &Error{Key: "ss12000.error.url"}
	}
	if u.Scheme == "http" && !isLoopback(u.Hostname()) {
		return nil, &Error{Key: "ss12000.error.https"}
	}
	if hc == nil {
		hc = &http.Client{Timeout: 2 * time.Minute}
	}
	return &Client{base: u, token: token, http: hc, pageSize: 1000}, nil
}

func isLoopback(host string) bool {
	if host == "localhost" {
		return true
	}
	ip := net.ParseIP(host)
	return ip != nil && ip.IsLoopback()
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

func (c *Client) get(ctx context.Context, endpoint string, q url.Values, into any) error {
	u := *c.base
	u.Path += "/" + endpoint
	u.RawQuery = q.Encode()
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, u.String(), nil)
	if err != nil {
		return err
	}
	req.Header.Set("Authorization", "Bearer "+c.token)
	req.Header.Set("Accept", "application/json")
	resp, err := c.http.Do(req)
	if err != nil {
		if ctx.Err() != nil {
			return ctx.Err()
		}
		return &Error{Key: "ss12000.error.unreachable", Detail: "GET /" + endpoint, Err: err}
	}
	defer resp.Body.Close()
	body := io.LimitReader(resp.Body, maxPageBytes)
	if resp.StatusCode != http.StatusOK {
		var e apiError
		json.NewDecoder(io.LimitReader(body, 64<<10)).Decode(&e)
		detail := fmt.Sprintf("GET /%s: %d %s", endpoint, resp.StatusCode, strings.TrimSpace(e.Code))
		key := "ss12000.error.status"
		if resp.StatusCode == http.StatusUnauthorized || resp.StatusCode == http.StatusForbidden {
			key = "ss12000.error.denied"
		}
		return &Error{Key: key, Detail: strings.TrimSpace(detail)}
	}
	if err := json.NewDecoder(body).Decode(into); err != nil {
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
	e := RecordError{Endpoint: endpoint, ID: fmt.Sprint(id.ID), Key: "ss12000.error.type"}
	if id.ID == nil {
		e.ID = "?"
	}
	var te *json.UnmarshalTypeError
	if errors.As(err, &te) {
		e.Field = te.Field
	}
	return e
}
