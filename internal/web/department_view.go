package web

import (
	"net/http"

	"github.com/pluttra/pluttra/internal/access"
	"github.com/pluttra/pluttra/internal/pluttra"
)

type departmentData struct {
	Department   pluttra.Department
	Unit         pluttra.Unit
	ShowChildren bool // the child list is staff's and the admin's, never a guardian's
	Children     []pluttra.Child
	Staff        []pluttra.User
	ShowManage   bool // the viewer may administer it
	ShowInvite   bool // the viewer may invite guardians
	ShowFeed     bool // the viewer may read the department's documentation
}

func (s *Server) departmentView(req *request) error {
	data, err := s.department(req)
	if err != nil {
		return err
	}
	if data.ShowChildren, err = s.allowed(req, access.ListDepartmentKids, req.ID); err != nil {
		return err
	}
	if data.ShowManage, err = s.allowed(req, access.ManageDepartment, req.ID); err != nil {
		return err
	}
	if data.ShowFeed, err = s.allowed(req, access.ViewDeptFeed, req.ID); err != nil {
		return err
	}
	if data.ShowInvite, err = s.allowed(req, access.InviteGuardians, req.ID); err != nil {
		return err
	}
	if data.ShowChildren {
		if data.Children, err = s.deps.Store.ChildrenInDepartment(req.R.Context(), req.P.OrgID(), req.ID, s.deps.Policy.Today()); err != nil {
			return err
		}
	}
	for _, c := range data.Children {
		req.showsChildren(c.ID)
	}
	if data.Staff, err = s.deps.Store.DepartmentStaff(req.R.Context(), req.P.OrgID(), req.ID, s.deps.Policy.Today()); err != nil {
		return err
	}
	return s.render(req, http.StatusOK, "department", "department.title", data)
}

func (s *Server) department(req *request) (*departmentData, error) {
	dc, err := s.departmentWithChildren(req, req.ID)
	if err != nil {
		return nil, err
	}
	return &departmentData{Department: dc.Department, Unit: dc.Unit}, nil
}

// allowed asks the policy about a second resource or action on a page, such
// as whether the department page may link to its child list.
func (s *Server) allowed(req *request, a access.Action, id int64) (bool, error) {
	d, err := s.deps.Policy.Check(req.R.Context(), req.P, a, id)
	return d == access.Allow, err
}
