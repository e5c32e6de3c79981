package web

import (
	"net/http"
	"time"

	"github.com/pluttra/pluttra/internal/access"
	"github.com/pluttra/pluttra/internal/pluttra"
)

type outboxRow struct {
	Mail    pluttra.OutboxMail
	Created string
}

type outboxData struct {
	Rows       []outboxRow
	ShowBodies bool // only when no SMTP server is configured
}

// outboxView shows the organisation's outgoing mail and how it went:
// pending, retrying, sent or bounced. The bodies (which may carry
// invitation links) are shown only when mail has nowhere else to go.
func (s *Server) outboxView(req *request) error {
	mails, err := s.deps.Store.Outbox(req.R.Context(), req.P.OrgID(), 200)
	if err != nil {
		return err
	}
	data := outboxData{ShowBodies: s.deps.OutboxOnly}
	for _, m := range mails {
		data.Rows = append(data.Rows, outboxRow{Mail: m, Created: m.CreatedAt.In(access.Stockholm).Format(time.DateTime)})
	}
	return s.render(req, http.StatusOK, "outbox", "outbox.title", data)
}
