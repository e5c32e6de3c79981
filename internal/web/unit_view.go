package web

import (
	"net/http"

	"github.com/pluttra/pluttra/internal/access"
	"github.com/pluttra/pluttra/internal/pluttra"
)

type unitData struct {
	Unit        pluttra.Unit
	Departments []pluttra.Department // the ones the viewer may open
	ShowManage  bool                 // the viewer may administer it
	ShowMessage bool                 // the viewer may write to all its families
	// ShowCalendar: the viewer keeps the unit's own calendar.
	ShowCalendar bool
}

func (s *Server) unitView(req *request) error {
	ctx := req.R.Context()
	u, err := s.deps.Store.Unit(ctx, req.P.OrgID(), req.ID)
	if err != nil {
		return err
	}
	all, err := s.deps.Store.Departments(ctx, req.P.OrgID())
	if err != nil {
		return err
	}
	data := unitData{Unit: *u}
	if data.ShowMessage, err = s.allowed(req, access.SendUnitMessage, u.ID); err != nil {
		return err
	}
	if data.ShowManage, err = s.allowed(req, access.ManageUnit, u.ID); err != nil {
		return err
	}
	if data.ShowCalendar, err = s.allowed(req, access.ManageUnitCalendar, u.ID); err != nil {
		return err
	}
	for _, d := range all {
		if d.UnitID != u.ID {
			continue
		}
		if ok, err := s.allowed(req, access.ViewDepartment, d.ID); err != nil {
			return err
		} else if ok {
			data.Departments = append(data.Departments, d)
		}
	}
	return s.render(req, http.StatusOK, "unit", "unit.title", data)
}
