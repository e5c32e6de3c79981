// Package ss12000test serves SS 12000 v2.1 fixtures over HTTP the way the
// published OpenAPI specification describes: bearer tokens, the list
// envelope with page tokens, and the filters Pluttra uses. Tests change
// the records before a pull to play the municipality changing its data.
package ss12000test

import (
	"embed"
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"slices"
	"strconv"
	"sync"
	"testing"

	"github.com/pluttra/pluttra/internal/ss12000"
)

//go:embed testdata/municipality.json
var fixtures embed.FS

// Record is one record as JSON objects decode, so a test can set any
// field to anything, including values the specification forbids.
type Record = map[string]any

// Server is a running fixture source.
type Server struct {
	URL   string
	Token string

	mu       sync.Mutex
	data     map[string][]Record // by endpoint
	pages    map[string][]Record // the rest of a listing, by page token
	next     int
	PageSize int // records per page when the client asks for more
	// Requests counts the requests served, by endpoint.
	Requests map[string]int
	// answers replace the fixture's answer for an endpoint (Answer).
	answers map[string]http.HandlerFunc
}

// ClientOptions are the client options for a fixture server: plain http
// on loopback, which a client refuses without them.
func ClientOptions() ss12000.Options { return ss12000.Options{LocalTestServer: true} }

// Answer makes h answer the endpoint's requests instead of the fixture
// data, to play a source that misbehaves; nil restores the data. h runs
// without the server's lock, so it may block until the client gives up.
func (s *Server) Answer(endpoint string, h http.HandlerFunc) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.answers[endpoint] = h
}

// Start serves the fixture municipality until the test ends.
func Start(t testing.TB) *Server {
	t.Helper()
	b, err := fixtures.ReadFile("testdata/municipality.json")
	if err != nil {
		t.Fatal(err)
	}
	s := &Server{Token: "fixture-token-" + strconv.Itoa(len(b)), pages: map[string][]Record{}, PageSize: 2, Requests: map[string]int{},
		answers: map[string]http.HandlerFunc{}}
	if err := json.Unmarshal(b, &s.data); err != nil {
		t.Fatal(err)
	}
	mux := http.NewServeMux()
	for _, ep := range []string{"organisations", "persons", "groups", "placements", "duties"} {
		mux.HandleFunc("GET /v2/"+ep, func(w http.ResponseWriter, r *http.Request) { s.list(w, r, ep) })
	}
	ts := httptest.NewServer(mux)
	t.Cleanup(ts.Close)
	s.URL = ts.URL + "/v2"
	return s
}

// Edit changes the records under the server's lock.
func (s *Server) Edit(fn func(data map[string][]Record)) {
	s.mu.Lock()
	defer s.mu.Unlock()
	fn(s.data)
}

// Find returns the record of the endpoint with the id, for editing.
func Find(data map[string][]Record, endpoint, id string) Record {
	for _, r := range data[endpoint] {
		if r["id"] == id {
			return r
		}
	}
	panic("ss12000test: no " + endpoint + "/" + id)
}

func (s *Server) list(w http.ResponseWriter, r *http.Request, endpoint string) {
	s.mu.Lock()
	s.Requests[endpoint]++
	if h := s.answers[endpoint]; h != nil {
		s.mu.Unlock()
		h(w, r)
		return
	}
	defer s.mu.Unlock()
	if r.Header.Get("Authorization") != "Bearer "+s.Token {
		writeError(w, http.StatusUnauthorized, "unauthorized", "Bearer token required")
		return
	}
	q := r.URL.Query()
	limit, err := strconv.Atoi(q.Get("limit"))
	if q.Has("limit") && (err != nil || limit < 1) {
		writeError(w, http.StatusBadRequest, "invalid_limit", "limit must be at least 1")
		return
	}
	if limit == 0 || limit > s.PageSize {
		limit = s.PageSize
	}
	var rest []Record
	if tok := q.Get("pageToken"); tok != "" {
		// The specification: a page token goes with nothing but a limit.
		for k := range q {
			if k != "pageToken" && k != "limit" {
				writeError(w, http.StatusBadRequest, "invalid_combination", "pageToken cannot be combined with "+k)
				return
			}
		}
		var ok bool
		if rest, ok = s.pages[tok]; !ok {
			writeError(w, http.StatusBadRequest, "invalid_page_token", "unknown pageToken")
			return
		}
		delete(s.pages, tok)
	} else {
		rest = s.filter(endpoint, q)
	}
	page := map[string]any{"data": rest[:min(limit, len(rest))]}
	if len(rest) > limit {
		s.next++
		tok := fmt.Sprintf("page-%d", s.next)
		s.pages[tok] = rest[limit:]
		page["pageToken"] = tok
	} else {
		page["pageToken"] = nil
	}
	if page["data"] == nil {
		page["data"] = []Record{}
	}
	w.Header().Set("Content-Type", "application/json")
	json.NewEncoder(w).Encode(page)
}

func writeError(w http.ResponseWriter, status int, code, msg string) {
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	json.NewEncoder(w).Encode(map[string]string{"code": code, "message": msg})
}

// filter applies the filters the specification defines that Pluttra uses.
func (s *Server) filter(endpoint string, q map[string][]string) []Record {
	after := first(q["endDate.onOrAfter"])
	var out []Record
	for _, r := range s.data[endpoint] {
		if after != "" && !endsOnOrAfter(r, after) {
			continue
		}
		if types := q["groupType"]; len(types) > 0 && !slices.Contains(types, str(r["groupType"])) {
			continue
		}
		out = append(out, r)
	}
	if endpoint == "persons" {
		if rel := first(q["relationship.entity.type"]); rel != "" {
			ids := s.related(rel, first(q["relationship.endDate.onOrAfter"]))
			out = slices.DeleteFunc(out, func(r Record) bool { return !ids[str(r["id"])] })
		}
	}
	return out
}

// related is the ids of the persons in a relation to placements or duties
// that have not ended before the day.
func (s *Server) related(rel, after string) map[string]bool {
	ids := map[string]bool{}
	ref := func(v any) string {
		m, _ := v.(map[string]any)
		return str(m["id"])
	}
	switch rel {
	case "placement.child", "responsibleFor.placement":
		for _, p := range s.data["placements"] {
			if after == "" || endsOnOrAfter(p, after) {
				ids[ref(p["child"])] = true
			}
		}
		if rel == "responsibleFor.placement" {
			children := ids
			ids = map[string]bool{}
			for _, p := range s.data["persons"] {
				if !children[str(p["id"])] {
					continue
				}
				resp, _ := p["responsibles"].([]any)
				for _, r := range resp {
					m, _ := r.(map[string]any)
					ids[ref(m["person"])] = true
				}
			}
		}
	case "duty":
		for _, d := range s.data["duties"] {
			if after == "" || endsOnOrAfter(d, after) {
				ids[ref(d["person"])] = true
			}
		}
	}
	return ids
}

func endsOnOrAfter(r Record, day string) bool {
	end, ok := r["endDate"].(string)
	return !ok || end == "" || end >= day
}

func first(v []string) string {
	if len(v) == 0 {
		return ""
	}
	return v[0]
}

func str(v any) string {
	s, _ := v.(string)
	return s
}
