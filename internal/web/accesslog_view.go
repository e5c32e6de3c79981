package web

import (
	"net/http"
	"strconv"
	"time"

	"github.com/pluttra/pluttra/internal/access"
	"github.com/pluttra/pluttra/internal/pluttra"
)

// accessPageSize is how many access log entries one page shows.
const accessPageSize = 100

// accessRow is an access log entry with names, for people to read.
type accessRow struct {
	At        string
	User      string
	Child     string
	ChildID   int64
	Action    access.Action
	RequestID string
}

type accessLogData struct {
	Child *pluttra.Child // set on one child's log
	Rows  []accessRow
	Older int64 // id to continue from, 0 when there is nothing older
}

// childAccessLog shows who has accessed one child's data.
func (s *Server) childAccessLog(req *request) error {
	c, err := s.deps.Store.Child(req.R.Context(), req.P.OrgID(), req.ID)
	if err != nil {
		return err
	}
	data, err := s.accessLog(req, pluttra.AccessQuery{ChildID: c.ID})
	if err != nil {
		return err
	}
	data.Child = c
	return s.render(req, http.StatusOK, "accesslog", "accesslog.title", data)
}

// orgAccessLog shows the whole organisation's access log, newest first.
func (s *Server) orgAccessLog(req *request) error {
	data, err := s.accessLog(req, pluttra.AccessQuery{})
	if err != nil {
		return err
	}
	return s.render(req, http.StatusOK, "accesslog", "accesslog.title", data)
}

func (s *Server) accessLog(req *request, q pluttra.AccessQuery) (*accessLogData, error) {
	q.BeforeID, _ = strconv.ParseInt(req.R.URL.Query().Get("before"), 10, 64)
	q.Limit = accessPageSize + 1
	entries, err := s.deps.Store.AccessLog(req.R.Context(), req.P.OrgID(), q)
	if err != nil {
		return nil, err
	}
	data := &accessLogData{}
	if len(entries) > accessPageSize {
		entries = entries[:accessPageSize]
		data.Older = entries[len(entries)-1].ID
	}
	names := newNameCache(s, req)
	for _, e := range entries {
		row := accessRow{At: e.At.In(access.Stockholm).Format(time.DateTime), ChildID: e.ChildID,
			Action: access.Action(e.Action), RequestID: e.RequestID}
		if row.User, err = names.user(e.UserID); err != nil {
			return nil, err
		}
		if row.Child, err = names.child(e.ChildID); err != nil {
			return nil, err
		}
		data.Rows = append(data.Rows, row)
	}
	return data, nil
}

// nameCache looks each person up once per page.
type nameCache struct {
	s               *Server
	req             *request
	users, children map[int64]string
}

func newNameCache(s *Server, req *request) *nameCache {
	return &nameCache{s: s, req: req, users: map[int64]string{}, children: map[int64]string{}}
}

func (n *nameCache) user(id int64) (string, error) {
	if name, ok := n.users[id]; ok {
		return name, nil
	}
	u, err := n.s.deps.Store.User(n.req.R.Context(), n.req.P.OrgID(), id)
	if err != nil {
		return "", err
	}
	n.users[id] = u.Name
	return u.Name, nil
}

func (n *nameCache) child(id int64) (string, error) {
	if name, ok := n.children[id]; ok {
		return name, nil
	}
	c, err := n.s.deps.Store.Child(n.req.R.Context(), n.req.P.OrgID(), id)
	if err != nil {
		return "", err
	}
	n.children[id] = c.FirstName + " " + c.LastName
	return n.children[id], nil
}
