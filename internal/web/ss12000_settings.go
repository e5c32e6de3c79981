package web

import (
	"errors"
	"net/http"
	"strconv"

	"github.com/pluttra/pluttra/internal/pluttra"
	"github.com/pluttra/pluttra/internal/ss12000"
)

// ss12000Intervals are the schedules offered, in hours; 0 is on demand only.
var ss12000Intervals = []int{0, 1, 6, 24, 168}

// recordsShown bounds the bad records listed on the page; the count says
// how many there are in all.
const recordsShown = 50

type ss12000Data struct {
	URL       string
	HasToken  bool
	Interval  int
	Intervals []int
	LastAt    string
	Last      pluttra.SS12000Run
	NextAt    string
	Errors    formErrors
	Saved     bool
	Applied   bool
	// A preview or pull that failed: what, where, and the bad records.
	Problem      string
	Detail       string
	Records      []ss12000.RecordError
	RecordsCount int
	// A preview's plan.
	Groups []planGroup
	Empty  bool
}

func (s *Server) ss12000Form(req *request) error {
	q := req.R.URL.Query()
	return s.renderSS12000(req, http.StatusOK, &ss12000Data{Saved: q.Get("saved") == "1", Applied: q.Get("applied") == "1"})
}

// renderSS12000 fills in the stored settings and the last run around what
// the request has to show.
func (s *Server) renderSS12000(req *request, status int, d *ss12000Data) error {
	src, err := s.deps.Store.SS12000Source(req.R.Context(), req.P.OrgID())
	if err != nil && pluttra.ErrorCode(err) != pluttra.ENOTFOUND {
		return err
	}
	d.Intervals = ss12000Intervals
	if src != nil {
		if d.Errors == nil {
			d.URL, d.Interval = src.URL, src.IntervalHours
		}
		d.HasToken, d.Last = len(src.TokenSealed) > 0, src.LastRun
		if !src.LastRun.At.IsZero() {
			d.LastAt = formatStockholm(src.LastRun.At)
		}
		if !src.NextRunAt.IsZero() {
			d.NextAt = formatStockholm(src.NextRunAt)
		}
	}
	return s.render(req, status, "ss12000", "ss12000.title", d)
}

// ss12000Submit saves the settings, previews a pull, or applies one.
func (s *Server) ss12000Submit(req *request) error {
	form, err := parseForm(req, "mode", "url", "token", "interval")
	if err != nil {
		return err
	}
	ctx := req.R.Context()
	switch form["mode"] {
	case "save":
		return s.ss12000Save(req, form)
	case "preview":
		plan, err := s.ss12000.Plan(ctx, req.P.OrgID())
		if err != nil {
			return s.ss12000Failed(req, err)
		}
		return s.renderSS12000(req, http.StatusOK, &ss12000Data{Groups: describePlan(plan), Empty: plan.Empty()})
	case "apply":
		if _, err := s.ss12000.Apply(ctx, req.P.OrgID()); err != nil {
			return s.ss12000Failed(req, err)
		}
		http.Redirect(req.W, req.R, "/admin/ss12000?applied=1", http.StatusSeeOther)
		return nil
	}
	return pluttra.Invalid("mode", "error.invalid")
}

func (s *Server) ss12000Save(req *request, form map[string]string) error {
	ctx := req.R.Context()
	src := &pluttra.SS12000Source{OrgID: req.P.OrgID(), URL: form["url"]}
	errs := formErrors{}
	interval, err := strconv.Atoi(form["interval"])
	if err != nil {
		interval = -1
	}
	src.IntervalHours = interval
	if _, err := ss12000.NewClient(src.URL, "", s.opts.SS12000); err != nil && src.URL != "" {
		var se *ss12000.Error
		errors.As(err, &se)
		errs["url"] = se.Key
	}
	old, err := s.deps.Store.SS12000Source(ctx, req.P.OrgID())
	switch {
	case form["token"] != "":
		if src.TokenSealed, err = ss12000.SealToken(ctx, s.deps.Store, form["token"]); err != nil {
			return err
		}
	case err == nil:
		src.TokenSealed = old.TokenSealed // a blank token keeps the one stored
	default:
		errs["token"] = "error.required"
	}
	if len(errs) == 0 {
		if err := errs.add(s.deps.Store.SaveSS12000Source(ctx, src)); err != nil {
			return err
		}
	}
	if len(errs) > 0 {
		return s.renderSS12000(req, http.StatusBadRequest, &ss12000Data{Errors: errs, URL: src.URL, Interval: interval})
	}
	http.Redirect(req.W, req.R, "/admin/ss12000?saved=1", http.StatusSeeOther)
	return nil
}

// ss12000Failed shows why a pull could not be used: the source's problem
// and the bad records, or the import's conflict. Anything else is a
// server error.
func (s *Server) ss12000Failed(req *request, err error) error {
	d := &ss12000Data{}
	status := http.StatusConflict
	var se *ss12000.Error
	switch {
	case errors.As(err, &se) && len(se.Records) > 0:
		d.Problem, d.RecordsCount = se.Key, len(se.Records)
		d.Records = se.Records[:min(len(se.Records), recordsShown)]
		status = http.StatusUnprocessableEntity
	case errors.As(err, &se):
		d.Problem, d.Detail = se.Key, se.Detail
		status = http.StatusBadGateway
	case pluttra.ErrorCode(err) == pluttra.ENOTFOUND:
		d.Problem = "ss12000.error.not_set"
	case pluttra.ErrorCode(err) == pluttra.ECONFLICT || pluttra.ErrorCode(err) == pluttra.EINVALID:
		d.Problem = pluttra.ErrorKey(err)
	default:
		return err
	}
	return s.renderSS12000(req, status, d)
}
