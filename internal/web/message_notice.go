package web

import (
	"strconv"

	"github.com/pluttra/pluttra/internal/live"
	"github.com/pluttra/pluttra/internal/pluttra"
)

// messageSent tells the recipients' open pages that a message has come.
func (s *Server) messageSent(req *request, m *pluttra.Message) {
	if s.deps.Live != nil {
		s.deps.Live.Publish(req.R.Context(), live.Event{OrgID: req.P.OrgID(), Kind: "message", ID: m.ID})
	}
}

// remindRecipients records the reminder and mails each recipient, in their
// own language, a subject that says which message waits for them.
func (s *Server) remindRecipients(req *request, m *pluttra.Message, userIDs []int64) error {
	ctx := req.R.Context()
	org := req.P.OrgID()
	if len(userIDs) == 0 {
		return nil
	}
	where, err := s.messageWhere(req, m)
	if err != nil {
		return err
	}
	link := s.opts.BaseURL + "/messages/" + strconv.FormatInt(m.ID, 10)
	for _, id := range userIDs {
		u, err := s.deps.Store.User(ctx, org, id)
		if err != nil {
			return err
		}
		l := s.deps.Catalog.Locale(u.Language)
		key := "mail.message_remind.body"
		if m.RequiresAck {
			key = "mail.message_remind.body_ack"
		}
		mail := &pluttra.OutboxMail{To: u.Email,
			Subject: l.T("mail.message_remind.subject", "Title", m.Title, "Where", where),
			Body:    l.T(key, "Name", u.Name, "Title", m.Title, "Where", where, "Link", link)}
		if err := s.deps.Store.QueueMail(ctx, org, mail); err != nil {
			return err
		}
	}
	return s.deps.Store.MarkReminded(ctx, org, m.ID, userIDs, s.deps.Now())
}
