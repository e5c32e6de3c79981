package web

import (
	"net/http"
	"strconv"

	"github.com/pluttra/pluttra/internal/pluttra"
)

type unitEditData struct {
	Unit   pluttra.Unit
	Errors formErrors
	Form   map[string]string
}

// unitEdit shows the forms to change the unit and to add a department.
func (s *Server) unitEdit(req *request) error {
	return s.renderUnitEdit(req, http.StatusOK, nil, nil)
}

func (s *Server) renderUnitEdit(req *request, status int, errs formErrors, form map[string]string) error {
	u, err := s.deps.Store.Unit(req.R.Context(), req.P.OrgID(), req.ID)
	if err != nil {
		return err
	}
	return s.render(req, status, "unit_edit", "unit.edit.title", unitEditData{Unit: *u, Errors: errs, Form: form})
}

func (s *Server) unitUpdate(req *request) error {
	form, err := parseForm(req, "name", "address")
	if err != nil {
		return err
	}
	errs := formErrors{}
	u := pluttra.Unit{ID: req.ID, Name: form["name"], Address: form["address"]}
	if err := errs.add(s.deps.Store.UpdateUnit(req.R.Context(), req.P.OrgID(), &u)); err != nil {
		return err
	}
	if len(errs) > 0 {
		return s.renderUnitEdit(req, http.StatusBadRequest, errs, form)
	}
	http.Redirect(req.W, req.R, "/units/"+strconv.FormatInt(req.ID, 10), http.StatusSeeOther)
	return nil
}

func (s *Server) departmentCreate(req *request) error {
	form, err := parseForm(req, "department_name")
	if err != nil {
		return err
	}
	errs := formErrors{}
	d := pluttra.Department{UnitID: req.ID, Name: form["department_name"]}
	if err := s.deps.Store.CreateDepartment(req.R.Context(), req.P.OrgID(), &d); pluttra.ErrorCode(err) == pluttra.EINVALID {
		errs["department_name"] = pluttra.ErrorKey(err)
	} else if err != nil {
		return err
	}
	if len(errs) > 0 {
		return s.renderUnitEdit(req, http.StatusBadRequest, errs, form)
	}
	http.Redirect(req.W, req.R, "/departments/"+strconv.FormatInt(d.ID, 10), http.StatusSeeOther)
	return nil
}
