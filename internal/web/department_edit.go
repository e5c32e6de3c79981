package web

import (
	"net/http"
	"strconv"

	"github.com/pluttra/pluttra/internal/pluttra"
)

type departmentEditData struct {
	Department pluttra.Department
	Unit       pluttra.Unit
	Today      pluttra.Date
	Errors     formErrors
	Form       map[string]string
}

// departmentEdit shows the forms to rename the department and to add a
// child to it.
func (s *Server) departmentEdit(req *request) error {
	return s.renderDepartmentEdit(req, http.StatusOK, nil, nil)
}

func (s *Server) renderDepartmentEdit(req *request, status int, errs formErrors, form map[string]string) error {
	dc, err := s.departmentWithChildren(req, req.ID)
	if err != nil {
		return err
	}
	return s.render(req, status, "department_edit", "department.edit.title", departmentEditData{
		Department: dc.Department, Unit: dc.Unit, Today: s.deps.Policy.Today(), Errors: errs, Form: form})
}

func (s *Server) departmentRename(req *request) error {
	form, err := parseForm(req, "name")
	if err != nil {
		return err
	}
	errs := formErrors{}
	if err := errs.add(s.deps.Store.RenameDepartment(req.R.Context(), req.P.OrgID(), req.ID, form["name"])); err != nil {
		return err
	}
	if len(errs) > 0 {
		return s.renderDepartmentEdit(req, http.StatusBadRequest, errs, form)
	}
	http.Redirect(req.W, req.R, "/departments/"+strconv.FormatInt(req.ID, 10), http.StatusSeeOther)
	return nil
}

// childEnrol adds a new child placed in the department.
func (s *Server) childEnrol(req *request) error {
	form, err := parseForm(req, "first_name", "last_name", "birth_date", "from")
	if err != nil {
		return err
	}
	c := pluttra.Child{FirstName: form["first_name"], LastName: form["last_name"], ProtectedIdentity: req.R.PostForm.Get("protected") == "on"}
	from, errs := s.formDate(form["from"], "from")
	if form["birth_date"] != "" {
		if c.BirthDate, err = pluttra.ParseDate(form["birth_date"]); err != nil {
			errs["birth_date"] = "error.date"
		}
	}
	if len(errs) == 0 {
		if err := errs.add(s.deps.Store.EnrolChild(req.R.Context(), req.P.OrgID(), &c, req.ID, from)); err != nil {
			return err
		}
	}
	if len(errs) > 0 {
		return s.renderDepartmentEdit(req, http.StatusBadRequest, errs, form)
	}
	http.Redirect(req.W, req.R, "/children/"+strconv.FormatInt(c.ID, 10)+"/edit", http.StatusSeeOther)
	return nil
}
