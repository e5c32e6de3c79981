package web

import (
	"net/http"

	"github.com/pluttra/pluttra/internal/pluttra"
)

// absenceListData is a department's absences on one day.
type absenceListData struct {
	Department pluttra.Department
	Day        string
	Today      bool
	Previous   string
	Next       string
	Absences   []absenceView
	Sick, Away int
}

// departmentAbsences shows staff, at a glance, which children are away on
// a day (today unless ?day= names another) and why, late reports marked.
func (s *Server) departmentAbsences(req *request) error {
	ctx := req.R.Context()
	org := req.P.OrgID()
	d, err := s.deps.Store.Department(ctx, org, req.ID)
	if err != nil {
		return err
	}
	today := s.deps.Policy.Today()
	day := today
	if v := req.R.URL.Query().Get("day"); v != "" {
		if day, err = pluttra.ParseDate(v); err != nil {
			return pluttra.Invalid("day", "absence.error.date")
		}
	}
	list, err := s.deps.Store.DepartmentAbsences(ctx, org, d.ID, day)
	if err != nil {
		return err
	}
	data := absenceListData{Department: *d, Day: day.String(), Today: day.String() == today.String(),
		Previous: day.AddDays(-1).String(), Next: day.AddDays(1).String()}
	for _, a := range list {
		data.Absences = append(data.Absences, absenceView{Absence: a.Absence, From: a.From.String(), To: a.To.String(),
			Reporter: a.ReporterName, Reported: formatStockholm(a.ReportedAt), Child: a.ChildName})
		if a.Kind == pluttra.AbsenceSick {
			data.Sick++
		} else {
			data.Away++
		}
		req.showsChildren(a.ChildID)
	}
	return s.render(req, http.StatusOK, "absences", "absence.list.title", data)
}
