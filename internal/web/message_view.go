package web

import (
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/pluttra/pluttra/internal/access"
	"github.com/pluttra/pluttra/internal/pluttra"
)

// messagePageData is one important message as its reader sees it.
type messagePageData struct {
	Message    pluttra.Message
	SenderName string
	Sent       string
	Media      []mediaView
	// Recipient: the reader is one of its guardians; Acked says when they
	// acknowledged it, empty while they have not.
	Recipient bool
	Acked     string
	Staff     bool // the reader may see the receipts
	Where     string
	Done      bool // just acknowledged
}

// messageShow shows a message. A recipient opening it marks it read: that
// is the read receipt staff see.
func (s *Server) messageShow(req *request) error {
	ctx := req.R.Context()
	org := req.P.OrgID()
	m, err := s.deps.Store.Message(ctx, org, req.ID)
	if err != nil {
		return err
	}
	data := messagePageData{Message: *m, Sent: formatStockholm(m.SentAt), Done: req.R.URL.Query().Get("acked") == "1"}
	if sender, err := s.deps.Store.User(ctx, org, m.SenderID); err == nil {
		data.SenderName = sender.Name
	} else {
		return err
	}
	if data.Where, err = s.messageWhere(req, m); err != nil {
		return err
	}
	data.Recipient = req.P.Is(pluttra.KindGuardian) && pluttra.Contains(m.Recipients, req.P.User.ID)
	if data.Recipient {
		now := s.deps.Now()
		if err := s.deps.Store.MarkMessageRead(ctx, org, m.ID, req.P.User.ID, now); err != nil {
			return err
		}
		mine, err := s.deps.Store.Receipt(ctx, org, m.ID, req.P.User.ID)
		if err != nil {
			return err
		}
		if mine.Acked() {
			data.Acked = formatStockholm(mine.AckedAt)
		}
	}
	decision, err := s.deps.Policy.Check(ctx, req.P, access.ViewReceipts, m.ID)
	if err != nil {
		return err
	}
	data.Staff = decision == access.Allow
	items, err := s.deps.Store.MediaOfMessage(ctx, org, m.ID)
	if err != nil {
		return err
	}
	signer, err := s.mediaSigner(ctx)
	if err != nil {
		return err
	}
	data.Media = s.mediaViews(req, signer, items, false)
	return s.render(req, http.StatusOK, "message", "message.title", data)
}

// messageWhere names where the message was sent: the department or unit.
func (s *Server) messageWhere(req *request, m *pluttra.Message) (string, error) {
	ctx := req.R.Context()
	if m.DepartmentID != 0 && m.Scope != pluttra.ScopeUnit {
		d, err := s.deps.Store.Department(ctx, req.P.OrgID(), m.DepartmentID)
		if err != nil {
			return "", err
		}
		return d.Name, nil
	}
	u, err := s.deps.Store.Unit(ctx, req.P.OrgID(), m.UnitID)
	if err != nil {
		return "", err
	}
	return u.Name, nil
}

// messageAck records that the recipient has taken the message in.
func (s *Server) messageAck(req *request) error {
	if err := s.deps.Store.AckMessage(req.R.Context(), req.P.OrgID(), req.ID, req.P.User.ID, s.deps.Now()); err != nil {
		return err
	}
	http.Redirect(req.W, req.R, "/messages/"+strconv.FormatInt(req.ID, 10)+"?acked=1", http.StatusSeeOther)
	return nil
}

// receiptsData is the staff's view of who has read and acknowledged.
type receiptsData struct {
	Message  pluttra.Message
	Where    string
	Sent     string
	Pending  []receiptView // not read, or read but not acknowledged when asked
	Done     []receiptView
	Read     int
	Acked    int
	Total    int
	Reminded int // how many were just reminded
}

type receiptView struct {
	pluttra.Receipt
	Children string
	ReadAt   string
	AckedAt  string
	Reminded string
}

// messageReceipts shows who has read (and acknowledged) the message; the
// page names the recipients' children, which goes to the access log.
func (s *Server) messageReceipts(req *request) error {
	m, receipts, err := s.messageReceiptsOf(req)
	if err != nil {
		return err
	}
	data := receiptsData{Message: *m, Sent: formatStockholm(m.SentAt), Total: len(receipts)}
	data.Reminded, _ = strconv.Atoi(req.R.URL.Query().Get("reminded"))
	if data.Where, err = s.messageWhere(req, m); err != nil {
		return err
	}
	for _, r := range receipts {
		v := receiptView{Receipt: r, Children: strings.Join(r.Children, ", ")}
		req.showsChildren(r.ChildIDs...)
		if r.Read() {
			data.Read++
			v.ReadAt = formatStockholm(r.ReadAt)
		}
		if r.Acked() {
			data.Acked++
			v.AckedAt = formatStockholm(r.AckedAt)
		}
		if !r.RemindedAt.IsZero() {
			v.Reminded = formatStockholm(r.RemindedAt)
		}
		if messagePending(m, r) {
			data.Pending = append(data.Pending, v)
		} else {
			data.Done = append(data.Done, v)
		}
	}
	return s.render(req, http.StatusOK, "message_receipts", "message.receipts.title", data)
}

// messageReceiptsOf reads the request's message and its receipts.
func (s *Server) messageReceiptsOf(req *request) (*pluttra.Message, []pluttra.Receipt, error) {
	ctx := req.R.Context()
	m, err := s.deps.Store.Message(ctx, req.P.OrgID(), req.ID)
	if err != nil {
		return nil, nil, err
	}
	receipts, err := s.deps.Store.Receipts(ctx, req.P.OrgID(), m.ID, s.deps.Policy.Today())
	return m, receipts, err
}

// messagePending: the recipient still has something to do.
func messagePending(m *pluttra.Message, r pluttra.Receipt) bool {
	return !r.Read() || (m.RequiresAck && !r.Acked())
}

// remindAgainAfter keeps a recipient from being reminded twice in a row by
// two colleagues pressing the button.
const remindAgainAfter = time.Hour

// messageRemind reminds every recipient who has not yet read the message
// (or not acknowledged it, when asked to), unless reminded within the hour.
func (s *Server) messageRemind(req *request) error {
	m, receipts, err := s.messageReceiptsOf(req)
	if err != nil {
		return err
	}
	now := s.deps.Now()
	var due []int64
	for _, r := range receipts {
		if messagePending(m, r) && (r.RemindedAt.IsZero() || now.Sub(r.RemindedAt) >= remindAgainAfter) {
			due = append(due, r.UserID)
		}
	}
	if err := s.remindRecipients(req, m, due); err != nil {
		return err
	}
	http.Redirect(req.W, req.R, "/messages/"+strconv.FormatInt(m.ID, 10)+"/receipts?reminded="+strconv.Itoa(len(due)), http.StatusSeeOther)
	return nil
}

// messagePath is where a message is read.
func messagePath(id int64) string { return "/messages/" + strconv.FormatInt(id, 10) }
