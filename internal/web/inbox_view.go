package web

import (
	"net/http"

	"github.com/pluttra/pluttra/internal/pluttra"
)

// inboxData is the messages page: for a guardian the important messages
// (unread first) and their conversations; for staff what was sent where
// they work, with counts, and their departments' conversations.
type inboxData struct {
	Guardian      bool
	Messages      []inboxMessageView
	Sent          []sentMessageView
	Conversations []conversationRow
	// Children a guardian may start a conversation about; the
	// departments staff may write an important message to.
	Children    []pluttra.Child
	Departments []pluttra.Department
}

type inboxMessageView struct {
	pluttra.InboxMessage
	Sent     string
	Unread   bool
	NeedsAck bool
}

type sentMessageView struct {
	pluttra.SentMessage
	Sent string
}

type conversationRow struct {
	pluttra.ConversationSummary
	Last string
}

// inbox lists the user's messages and conversations, apart from the feed.
func (s *Server) inbox(req *request) error {
	ctx := req.R.Context()
	org, me, today := req.P.OrgID(), req.P.User.ID, s.deps.Policy.Today()
	var data inboxData
	var convs []pluttra.ConversationSummary
	switch {
	case req.P.Is(pluttra.KindGuardian):
		data.Guardian = true
		msgs, err := s.deps.Store.InboxMessages(ctx, org, me, 200)
		if err != nil {
			return err
		}
		for _, m := range msgs {
			data.Messages = append(data.Messages, inboxMessageView{InboxMessage: m, Sent: formatStockholm(m.SentAt),
				Unread: m.ReadAt.IsZero(), NeedsAck: m.RequiresAck && m.AckedAt.IsZero()})
		}
		convs, err = s.deps.Store.GuardianConversations(ctx, org, me, today)
		if err != nil {
			return err
		}
		if data.Children, err = s.deps.Store.ChildrenOfGuardian(ctx, org, me, today); err != nil {
			return err
		}
	case req.P.Is(pluttra.KindStaff):
		f := req.P.Facts
		units := append(append([]int64{}, f.PrincipalUnits...), f.EducatorUnits...)
		sent, err := s.deps.Store.SentMessages(ctx, org, f.StaffDepartments, units, 100)
		if err != nil {
			return err
		}
		for _, m := range sent {
			data.Sent = append(data.Sent, sentMessageView{SentMessage: m, Sent: formatStockholm(m.SentAt)})
		}
		convs, err = s.deps.Store.DepartmentConversations(ctx, org, me, f.StaffDepartments, 100)
		if err != nil {
			return err
		}
		for _, id := range f.StaffDepartments {
			d, err := s.deps.Store.Department(ctx, org, id)
			if err != nil {
				return err
			}
			data.Departments = append(data.Departments, *d)
		}
	}
	for _, c := range convs {
		req.showsChildren(c.ChildID)
		data.Conversations = append(data.Conversations, conversationRow{ConversationSummary: c, Last: formatStockholm(c.LastAt)})
	}
	for _, c := range data.Children {
		req.showsChildren(c.ID)
	}
	return s.render(req, http.StatusOK, "inbox", "inbox.title", data)
}
