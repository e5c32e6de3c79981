package web

import (
	"net/http"
	"strconv"
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
	// Retrying counts the mails waiting for another attempt, which the
	// admin may send now; SentNow is how many the last such request made
	// due, when the page is its answer (Answered).
	Retrying int
	Answered bool
	SentNow  int
}

// outboxView shows the organisation's outgoing mail and how it went:
// pending, retrying, sent or bounced, with a button that sends the
// retrying mail now when there is a mail server to send it. The bodies
// (which may carry invitation links) are shown only when mail has nowhere
// else to go.
func (s *Server) outboxView(req *request) error {
	mails, err := s.deps.Store.Outbox(req.R.Context(), req.P.OrgID(), 200)
	if err != nil {
		return err
	}
	data := outboxData{ShowBodies: s.deps.OutboxOnly}
	for _, m := range mails {
		data.Rows = append(data.Rows, outboxRow{Mail: m, Created: m.CreatedAt.In(access.Stockholm).Format(time.DateTime)})
		if m.Status() == "retrying" {
			data.Retrying++
		}
	}
	if n, err := strconv.Atoi(req.R.URL.Query().Get("sent")); err == nil && n >= 0 {
		data.Answered, data.SentNow = true, n
	}
	return s.render(req, http.StatusOK, "outbox", "outbox.title", data)
}
