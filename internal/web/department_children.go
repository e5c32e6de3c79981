package web

import "net/http"

// departmentChildren lists the children placed in a department today, with
// protected identities marked: the staff's everyday list.
func (s *Server) departmentChildren(req *request) error {
	data, err := s.department(req)
	if err != nil {
		return err
	}
	if data.Children, err = s.deps.Store.ChildrenInDepartment(req.R.Context(), req.P.OrgID(), req.ID, s.deps.Policy.Today()); err != nil {
		return err
	}
	for _, c := range data.Children {
		req.showsChildren(c.ID)
	}
	return s.render(req, http.StatusOK, "department_children", "department.children", data)
}
