package web

import (
	"github.com/pluttra/pluttra/internal/live"
	"github.com/pluttra/pluttra/internal/pluttra"
)

// messageNotice is the notice that tells a message's recipients it has
// come, saved with the message (the store adds the recipients and the
// link). An urgent message's notice skips their quiet hours.
func (s *Server) messageNotice(req *request, m *pluttra.Message) (*pluttra.Notice, error) {
	where, err := s.messageWhere(req, m)
	if err != nil {
		return nil, err
	}
	return &pluttra.Notice{Category: pluttra.NoticeImportant, Key: "notice.important", Urgent: m.Urgent,
		Args: map[string]string{"Title": m.Title, "Where": where, "Sender": req.P.User.Name}}, nil
}

// messageSent tells the recipients' open pages and the notice worker that
// a message has come.
func (s *Server) messageSent(req *request, m *pluttra.Message) {
	if s.deps.Live != nil {
		s.deps.Live.Publish(req.R.Context(), live.Event{OrgID: req.P.OrgID(), Kind: "message", ID: m.ID})
	}
	s.wakeNotices()
}

// remindRecipients records the reminder and tells each recipient again, by
// the way they chose for important messages, that the message waits.
func (s *Server) remindRecipients(req *request, m *pluttra.Message, userIDs []int64) error {
	if len(userIDs) == 0 {
		return nil
	}
	ctx := req.R.Context()
	where, err := s.messageWhere(req, m)
	if err != nil {
		return err
	}
	key := "notice.important_reminder"
	if m.RequiresAck {
		key = "notice.important_reminder_ack"
	}
	n := &pluttra.Notice{Category: pluttra.NoticeImportant, Key: key, Recipients: userIDs,
		Link: messagePath(m.ID), Args: map[string]string{"Title": m.Title, "Where": where}}
	if err := s.notify(ctx, req.P.OrgID(), n); err != nil {
		return err
	}
	return s.deps.Store.MarkReminded(ctx, req.P.OrgID(), m.ID, userIDs, s.deps.Now())
}
