package web

import (
	"net/http"

	"github.com/pluttra/pluttra/internal/access"
	"github.com/pluttra/pluttra/internal/pluttra"
)

// departmentChildren is one department with its unit and children, as the
// staff start page and the structure page show them.
type departmentChildren struct {
	Department pluttra.Department
	Unit       pluttra.Unit
	Children   []pluttra.Child
	Staff      []pluttra.User
}

// guardianStart is a guardian's start page: their children and how many
// posts are new since they last read their feed.
type guardianStart struct {
	Children []guardianChild
	Unread   int
	// UnreadMessages counts important messages not yet opened.
	UnreadMessages int
}

// guardianChild is one of a guardian's children with where it is placed.
type guardianChild struct {
	Child       pluttra.Child
	Departments []pluttra.Department
}

// start shows each role its own start page: staff their departments and
// children, guardians their children, the admin the organisation.
func (s *Server) start(req *request) error {
	switch req.P.User.Kind {
	case pluttra.KindStaff:
		return s.startStaff(req)
	case pluttra.KindGuardian:
		return s.startGuardian(req)
	default:
		return s.startAdmin(req)
	}
}

func (s *Server) startStaff(req *request) error {
	ctx := req.R.Context()
	org := req.P.OrgID()
	day := s.deps.Policy.Today()
	var out []departmentChildren
	for _, id := range req.P.Facts.StaffDepartments {
		dc, err := s.departmentWithChildren(req, id)
		if err != nil {
			return err
		}
		if dc.Children, err = s.deps.Store.ChildrenInDepartment(ctx, org, id, day); err != nil {
			return err
		}
		for _, c := range dc.Children {
			req.showsChildren(c.ID)
		}
		out = append(out, *dc)
	}
	return s.render(req, http.StatusOK, "start_staff", "start.title", out)
}

func (s *Server) departmentWithChildren(req *request, id int64) (*departmentChildren, error) {
	ctx := req.R.Context()
	d, err := s.deps.Store.Department(ctx, req.P.OrgID(), id)
	if err != nil {
		return nil, err
	}
	u, err := s.deps.Store.Unit(ctx, req.P.OrgID(), d.UnitID)
	if err != nil {
		return nil, err
	}
	return &departmentChildren{Department: *d, Unit: *u}, nil
}

func (s *Server) startGuardian(req *request) error {
	ctx := req.R.Context()
	org := req.P.OrgID()
	day := s.deps.Policy.Today()
	children, err := s.deps.Store.ChildrenOfGuardian(ctx, org, req.P.User.ID, day)
	if err != nil {
		return err
	}
	out := make([]guardianChild, 0, len(children))
	for _, c := range children {
		req.showsChildren(c.ID)
		gc := guardianChild{Child: c}
		facts, err := s.deps.Store.ChildFacts(ctx, org, c.ID, day)
		if err != nil {
			return err
		}
		if gc.Departments, err = s.departments(req, facts.DepartmentIDs); err != nil {
			return err
		}
		out = append(out, gc)
	}
	data := guardianStart{Children: out}
	seen, err := s.deps.Store.FeedSeen(ctx, org, req.P.User.ID)
	if err != nil {
		return err
	}
	if data.Unread, err = s.deps.Store.CountPostsSince(ctx, org, access.PostsFilter(req.P, day), seen, maxUnreadCount); err != nil {
		return err
	}
	if data.UnreadMessages, err = s.deps.Store.UnreadMessages(ctx, org, req.P.User.ID); err != nil {
		return err
	}
	return s.render(req, http.StatusOK, "start_guardian", "start.title", data)
}

// maxUnreadCount bounds the unread count on the start page, so a guardian
// who has not opened the feed for years costs a bounded read.
const maxUnreadCount = 1000

func (s *Server) startAdmin(req *request) error {
	st, err := s.structure(req)
	if err != nil {
		return err
	}
	return s.render(req, http.StatusOK, "start_admin", "start.title", st)
}
