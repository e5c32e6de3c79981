package web

import (
	"fmt"
	"net/http"
	"strconv"

	"github.com/pluttra/pluttra/internal/access"
	"github.com/pluttra/pluttra/internal/pluttra"
)

// absencePageData is the page where a child's absence is reported, with
// the reports already made for today and later.
type absencePageData struct {
	Child     pluttra.Child
	Reports   []absenceView
	Kinds     []pluttra.AbsenceKind
	Today     string
	MaxNote   int
	LateHour  string // the organisation's morning hour, HH:MM
	Saved     bool
	Withdrawn bool
	Errors    formErrors
	Form      map[string]string
}

// absenceView is a report as a page shows it.
type absenceView struct {
	pluttra.Absence
	From, To string
	Child    string // on a department's list
	Reporter string
	Reported string
}

var absenceKinds = []pluttra.AbsenceKind{pluttra.AbsenceSick, pluttra.AbsenceAway}

// absenceForm shows the report form and the child's coming absences.
func (s *Server) absenceForm(req *request) error {
	return s.renderAbsence(req, http.StatusOK, req.R.URL.Query().Get("saved") == "1", nil, map[string]string{"kind": string(pluttra.AbsenceSick)})
}

// absenceReport records a report for one or more days, from today on. A
// report for today made after the organisation's morning hour is marked
// late, so staff see it was not there when they planned the day.
func (s *Server) absenceReport(req *request) error {
	form, err := parseForm(req, "kind", "from", "to", "note")
	if err != nil {
		return err
	}
	errs := formErrors{}
	a := &pluttra.Absence{ChildID: req.ID, ReportedBy: req.P.User.ID, Kind: pluttra.AbsenceKind(form["kind"]), Note: form["note"]}
	if a.From, err = pluttra.ParseDate(form["from"]); err != nil && form["from"] != "" {
		errs["from"] = "absence.error.date"
	}
	if a.To, err = pluttra.ParseDate(form["to"]); err != nil && form["to"] != "" {
		errs["to"] = "absence.error.date"
	}
	if len(errs) == 0 {
		if err := errs.add(pluttra.CheckAbsence(a, s.deps.Policy.Today())); err != nil {
			return err
		}
	}
	if len(errs) > 0 {
		return s.renderAbsence(req, http.StatusBadRequest, false, errs, form)
	}
	ctx := req.R.Context()
	org, err := s.deps.Store.Organisation(ctx, req.P.OrgID())
	if err != nil {
		return err
	}
	a.ReportedAt = s.deps.Now()
	a.Late = pluttra.AbsenceIsLate(a.From, a.ReportedAt, org.AbsenceLateAfter, access.Stockholm)
	if err := s.deps.Store.ReportAbsence(ctx, req.P.OrgID(), a); err != nil {
		return err
	}
	http.Redirect(req.W, req.R, "/children/"+strconv.FormatInt(req.ID, 10)+"/absence?saved=1", http.StatusSeeOther)
	return nil
}

// absenceWithdraw takes a report back from today on, when the child comes
// after all; the days already past stay recorded.
func (s *Server) absenceWithdraw(req *request) error {
	absenceID, err := strconv.ParseInt(req.R.PathValue("aid"), 10, 64)
	if err != nil {
		return pluttra.NotFound("absence")
	}
	if err := s.deps.Store.WithdrawAbsence(req.R.Context(), req.P.OrgID(), req.ID, absenceID, s.deps.Policy.Today()); err != nil {
		return err
	}
	http.Redirect(req.W, req.R, "/children/"+strconv.FormatInt(req.ID, 10)+"/absence?withdrawn=1", http.StatusSeeOther)
	return nil
}

func (s *Server) renderAbsence(req *request, status int, saved bool, errs formErrors, form map[string]string) error {
	ctx := req.R.Context()
	org := req.P.OrgID()
	c, err := s.deps.Store.Child(ctx, org, req.ID)
	if err != nil {
		return err
	}
	today := s.deps.Policy.Today()
	reports, err := s.deps.Store.AbsencesOfChild(ctx, org, c.ID, today)
	if err != nil {
		return err
	}
	o, err := s.deps.Store.Organisation(ctx, org)
	if err != nil {
		return err
	}
	data := absencePageData{Child: *c, Kinds: absenceKinds, Today: today.String(), MaxNote: pluttra.MaxAbsenceNote,
		LateHour: clockTime(o.AbsenceLateAfter), Saved: saved, Errors: errs, Form: form,
		Withdrawn: req.R.URL.Query().Get("withdrawn") == "1"}
	n := s.newNames(org)
	for _, a := range reports {
		v := absenceView{Absence: a, From: a.From.String(), To: a.To.String(),
			Reported: formatStockholm(a.ReportedAt)}
		if v.Reporter, err = n.user(ctx, a.ReportedBy); err != nil {
			return err
		}
		data.Reports = append(data.Reports, v)
	}
	req.showsChildren(c.ID)
	return s.render(req, status, "absence", "absence.title", data)
}

// clockTime writes minutes after midnight as HH:MM.
func clockTime(minutes int) string {
	return fmt.Sprintf("%02d:%02d", minutes/60, minutes%60)
}
