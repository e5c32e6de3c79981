package web

import (
	"net/http"
	"strconv"
)

// outboxSend makes the organisation's waiting mail due now and wakes this
// node's dispatcher: the admin who knows the mail server is back need not
// wait out the backoff of mail that failed during the outage. The store
// audits the request.
func (s *Server) outboxSend(req *request) error {
	n, err := s.deps.Store.SendWaitingMailNow(req.R.Context(), req.P.OrgID())
	if err != nil {
		return err
	}
	if s.deps.WakeMail != nil {
		s.deps.WakeMail()
	}
	http.Redirect(req.W, req.R, "/admin/outbox?sent="+strconv.Itoa(n), http.StatusSeeOther)
	return nil
}
