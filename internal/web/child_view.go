package web

import (
	"net/http"

	"github.com/pluttra/pluttra/internal/access"
	"github.com/pluttra/pluttra/internal/pluttra"
)

type childData struct {
	Child       pluttra.Child
	Departments []pluttra.Department
	Guardians   []pluttra.User // shown to staff and the admin only
	ShowRecord  bool
	// ShowAccessLog links to who has accessed the child's data.
	ShowAccessLog bool
	ShowManage    bool // the viewer may administer it
	ShowInvite    bool // the viewer may invite guardians
	ShowPortfolio bool // the viewer may read the child's documentation
	// AnswerConsent: the viewer is a guardian who answers for photos.
	AnswerConsent bool
	// ReportAbsence: the viewer may report the child absent.
	ReportAbsence bool
	// BookTalks: the viewer may book the child's development talks.
	BookTalks bool
	// Consent and ConsentHistory are shown to staff: the level that rules
	// and every guardian's answers.
	Consent        pluttra.ConsentLevel
	ConsentHistory []consentEntry
}

func (s *Server) childView(req *request) error {
	ctx := req.R.Context()
	org := req.P.OrgID()
	day := s.deps.Policy.Today()
	c, err := s.deps.Store.Child(ctx, org, req.ID)
	if err != nil {
		return err
	}
	data := childData{Child: *c, ShowRecord: !req.P.Is(pluttra.KindGuardian)}
	if data.ShowAccessLog, err = s.allowed(req, access.ViewChildAccessLog, c.ID); err != nil {
		return err
	}
	if data.ShowManage, err = s.allowed(req, access.ManageChild, c.ID); err != nil {
		return err
	}
	if data.ShowInvite, err = s.allowed(req, access.InviteGuardian, c.ID); err != nil {
		return err
	}
	if data.ShowPortfolio, err = s.allowed(req, access.ViewPortfolio, c.ID); err != nil {
		return err
	}
	if data.BookTalks, err = s.allowed(req, access.ChildTalks, c.ID); err != nil {
		return err
	}
	if data.ReportAbsence, err = s.allowed(req, access.ReportAbsence, c.ID); err != nil {
		return err
	}
	if data.AnswerConsent, err = s.allowed(req, access.AnswerConsent, c.ID); err != nil {
		return err
	}
	if data.Consent, err = s.deps.Store.EffectiveConsent(ctx, org, c.ID, day); err != nil {
		return err
	}
	if data.ShowRecord {
		if data.ConsentHistory, err = s.consentHistory(req, c.ID); err != nil {
			return err
		}
	}
	facts, err := s.deps.Store.ChildFacts(ctx, org, c.ID, day)
	if err != nil {
		return err
	}
	if data.Departments, err = s.departments(req, facts.DepartmentIDs); err != nil {
		return err
	}
	// Guardians in separate households may not know each other's details,
	// so only staff and the admin see the guardian list.
	if data.ShowRecord {
		for _, id := range facts.GuardianIDs {
			u, err := s.deps.Store.User(ctx, org, id)
			if err != nil {
				return err
			}
			data.Guardians = append(data.Guardians, *u)
		}
	}
	return s.render(req, http.StatusOK, "child", "child.title", data)
}

// departments reads the departments with the given ids, in order.
func (s *Server) departments(req *request, ids []int64) ([]pluttra.Department, error) {
	out := make([]pluttra.Department, 0, len(ids))
	for _, id := range ids {
		d, err := s.deps.Store.Department(req.R.Context(), req.P.OrgID(), id)
		if err != nil {
			return nil, err
		}
		out = append(out, *d)
	}
	return out, nil
}
