package web

import (
	"net/http"
	"strconv"
	"time"

	"github.com/pluttra/pluttra/internal/pluttra"
	"github.com/pluttra/pluttra/internal/securitylog"
)

type usersData struct {
	Organisation     pluttra.Organisation
	AbsenceLateAfter string // HH:MM
	Users            []pluttra.User
	Errors           formErrors
	Form             map[string]string
}

// usersAdmin lists the organisation's accounts, with the forms to add a
// unit and to deactivate an account.
func (s *Server) usersAdmin(req *request) error {
	return s.renderUsers(req, http.StatusOK, nil, nil)
}

func (s *Server) renderUsers(req *request, status int, errs formErrors, form map[string]string) error {
	users, err := s.deps.Store.Users(req.R.Context(), req.P.OrgID())
	if err != nil {
		return err
	}
	org, err := s.deps.Store.Organisation(req.R.Context(), req.P.OrgID())
	if err != nil {
		return err
	}
	return s.render(req, status, "organisation_manage", "organisation.manage.title",
		usersData{Organisation: *org, AbsenceLateAfter: clockTime(org.AbsenceLateAfter), Users: users, Errors: errs, Form: form})
}

func (s *Server) unitCreate(req *request) error {
	form, err := parseForm(req, "name", "address")
	if err != nil {
		return err
	}
	errs := formErrors{}
	u := pluttra.Unit{Name: form["name"], Address: form["address"]}
	if err := errs.add(s.deps.Store.CreateUnit(req.R.Context(), req.P.OrgID(), &u)); err != nil {
		return err
	}
	if len(errs) > 0 {
		return s.renderUsers(req, http.StatusBadRequest, errs, form)
	}
	http.Redirect(req.W, req.R, "/units/"+strconv.FormatInt(u.ID, 10), http.StatusSeeOther)
	return nil
}

// userDeactivate ends an account and its sessions at once. The admin
// cannot deactivate themself, so an organisation never locks itself out.
func (s *Server) userDeactivate(req *request) error {
	uid, _ := strconv.ParseInt(req.R.PathValue("uid"), 10, 64)
	if uid == req.P.User.ID {
		return pluttra.Invalid("user", "error.deactivate_self")
	}
	if err := s.deps.Store.DeactivateUser(req.R.Context(), req.P.OrgID(), uid); err != nil {
		return err
	}
	s.security.Write(req.R.Context(), securitylog.AccountDeactivated, uid, securitylog.Details{ActorID: req.P.User.ID})
	http.Redirect(req.W, req.R, "/admin/organisation", http.StatusSeeOther)
	return nil
}

// organisationSettings saves the organisation's settings: whether staff
// and admins must log in with a second factor, and the morning hour after
// which an absence reported for the same day is late.
func (s *Server) organisationSettings(req *request) error {
	if err := req.R.ParseForm(); err != nil {
		return pluttra.Invalid("form", "error.invalid")
	}
	if v := req.R.PostForm.Get("absence_late_after"); v != "" { // absent: unchanged
		late, err := time.Parse("15:04", v)
		if err != nil {
			return s.renderUsers(req, http.StatusBadRequest, formErrors{"absence_late_after": "organisation.manage.error.time"}, nil)
		}
		if err := s.deps.Store.SetAbsenceLateAfter(req.R.Context(), req.P.OrgID(), late.Hour()*60+late.Minute()); err != nil {
			return err
		}
	}
	// Turning the rule on ends the staff sessions that passed no second
	// factor: those staff log in again and set one up.
	ended, err := s.deps.Store.SetRequireStaffMFA(req.R.Context(), req.P.OrgID(), req.R.PostForm.Get("require_mfa") == "on")
	if err != nil {
		return err
	}
	for _, uid := range ended {
		s.security.Write(req.R.Context(), securitylog.SessionsEnded, uid, securitylog.Details{Reason: "mfa_required", ActorID: req.P.User.ID})
	}
	http.Redirect(req.W, req.R, "/admin/organisation", http.StatusSeeOther)
	return nil
}

// userResetMFA removes a staff member's second factor, for a lost phone or
// an enrolment made by someone else; their next login enrols anew.
func (s *Server) userResetMFA(req *request) error {
	uid, _ := strconv.ParseInt(req.R.PathValue("uid"), 10, 64)
	if err := s.deps.Store.ResetMFA(req.R.Context(), req.P.OrgID(), uid); err != nil {
		return err
	}
	s.security.Write(req.R.Context(), securitylog.MFAReset, uid, securitylog.Details{ActorID: req.P.User.ID})
	http.Redirect(req.W, req.R, "/admin/organisation", http.StatusSeeOther)
	return nil
}
