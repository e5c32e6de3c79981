package web

import (
	"net/http"

	"github.com/pluttra/pluttra/internal/access"
	"github.com/pluttra/pluttra/internal/pluttra"
)

type childData struct {
	Child       pluttra.Child
	Departments []pluttra.Department
	Guardians   []pluttra.User // shown to staff and the admin only
	ShowRecord  bool
	// ShowAccessLog links to who has accessed the child's data.
	ShowAccessLog bool
}

func (s *Server) childView(req *request) error {
	ctx := req.R.Context()
	org := req.P.OrgID()
	day := s.deps.Policy.Today()
	c, err := s.deps.Store.Child(ctx, org, req.ID)
	if err != nil {
		return err
	}
	data := childData{Child: *c, ShowRecord: !req.P.Is(pluttra.KindGuardian)}
	if data.ShowAccessLog, err = s.allowed(req, access.ViewChildAccessLog, c.ID); err != nil {
		return err
	}
	facts, err := s.deps.Store.ChildFacts(ctx, org, c.ID, day)
	if err != nil {
		return err
	}
	for _, id := range facts.DepartmentIDs {
		d, err := s.deps.Store.Department(ctx, org, id)
		if err != nil {
			return err
		}
		data.Departments = append(data.Departments, *d)
	}
	// Guardians in separate households may not know each other's details,
	// so only staff and the admin see the guardian list.
	if data.ShowRecord {
		for _, id := range facts.GuardianIDs {
			u, err := s.deps.Store.User(ctx, org, id)
			if err != nil {
				return err
			}
			data.Guardians = append(data.Guardians, *u)
		}
	}
	return s.render(req, http.StatusOK, "child", "child.title", data)
}
