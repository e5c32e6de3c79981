package web

import (
	"net/http"
	"slices"
	"strconv"
	"strings"

	"github.com/pluttra/pluttra/internal/access"
	"github.com/pluttra/pluttra/internal/pluttra"
)

// messageComposeData is the important-message composer: where it goes
// (a department, with its guardians to pick from, or a whole unit), the
// message as far as it is written, its attachments, and what is wrong.
type messageComposeData struct {
	Department *pluttra.Department // nil when writing to a whole unit
	Unit       pluttra.Unit
	// UploadDepartment is where attachments are filed while being written.
	UploadDepartment int64
	// CanUnit: the writer leads the unit and may send to all of it.
	CanUnit   bool
	Guardians []guardianChoice
	Message   pluttra.Message
	Media     []mediaView
	Errors    formErrors
	MaxTitle  int
	MaxBody   int
}

// guardianChoice is one guardian the composer offers, with the first names
// of their children in the department.
type guardianChoice struct {
	ID       int64
	Name     string
	Children string
	Chosen   bool
}

// messageNew shows the composer for a department.
func (s *Server) messageNew(req *request) error {
	m := pluttra.Message{Scope: pluttra.ScopeDepartment, DepartmentID: req.ID}
	return s.renderMessageComposer(req, http.StatusOK, &m, nil)
}

// messageUnitNew shows the composer for a whole unit (its principal).
func (s *Server) messageUnitNew(req *request) error {
	m := pluttra.Message{Scope: pluttra.ScopeUnit, UnitID: req.ID}
	return s.renderMessageComposer(req, http.StatusOK, &m, nil)
}

// messageSend sends from a department's composer: to the department, to
// guardians picked among its families, or (for the principal) to the unit.
func (s *Server) messageSend(req *request) error {
	m := &pluttra.Message{DepartmentID: req.ID}
	return s.sendMessage(req, m)
}

// messageUnitSend sends from the unit's composer to all of the unit.
func (s *Server) messageUnitSend(req *request) error {
	m := &pluttra.Message{Scope: pluttra.ScopeUnit, UnitID: req.ID}
	return s.sendMessage(req, m)
}

func (s *Server) sendMessage(req *request, m *pluttra.Message) error {
	ctx := req.R.Context()
	form, err := parseForm(req, "title", "body", "scope", "requires_ack", "urgent")
	if err != nil {
		return err
	}
	m.SenderID, m.Title, m.Body = req.P.User.ID, form["title"], form["body"]
	m.RequiresAck, m.Urgent = form["requires_ack"] != "", form["urgent"] != ""
	if m.Scope != pluttra.ScopeUnit {
		m.Scope = pluttra.MessageScope(form["scope"])
	}
	errs := formErrors{}
	if m.Scope == pluttra.ScopeUnit && m.DepartmentID != 0 {
		// Sending to the unit from a department's composer: only its
		// principal may, decided like the unit's own composer.
		d, err := s.deps.Store.Department(ctx, req.P.OrgID(), m.DepartmentID)
		if err != nil {
			return err
		}
		if decision, err := s.deps.Policy.Check(ctx, req.P, access.SendUnitMessage, d.UnitID); err != nil {
			return err
		} else if decision != access.Allow {
			errs["scope"] = "message.error.unit_not_yours"
		}
		m.UnitID = d.UnitID
	}
	for _, v := range req.R.PostForm["recipient"] {
		id, err := strconv.ParseInt(v, 10, 64)
		if err != nil {
			errs["recipients"] = "message.error.unknown_recipient"
			continue
		}
		m.Recipients = append(m.Recipients, id)
	}
	if m.Scope != pluttra.ScopeGuardians {
		m.Recipients = nil
	}
	for _, v := range req.R.PostForm["media"] {
		id, err := strconv.ParseInt(v, 10, 64)
		if err != nil {
			errs["media"] = "post.error.unknown_media"
			continue
		}
		if !slices.Contains(m.Media, id) {
			m.Media = append(m.Media, id)
		}
	}
	if len(errs) == 0 {
		if err := errs.add(m.Validate()); err != nil {
			return err
		}
	}
	if len(errs) == 0 {
		n, err := s.messageNotice(req, m)
		if err != nil {
			return err
		}
		if err := errs.add(s.deps.Store.SendMessage(ctx, req.P.OrgID(), m, s.deps.Policy.Today(), n)); err != nil {
			return err
		}
	}
	if len(errs) > 0 {
		return s.renderMessageComposer(req, http.StatusBadRequest, m, errs)
	}
	s.messageSent(req, m)
	http.Redirect(req.W, req.R, "/messages/"+strconv.FormatInt(m.ID, 10)+"/receipts", http.StatusSeeOther)
	return nil
}

func (s *Server) renderMessageComposer(req *request, status int, m *pluttra.Message, errs formErrors) error {
	ctx := req.R.Context()
	org := req.P.OrgID()
	data := messageComposeData{Message: *m, Errors: errs, MaxTitle: pluttra.MaxMessageTitle, MaxBody: pluttra.MaxMessageBody}
	unitID := m.UnitID
	if m.DepartmentID != 0 {
		d, err := s.deps.Store.Department(ctx, org, m.DepartmentID)
		if err != nil {
			return err
		}
		data.Department, data.UploadDepartment, unitID = d, d.ID, d.UnitID
		if data.Guardians, err = s.departmentGuardians(req, d.ID, m.Recipients); err != nil {
			return err
		}
	}
	u, err := s.deps.Store.Unit(ctx, org, unitID)
	if err != nil {
		return err
	}
	data.Unit = *u
	decision, err := s.deps.Policy.Check(ctx, req.P, access.SendUnitMessage, unitID)
	if err != nil {
		return err
	}
	data.CanUnit = decision == access.Allow
	if data.UploadDepartment == 0 {
		// Attachments to a unit-wide message are filed under one of its
		// departments while they are written; the message then owns them.
		depts, err := s.deps.Store.Departments(ctx, org)
		if err != nil {
			return err
		}
		for _, d := range depts {
			if d.UnitID == unitID && data.UploadDepartment == 0 {
				data.UploadDepartment = d.ID
			}
		}
	}
	if data.Media, err = s.messageComposerMedia(req, m); err != nil {
		return err
	}
	return s.render(req, status, "message_compose", "message.compose.title", data)
}

// departmentGuardians lists the active guardians of the children placed in
// the department today, by name, for the composer to pick from; the page
// shows the children's names, so they go to the access log.
func (s *Server) departmentGuardians(req *request, departmentID int64, chosen []int64) ([]guardianChoice, error) {
	ctx := req.R.Context()
	org, today := req.P.OrgID(), s.deps.Policy.Today()
	children, err := s.deps.Store.ChildrenInDepartment(ctx, org, departmentID, today)
	if err != nil {
		return nil, err
	}
	byID := map[int64]*guardianChoice{}
	var out []*guardianChoice
	for _, c := range children {
		req.showsChildren(c.ID)
		f, err := s.deps.Store.ChildFacts(ctx, org, c.ID, today)
		if err != nil {
			return nil, err
		}
		for _, gid := range f.GuardianIDs {
			g := byID[gid]
			if g == nil {
				u, err := s.deps.Store.User(ctx, org, gid)
				if err != nil {
					return nil, err
				}
				g = &guardianChoice{ID: gid, Name: u.Name, Chosen: slices.Contains(chosen, gid)}
				byID[gid] = g
				out = append(out, g)
			} else {
				g.Children += ", "
			}
			g.Children += c.FirstName
		}
	}
	slices.SortFunc(out, func(a, b *guardianChoice) int { return strings.Compare(a.Name, b.Name) })
	res := make([]guardianChoice, len(out))
	for i, g := range out {
		res[i] = *g
	}
	return res, nil
}

// messageComposerMedia is what the writer uploaded for the message and
// has not sent yet, as the composer lists it.
func (s *Server) messageComposerMedia(req *request, m *pluttra.Message) ([]mediaView, error) {
	ctx := req.R.Context()
	var items []pluttra.Media
	for _, id := range m.Media {
		it, err := s.deps.Store.Media(ctx, req.P.OrgID(), id)
		if pluttra.ErrorCode(err) == pluttra.ENOTFOUND {
			continue
		}
		if err != nil {
			return nil, err
		}
		if it.PostID == 0 && it.MessageID == 0 && it.UploaderID == req.P.User.ID {
			items = append(items, *it)
		}
	}
	signer, err := s.mediaSigner(ctx)
	if err != nil {
		return nil, err
	}
	return s.mediaViews(req, signer, items, true), nil
}
