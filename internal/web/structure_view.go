package web

import (
	"net/http"

	"github.com/pluttra/pluttra/internal/pluttra"
)

// unitStructure is a unit with its departments, for the admin's overview.
type unitStructure struct {
	Unit        pluttra.Unit
	Departments []departmentChildren
}

type structureData struct {
	Organisation pluttra.Organisation
	Units        []unitStructure
	Children     int
}

// structure gathers the organisation's units, departments and how many
// children and educators each department has today.
func (s *Server) structure(req *request) (*structureData, error) {
	ctx := req.R.Context()
	org := req.P.OrgID()
	day := s.deps.Policy.Today()
	o, err := s.deps.Store.Organisation(ctx, org)
	if err != nil {
		return nil, err
	}
	units, err := s.deps.Store.Units(ctx, org)
	if err != nil {
		return nil, err
	}
	depts, err := s.deps.Store.Departments(ctx, org)
	if err != nil {
		return nil, err
	}
	out := &structureData{Organisation: *o}
	index := map[int64]int{}
	for _, u := range units {
		index[u.ID] = len(out.Units)
		out.Units = append(out.Units, unitStructure{Unit: u})
	}
	for _, d := range depts {
		dc := departmentChildren{Department: d}
		if dc.Children, err = s.deps.Store.ChildrenInDepartment(ctx, org, d.ID, day); err != nil {
			return nil, err
		}
		if dc.Staff, err = s.deps.Store.DepartmentStaff(ctx, org, d.ID, day); err != nil {
			return nil, err
		}
		out.Children += len(dc.Children)
		u := &out.Units[index[d.UnitID]]
		u.Departments = append(u.Departments, dc)
	}
	return out, nil
}

func (s *Server) structureView(req *request) error {
	st, err := s.structure(req)
	if err != nil {
		return err
	}
	return s.render(req, http.StatusOK, "structure", "structure.title", st)
}
