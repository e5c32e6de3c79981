package web

import (
	"net/http"
	"strconv"

	"github.com/pluttra/pluttra/internal/access"
)

// route is one entry of the route table: either an access action (checked
// before the handler runs, with the resource id from the path value "id")
// or a reason why it is public. Nothing else can register a handler.
type route struct {
	pattern string
	action  access.Action
	public  string
	handle  func(*request) error
	keep    bool // the page may be served again from memory (page_cache.go)
}

// authorised registers a handler behind an access decision.
func authorised(pattern string, a access.Action, h func(*request) error) route {
	return route{pattern: pattern, action: a, handle: h}
}

// public registers a handler anyone may reach, with the reason why.
func public(pattern, reason string, h func(*request) error) route {
	return route{pattern: pattern, public: reason, handle: h}
}

// kept marks a page that may be served again from memory while nothing it
// could show has changed.
func kept(rt route) route {
	rt.keep = true
	return rt
}

// serve wraps a route's handler with its access decision.
func (s *Server) serve(rt route) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if info, ok := r.Context().Value(requestInfoKey).(*requestInfo); ok {
			info.pattern = rt.pattern
		}
		req := s.newRequest(w, r)
		if rt.action != "" {
			id, _ := strconv.ParseInt(r.PathValue("id"), 10, 64)
			if access.Actions[rt.action] == access.KindOrganisation && id == 0 {
				id = req.P.OrgID()
			}
			d, err := s.deps.Policy.Check(r.Context(), req.P, rt.action, id)
			if err != nil {
				s.fail(req, err)
				return
			}
			switch d {
			case access.Login:
				s.toLogin(req)
				return
			case access.Deny:
				s.failStatus(req, http.StatusForbidden, "error.forbidden")
				return
			case access.Hidden:
				s.failStatus(req, http.StatusNotFound, "error.not_found")
				return
			}
			req.ID = id
			req.action = rt.action
			if access.Actions[rt.action] == access.KindChild {
				req.showsChildren(id)
			}
		}
		if rt.keep && req.P.LoggedIn() {
			s.serveKept(req, rt)
			return
		}
		if err := rt.handle(req); err != nil {
			s.fail(req, err)
		}
	})
}

// serveKept answers from the page cache when the page there is current,
// and otherwise renders it and keeps it. The epoch is the one read with
// the principal, before the page is made, so a change made meanwhile
// leaves the page under the old epoch, never to be served again.
func (s *Server) serveKept(req *request, rt route) {
	key := pageKey{org: req.P.OrgID(), user: req.P.User.ID, epoch: req.P.Epoch,
		day: s.deps.Policy.Today().String(), lang: req.L.Code, uri: req.R.URL.RequestURI()}
	for waited := false; ; waited = true {
		if p, ok := s.kept.get(key, s.deps.Now()); ok {
			s.serveCached(req, p)
			return
		}
		if waited {
			break // the render waited for was not kept: make our own
		}
		made := s.kept.begin(key)
		if made == nil {
			defer s.kept.done(key)
			break
		}
		select {
		case <-made:
		case <-req.R.Context().Done():
			return
		}
	}
	req.keep = &cachedPage{made: s.deps.Now()}
	if err := rt.handle(req); err != nil {
		s.fail(req, err)
		return
	}
	if req.keep.body != nil {
		s.kept.put(key, *req.keep)
	}
}

// serveCached sends a kept page, recording its reads first.
func (s *Server) serveCached(req *request, p cachedPage) {
	req.shown = p.shown
	if err := s.recordAccess(req); err != nil {
		s.fail(req, err)
		return
	}
	for k, v := range p.header {
		req.W.Header()[k] = v
	}
	req.W.WriteHeader(http.StatusOK)
	req.W.Write(p.body)
}
