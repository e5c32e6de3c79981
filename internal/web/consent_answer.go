package web

import (
	"net/http"
	"strconv"

	"github.com/pluttra/pluttra/internal/pluttra"
)

// consentPageData is a guardian's photo consent page for one child.
type consentPageData struct {
	Child     pluttra.Child
	Mine      pluttra.ConsentLevel // the guardian's latest answer, "" before the first
	Effective pluttra.ConsentLevel // what rules, with every guardian's answer
	Levels    []pluttra.ConsentLevel
	History   []consentEntry // the guardian's own answers, newest first
	Saved     bool
	Error     string
}

// consentEntry is one answer as a history shows it.
type consentEntry struct {
	At    string
	Who   string
	Level pluttra.ConsentLevel

	guardianID int64
}

// consentLevels are the answers, most open first.
var consentLevels = []pluttra.ConsentLevel{pluttra.ConsentShared, pluttra.ConsentOwn, pluttra.ConsentNone}

// consentForm shows a guardian their answer for the child, what rules
// now, and their earlier answers.
func (s *Server) consentForm(req *request) error {
	return s.renderConsent(req, http.StatusOK, req.R.URL.Query().Get("saved") == "1", "")
}

// consentAnswer records a guardian's new answer. A lower answer takes
// effect at once: published posts stop reaching other families, and the
// department's staff find them on their review list.
func (s *Server) consentAnswer(req *request) error {
	if err := req.R.ParseForm(); err != nil {
		return pluttra.Invalid("form", "error.invalid")
	}
	level := pluttra.ConsentLevel(req.R.PostForm.Get("level"))
	if !level.Valid() {
		return s.renderConsent(req, http.StatusBadRequest, false, "consent.error.choose")
	}
	c := &pluttra.Consent{ChildID: req.ID, GuardianID: req.P.User.ID, Level: level}
	if err := s.deps.Store.RecordConsent(req.R.Context(), req.P.OrgID(), c); err != nil {
		return err
	}
	http.Redirect(req.W, req.R, "/children/"+strconv.FormatInt(req.ID, 10)+"/consent?saved=1", http.StatusSeeOther)
	return nil
}

func (s *Server) renderConsent(req *request, status int, saved bool, errKey string) error {
	ctx := req.R.Context()
	org := req.P.OrgID()
	c, err := s.deps.Store.Child(ctx, org, req.ID)
	if err != nil {
		return err
	}
	data := consentPageData{Child: *c, Levels: consentLevels, Saved: saved, Error: errKey}
	if data.Effective, err = s.deps.Store.EffectiveConsent(ctx, org, c.ID, s.deps.Policy.Today()); err != nil {
		return err
	}
	history, err := s.consentHistory(req, c.ID)
	if err != nil {
		return err
	}
	// A guardian sees their own answers; the other guardian's are theirs.
	for _, h := range history {
		if h.guardianID == req.P.User.ID {
			data.History = append(data.History, h)
		}
	}
	if len(data.History) > 0 {
		data.Mine = data.History[0].Level
	}
	req.showsChildren(c.ID)
	return s.render(req, status, "consent", "consent.title", data)
}

// consentHistory is every answer for a child, newest first, with the
// names of those who gave them.
func (s *Server) consentHistory(req *request, childID int64) ([]consentEntry, error) {
	ctx := req.R.Context()
	all, err := s.deps.Store.ConsentHistory(ctx, req.P.OrgID(), childID)
	if err != nil {
		return nil, err
	}
	n := s.newNames(req.P.OrgID())
	out := make([]consentEntry, 0, len(all))
	for i := len(all) - 1; i >= 0; i-- {
		who, err := n.user(ctx, all[i].GuardianID)
		if err != nil {
			return nil, err
		}
		out = append(out, consentEntry{At: formatStockholm(all[i].At), Who: who, Level: all[i].Level, guardianID: all[i].GuardianID})
	}
	return out, nil
}
