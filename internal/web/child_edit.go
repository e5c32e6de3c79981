package web

import (
	"net/http"
	"strconv"
	"strings"

	"github.com/pluttra/pluttra/internal/access"
	"github.com/pluttra/pluttra/internal/pluttra"
)

// guardianRow is a guardianship with the guardian's account.
type guardianRow struct {
	Guardianship pluttra.Guardianship
	User         pluttra.User
	Active       bool
}

// placementRow is a placement with its department.
type placementRow struct {
	Placement  pluttra.Placement
	Department pluttra.Department
	Active     bool
}

type childEditData struct {
	Child       pluttra.Child
	Guardians   []guardianRow
	Placements  []placementRow
	Departments []pluttra.Department // where the editor may move the child
	Today       pluttra.Date
	Errors      formErrors
	Form        map[string]string // what was typed, shown again after an error
}

// childEdit shows the child's record for the admin and the principal:
// details, guardians and placements, each with its forms.
func (s *Server) childEdit(req *request) error {
	return s.renderChildEdit(req, http.StatusOK, nil, nil)
}

func (s *Server) renderChildEdit(req *request, status int, errs formErrors, form map[string]string) error {
	ctx := req.R.Context()
	org := req.P.OrgID()
	c, err := s.deps.Store.Child(ctx, org, req.ID)
	if err != nil {
		return err
	}
	today := s.deps.Policy.Today()
	data := childEditData{Child: *c, Today: today, Errors: errs, Form: form}
	gs, err := s.deps.Store.Guardianships(ctx, org, c.ID)
	if err != nil {
		return err
	}
	for _, g := range gs {
		u, err := s.deps.Store.User(ctx, org, g.GuardianID)
		if err != nil {
			return err
		}
		data.Guardians = append(data.Guardians, guardianRow{Guardianship: g, User: *u, Active: g.ActiveOn(today)})
	}
	ps, err := s.deps.Store.Placements(ctx, org, c.ID)
	if err != nil {
		return err
	}
	for _, p := range ps {
		d, err := s.deps.Store.Department(ctx, org, p.DepartmentID)
		if err != nil {
			return err
		}
		data.Placements = append(data.Placements, placementRow{Placement: p, Department: *d, Active: p.ActiveOn(today)})
	}
	if data.Departments, err = s.manageableDepartments(req); err != nil {
		return err
	}
	return s.render(req, status, "child_edit", "child.edit.title", data)
}

// manageableDepartments are the departments the principal may place
// children in: all for the admin, their units' for a principal.
func (s *Server) manageableDepartments(req *request) ([]pluttra.Department, error) {
	all, err := s.deps.Store.Departments(req.R.Context(), req.P.OrgID())
	if err != nil {
		return nil, err
	}
	var out []pluttra.Department
	for _, d := range all {
		ok, err := s.allowed(req, access.ManageDepartment, d.ID)
		if err != nil {
			return nil, err
		}
		if ok {
			out = append(out, d)
		}
	}
	return out, nil
}

// childUpdate saves the child's details.
func (s *Server) childUpdate(req *request) error {
	form, err := parseForm(req, "first_name", "last_name", "birth_date")
	if err != nil {
		return err
	}
	c := pluttra.Child{ID: req.ID, FirstName: form["first_name"], LastName: form["last_name"],
		ProtectedIdentity: req.R.PostForm.Get("protected") == "on"}
	errs := formErrors{}
	if form["birth_date"] != "" {
		if c.BirthDate, err = pluttra.ParseDate(form["birth_date"]); err != nil {
			errs["birth_date"] = "error.date"
		}
	}
	if len(errs) == 0 {
		if err := errs.add(s.deps.Store.UpdateChild(req.R.Context(), req.P.OrgID(), &c)); err != nil {
			return err
		}
	}
	if len(errs) > 0 {
		return s.renderChildEdit(req, http.StatusBadRequest, errs, form)
	}
	return s.backToChild(req)
}

func (s *Server) backToChild(req *request) error {
	http.Redirect(req.W, req.R, "/children/"+strconv.FormatInt(req.ID, 10)+"/edit", http.StatusSeeOther)
	return nil
}

// parseForm reads the named fields, trimmed.
func parseForm(req *request, names ...string) (map[string]string, error) {
	if err := req.R.ParseForm(); err != nil {
		return nil, pluttra.Invalid("form", "error.invalid")
	}
	out := make(map[string]string, len(names))
	for _, n := range names {
		out[n] = strings.TrimSpace(req.R.PostForm.Get(n))
	}
	return out, nil
}
