package web

import (
	"net/http"
	"strconv"
	"time"

	"github.com/pluttra/pluttra/internal/access"
	"github.com/pluttra/pluttra/internal/pluttra"
)

type inviteRow struct {
	User    pluttra.User
	Status  string
	Expires string
}

type childInviteData struct {
	Child     pluttra.Child
	Guardians []inviteRow
	Sent      bool
}

// childInvite lists the child's guardians with where each stands, and
// offers to invite or re-invite each.
func (s *Server) childInvite(req *request) error {
	ctx := req.R.Context()
	c, err := s.deps.Store.Child(ctx, req.P.OrgID(), req.ID)
	if err != nil {
		return err
	}
	data := childInviteData{Child: *c, Sent: req.R.URL.Query().Get("sent") == "1"}
	facts, err := s.deps.Store.ChildFacts(ctx, req.P.OrgID(), c.ID, s.deps.Policy.Today())
	if err != nil {
		return err
	}
	for _, id := range facts.GuardianIDs {
		u, err := s.deps.Store.User(ctx, req.P.OrgID(), id)
		if err != nil {
			return err
		}
		status, t, err := s.inviteStatus(ctx, u)
		if err != nil {
			return err
		}
		row := inviteRow{User: *u, Status: status}
		if t != nil {
			row.Expires = t.ExpiresAt.In(access.Stockholm).Format(time.DateOnly)
		}
		data.Guardians = append(data.Guardians, row)
	}
	return s.render(req, http.StatusOK, "invite_child", "invite.title", data)
}

// childInviteSend invites one of the child's active guardians.
func (s *Server) childInviteSend(req *request) error {
	ctx := req.R.Context()
	gid, _ := strconv.ParseInt(req.R.FormValue("guardian"), 10, 64)
	facts, err := s.deps.Store.ChildFacts(ctx, req.P.OrgID(), req.ID, s.deps.Policy.Today())
	if err != nil {
		return err
	}
	if !pluttra.Contains(facts.GuardianIDs, gid) {
		return pluttra.NotFound("guardian")
	}
	u, err := s.deps.Store.User(ctx, req.P.OrgID(), gid)
	if err != nil {
		return err
	}
	if u.PasswordHash != "" {
		return pluttra.Invalid("guardian", "invite.already_active")
	}
	if err := s.sendLink(ctx, u, pluttra.PurposeInvite); err != nil {
		return err
	}
	http.Redirect(req.W, req.R, "/children/"+strconv.FormatInt(req.ID, 10)+"/invite?sent=1", http.StatusSeeOther)
	return nil
}

type departmentInviteData struct {
	Department pluttra.Department
	Uninvited  []pluttra.User
	Sent       int
}

// uninvited lists the active guardians of the department's children who
// have neither a password nor an open invitation.
func (s *Server) uninvited(req *request) ([]pluttra.User, error) {
	ctx := req.R.Context()
	day := s.deps.Policy.Today()
	children, err := s.deps.Store.ChildrenInDepartment(ctx, req.P.OrgID(), req.ID, day)
	if err != nil {
		return nil, err
	}
	seen := map[int64]bool{}
	var out []pluttra.User
	for _, c := range children {
		facts, err := s.deps.Store.ChildFacts(ctx, req.P.OrgID(), c.ID, day)
		if err != nil {
			return nil, err
		}
		for _, id := range facts.GuardianIDs {
			if seen[id] {
				continue
			}
			seen[id] = true
			u, err := s.deps.Store.User(ctx, req.P.OrgID(), id)
			if err != nil {
				return nil, err
			}
			status, _, err := s.inviteStatus(ctx, u)
			if err != nil {
				return nil, err
			}
			if status == "not_invited" || status == "expired" || status == "bounced" {
				out = append(out, *u)
			}
		}
	}
	return out, nil
}

func (s *Server) departmentInvite(req *request) error {
	d, err := s.deps.Store.Department(req.R.Context(), req.P.OrgID(), req.ID)
	if err != nil {
		return err
	}
	data := departmentInviteData{Department: *d}
	data.Sent, _ = strconv.Atoi(req.R.URL.Query().Get("sent"))
	if data.Uninvited, err = s.uninvited(req); err != nil {
		return err
	}
	return s.render(req, http.StatusOK, "invite_department", "invite.title", data)
}

// departmentInviteSend invites every guardian of the department's children
// who has not been invited, or whose invitation ran out.
func (s *Server) departmentInviteSend(req *request) error {
	users, err := s.uninvited(req)
	if err != nil {
		return err
	}
	for i := range users {
		if err := s.sendLink(req.R.Context(), &users[i], pluttra.PurposeInvite); err != nil {
			return err
		}
	}
	http.Redirect(req.W, req.R, "/departments/"+strconv.FormatInt(req.ID, 10)+"/invite?sent="+strconv.Itoa(len(users)), http.StatusSeeOther)
	return nil
}
