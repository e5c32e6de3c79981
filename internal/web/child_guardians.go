package web

import (
	"strconv"

	"github.com/pluttra/pluttra/internal/pluttra"
)

// guardianAdd links a guardian to the child by email, creating the
// guardian's account when the organisation has none for the address.
func (s *Server) guardianAdd(req *request) error {
	form, err := parseForm(req, "name", "email", "from")
	if err != nil {
		return err
	}
	from, errs := s.formDate(form["from"], "from")
	if len(errs) == 0 {
		g := &pluttra.User{Name: form["name"], Email: form["email"]}
		_, err := s.deps.Store.LinkGuardian(req.R.Context(), req.P.OrgID(), req.ID, g, from)
		if err := errs.add(err); err != nil {
			return err
		}
	}
	if len(errs) > 0 {
		return s.renderChildEdit(req, 400, errs, form)
	}
	return s.backToChild(req)
}

// guardianEnd ends one of the child's guardianships, from the day given.
func (s *Server) guardianEnd(req *request) error {
	form, err := parseForm(req, "last")
	if err != nil {
		return err
	}
	gid, _ := strconv.ParseInt(req.R.PathValue("gid"), 10, 64)
	gs, err := s.deps.Store.Guardianships(req.R.Context(), req.P.OrgID(), req.ID)
	if err != nil {
		return err
	}
	if !hasID(gs, gid, func(g pluttra.Guardianship) int64 { return g.ID }) {
		return pluttra.NotFound("guardianship")
	}
	last, errs := s.formDate(form["last"], "last")
	if len(errs) == 0 {
		if err := errs.add(s.deps.Store.EndGuardianship(req.R.Context(), req.P.OrgID(), gid, last)); err != nil {
			return err
		}
	}
	if len(errs) > 0 {
		return s.renderChildEdit(req, 400, errs, form)
	}
	return s.backToChild(req)
}

// formDate reads a YYYY-MM-DD field; empty means today.
func (s *Server) formDate(v, field string) (pluttra.Date, formErrors) {
	if v == "" {
		return s.deps.Policy.Today(), formErrors{}
	}
	d, err := pluttra.ParseDate(v)
	if err != nil {
		return d, formErrors{field: "error.date"}
	}
	return d, formErrors{}
}

func hasID[T any](xs []T, id int64, idOf func(T) int64) bool {
	for _, x := range xs {
		if idOf(x) == id {
			return true
		}
	}
	return false
}
