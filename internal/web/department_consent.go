package web

import "github.com/pluttra/pluttra/internal/pluttra"

// departmentConsent is a department with the children placed in it today
// and each child's effective photo consent: what the composer, the quick
// reference list and the review list all start from.
type departmentConsent struct {
	Department pluttra.Department
	Children   []pluttra.Child
	Levels     map[int64]pluttra.ConsentLevel
}

func (s *Server) loadDepartmentConsent(req *request, departmentID int64) (*departmentConsent, error) {
	ctx := req.R.Context()
	org, day := req.P.OrgID(), s.deps.Policy.Today()
	d, err := s.deps.Store.Department(ctx, org, departmentID)
	if err != nil {
		return nil, err
	}
	children, err := s.deps.Store.ChildrenInDepartment(ctx, org, departmentID, day)
	if err != nil {
		return nil, err
	}
	ids := make([]int64, len(children))
	for i, c := range children {
		ids[i] = c.ID
	}
	levels, err := s.deps.Store.ConsentLevels(ctx, org, ids, day)
	if err != nil {
		return nil, err
	}
	return &departmentConsent{Department: *d, Children: children, Levels: levels}, nil
}
