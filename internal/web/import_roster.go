package web

import (
	"io"
	"net/http"
	"strconv"
	"strings"

	"github.com/pluttra/pluttra/internal/pluttra"
	"github.com/pluttra/pluttra/internal/roster"
)

// planShown is how many names of each kind of change the preview lists.
const planShown = 25

type planGroup struct {
	Key   string // i18n key of the kind of change
	Count int
	Names []string
}

type importData struct {
	Content string // the file's text, carried from the preview to the apply
	Errors  []rowErrorView
	Groups  []planGroup
	Empty   bool
	Done    bool
}

type rowErrorView struct {
	Row   int
	Field string
	Key   string
}

func (s *Server) importForm(req *request) error {
	return s.render(req, http.StatusOK, "import", "import.title", importData{Done: req.R.URL.Query().Get("done") == "1"})
}

// importSubmit previews or applies an import. Either way the file is
// parsed and planned against the database as it is now; with row errors
// nothing is planned and nothing changes.
func (s *Server) importSubmit(req *request) error {
	content, err := importContent(req.R)
	if err != nil {
		return err
	}
	r, rowErrs, err := roster.ParseCSV(strings.NewReader(content))
	if err != nil {
		rowErrs = []roster.RowError{{Row: 1, Key: "import.error.csv"}}
	}
	data := importData{Content: content}
	if len(rowErrs) > 0 {
		for _, e := range rowErrs {
			data.Errors = append(data.Errors, rowErrorView(e))
		}
		return s.render(req, http.StatusBadRequest, "import", "import.title", data)
	}
	ctx := req.R.Context()
	today := s.deps.Policy.Today()
	state, err := s.deps.Store.RosterState(ctx, req.P.OrgID(), today)
	if err != nil {
		return err
	}
	plan := roster.Plan(r, state, today)
	if req.R.FormValue("mode") == "apply" {
		if err := s.deps.Store.ApplyImportPlan(ctx, req.P.OrgID(), plan); err != nil {
			if pluttra.ErrorCode(err) == pluttra.ECONFLICT || pluttra.ErrorCode(err) == pluttra.EINVALID {
				data.Errors = []rowErrorView{{Key: pluttra.ErrorKey(err)}}
				return s.render(req, http.StatusConflict, "import", "import.title", data)
			}
			return err
		}
		http.Redirect(req.W, req.R, "/admin/import?done=1", http.StatusSeeOther)
		return nil
	}
	data.Groups, data.Empty = describePlan(plan), plan.Empty()
	return s.render(req, http.StatusOK, "import", "import.title", data)
}

// importContent reads the uploaded file, or the text a preview carried.
func importContent(r *http.Request) (string, error) {
	if err := r.ParseMultipartForm(8 << 20); err != nil && err != http.ErrNotMultipart {
		return "", pluttra.Invalid("file", "import.error.csv")
	}
	if text := r.FormValue("content"); text != "" {
		return text, nil
	}
	f, _, err := r.FormFile("file")
	if err != nil {
		return "", pluttra.Invalid("file", "error.required")
	}
	defer f.Close()
	b, err := io.ReadAll(f)
	if err != nil {
		return "", pluttra.Invalid("file", "import.error.csv")
	}
	return string(b), nil
}

func describePlan(p *pluttra.ImportPlan) []planGroup {
	var out []planGroup
	add := func(key string, names []string) {
		if len(names) == 0 {
			return
		}
		g := planGroup{Key: key, Count: len(names), Names: names}
		if len(g.Names) > planShown {
			g.Names = g.Names[:planShown]
		}
		out = append(out, g)
	}
	add("import.plan.new_units", p.NewUnits)
	add("import.plan.new_departments", mapNames(p.NewDepartments, func(k pluttra.DeptKey) string { return k.Department + " (" + k.Unit + ")" }))
	add("import.plan.new_children", mapNames(p.NewChildren, func(c pluttra.ImportChild) string { return c.FirstName + " " + c.LastName }))
	add("import.plan.changed_children", mapNames(p.ChangedChildren, func(c pluttra.ImportChild) string { return c.FirstName + " " + c.LastName }))
	add("import.plan.moves", mapNames(p.Moves, func(m pluttra.ImportMove) string { return m.ExtID + " → " + m.Dept.Department }))
	add("import.plan.ended_placements", mapNames(p.EndedPlacements, func(e pluttra.ImportEnd) string { return "#" + strconv.FormatInt(e.ChildID, 10) }))
	add("import.plan.new_guardians", mapNames(p.NewGuardians, func(g pluttra.ImportGuardian) string { return g.Name + " <" + g.Email + ">" }))
	add("import.plan.changed_guardians", mapNames(p.ChangedGuardians, func(g pluttra.ImportGuardian) string { return g.Name + " <" + g.Email + ">" }))
	add("import.plan.new_guardianships", mapNames(p.NewGuardianships, func(l pluttra.ImportLink) string { return l.GuardianExt + " → " + l.ChildExt }))
	add("import.plan.ended_guardianships", mapNames(p.EndedGuardianships, func(e pluttra.ImportEnd) string { return "#" + strconv.FormatInt(e.ChildID, 10) }))
	add("import.plan.new_staff", mapNames(p.NewStaff, func(g pluttra.ImportGuardian) string { return g.Name + " <" + g.Email + ">" }))
	add("import.plan.changed_staff", mapNames(p.ChangedStaff, func(g pluttra.ImportGuardian) string { return g.Name + " <" + g.Email + ">" }))
	add("import.plan.new_memberships", mapNames(p.NewMemberships, func(r pluttra.ImportRole) string {
		return r.StaffExt + " → " + strings.TrimSuffix(r.Dept.Department+" ("+r.Dept.Unit+")", " ()")
	}))
	add("import.plan.ended_memberships", mapNames(p.EndedMemberships, func(e pluttra.ImportEnd) string { return "#" + strconv.FormatInt(e.ID, 10) }))
	return out
}

func mapNames[T any](xs []T, name func(T) string) []string {
	out := make([]string, len(xs))
	for i, x := range xs {
		out[i] = name(x)
	}
	return out
}
