package web

import (
	"strconv"

	"github.com/pluttra/pluttra/internal/access"
	"github.com/pluttra/pluttra/internal/pluttra"
)

// childMove moves the child to another department from a day. The editor
// must also manage the department the child moves to.
func (s *Server) childMove(req *request) error {
	form, err := parseForm(req, "department", "from")
	if err != nil {
		return err
	}
	dept, _ := strconv.ParseInt(form["department"], 10, 64)
	from, errs := s.formDate(form["from"], "from")
	if ok, err := s.allowed(req, access.ManageDepartment, dept); err != nil {
		return err
	} else if !ok {
		errs["department"] = "error.department_choose"
	}
	if len(errs) == 0 {
		_, err := s.deps.Store.MoveChild(req.R.Context(), req.P.OrgID(), req.ID, dept, from)
		if err := errs.add(err); err != nil {
			return err
		}
	}
	if len(errs) > 0 {
		return s.renderChildEdit(req, 400, errs, form)
	}
	return s.backToChild(req)
}

// placementEnd ends one of the child's placements on the day given.
func (s *Server) placementEnd(req *request) error {
	form, err := parseForm(req, "last")
	if err != nil {
		return err
	}
	pid, _ := strconv.ParseInt(req.R.PathValue("pid"), 10, 64)
	ps, err := s.deps.Store.Placements(req.R.Context(), req.P.OrgID(), req.ID)
	if err != nil {
		return err
	}
	if !hasID(ps, pid, func(p pluttra.Placement) int64 { return p.ID }) {
		return pluttra.NotFound("placement")
	}
	last, errs := s.formDate(form["last"], "last")
	if len(errs) == 0 {
		if err := errs.add(s.deps.Store.EndPlacement(req.R.Context(), req.P.OrgID(), pid, last)); err != nil {
			return err
		}
	}
	if len(errs) > 0 {
		return s.renderChildEdit(req, 400, errs, form)
	}
	return s.backToChild(req)
}
