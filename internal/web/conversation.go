package web

import (
	"net/http"
	"slices"
	"strconv"

	"github.com/pluttra/pluttra/internal/live"
	"github.com/pluttra/pluttra/internal/pluttra"
)

// conversationNewData is the form that starts a conversation about a
// child: the subject, the first message and which guardians take part.
type conversationNewData struct {
	Child     pluttra.Child
	Guardians []guardianChoice
	Form      map[string]string
	Errors    formErrors
	// Guardian: the writer is one of the child's guardians, who always
	// takes part; Guardians then lists only the others.
	Guardian bool
	MaxBody  int
}

// conversationNew shows the form. A guardian's message goes to the
// department's staff and, only when they tick it, to the child's other
// guardians; staff choose which of the guardians it goes to.
func (s *Server) conversationNew(req *request) error {
	return s.renderConversationNew(req, http.StatusOK, nil, nil, nil)
}

func (s *Server) renderConversationNew(req *request, status int, form map[string]string, chosen []int64, errs formErrors) error {
	ctx := req.R.Context()
	c, err := s.deps.Store.Child(ctx, req.P.OrgID(), req.ID)
	if err != nil {
		return err
	}
	facts, err := s.deps.Store.ChildFacts(ctx, req.P.OrgID(), c.ID, s.deps.Policy.Today())
	if err != nil {
		return err
	}
	data := conversationNewData{Child: *c, Form: form, Errors: errs, Guardian: req.P.Is(pluttra.KindGuardian), MaxBody: pluttra.MaxConversationEntry}
	if form == nil && !data.Guardian {
		chosen = facts.GuardianIDs // staff write to every guardian unless they choose otherwise
	}
	for _, id := range facts.GuardianIDs {
		if id == req.P.User.ID {
			continue
		}
		u, err := s.deps.Store.User(ctx, req.P.OrgID(), id)
		if err != nil {
			return err
		}
		data.Guardians = append(data.Guardians, guardianChoice{ID: id, Name: u.Name, Chosen: slices.Contains(chosen, id)})
	}
	return s.render(req, status, "conversation_new", "conversation.new.title", data)
}

// conversationStart starts the conversation with its first message, in
// the department where the child is placed today.
func (s *Server) conversationStart(req *request) error {
	ctx := req.R.Context()
	org := req.P.OrgID()
	form, err := parseForm(req, "subject", "body")
	if err != nil {
		return err
	}
	facts, err := s.deps.Store.ChildFacts(ctx, org, req.ID, s.deps.Policy.Today())
	if err != nil {
		return err
	}
	errs := formErrors{}
	var chosen []int64
	for _, v := range req.R.PostForm["guardian"] {
		id, err := strconv.ParseInt(v, 10, 64)
		if err != nil || !pluttra.Contains(facts.GuardianIDs, id) {
			errs["guardians"] = "conversation.error.unknown_guardian"
			continue
		}
		chosen = append(chosen, id)
	}
	conv := &pluttra.Conversation{ChildID: req.ID, Subject: form["subject"], StartedBy: req.P.User.ID, Guardians: chosen}
	if req.P.Is(pluttra.KindGuardian) {
		conv.Guardians = append(conv.Guardians, req.P.User.ID)
	}
	conv.DepartmentID = conversationDepartment(req, facts)
	if conv.DepartmentID == 0 {
		errs[""] = "conversation.error.no_department"
	}
	body := form["body"]
	if len(errs) == 0 {
		if err := errs.add(conv.Check()); err != nil {
			return err
		}
	}
	if len(errs) == 0 {
		if err := errs.add(pluttra.CheckConversationEntry(&body)); err != nil {
			return err
		}
	}
	if len(errs) == 0 {
		n, err := s.conversationNotice(req, conv)
		if err != nil {
			return err
		}
		if err := errs.add(s.deps.Store.StartConversation(ctx, org, conv, body, s.deps.Policy.Today(), n)); err != nil {
			return err
		}
	}
	if len(errs) > 0 {
		return s.renderConversationNew(req, http.StatusBadRequest, form, chosen, errs)
	}
	s.conversationChanged(req, conv.ID)
	http.Redirect(req.W, req.R, "/conversations/"+strconv.FormatInt(conv.ID, 10), http.StatusSeeOther)
	return nil
}

// conversationDepartment is where a new conversation about the child goes:
// for staff the child's department they work in, for a guardian the
// child's department (the first, should the child have two today).
func conversationDepartment(req *request, facts *pluttra.ChildFacts) int64 {
	for _, d := range facts.DepartmentIDs {
		if req.P.Is(pluttra.KindGuardian) || pluttra.Contains(req.P.Facts.StaffDepartments, d) {
			return d
		}
	}
	return 0
}

// conversationData is one conversation with its messages and reply form.
type conversationData struct {
	Conversation pluttra.Conversation
	ChildName    string
	Department   string
	Entries      []conversationEntryView
	Guardians    []string // names of the guardians taking part
	Errors       formErrors
	Body         string
	MaxBody      int
}

type conversationEntryView struct {
	pluttra.ConversationEntry
	Written string
	Mine    bool
}

// conversationShow shows the conversation and marks it read.
func (s *Server) conversationShow(req *request) error {
	return s.renderConversation(req, http.StatusOK, "", nil)
}

func (s *Server) renderConversation(req *request, status int, body string, errs formErrors) error {
	ctx := req.R.Context()
	org := req.P.OrgID()
	conv, err := s.deps.Store.Conversation(ctx, org, req.ID)
	if err != nil {
		return err
	}
	entries, err := s.deps.Store.ConversationEntries(ctx, org, conv.ID)
	if err != nil {
		return err
	}
	child, err := s.deps.Store.Child(ctx, org, conv.ChildID)
	if err != nil {
		return err
	}
	dept, err := s.deps.Store.Department(ctx, org, conv.DepartmentID)
	if err != nil {
		return err
	}
	data := conversationData{Conversation: *conv, ChildName: child.FirstName + " " + child.LastName, Department: dept.Name,
		Errors: errs, Body: body, MaxBody: pluttra.MaxConversationEntry}
	for _, g := range conv.Guardians {
		u, err := s.deps.Store.User(ctx, org, g)
		if err != nil {
			return err
		}
		data.Guardians = append(data.Guardians, u.Name)
	}
	for _, e := range entries {
		data.Entries = append(data.Entries, conversationEntryView{ConversationEntry: e, Written: formatStockholm(e.WrittenAt), Mine: e.AuthorID == req.P.User.ID})
	}
	if status == http.StatusOK {
		if err := s.deps.Store.MarkConversationRead(ctx, org, conv.ID, req.P.User.ID, s.deps.Now()); err != nil {
			return err
		}
	}
	req.showsChildren(conv.ChildID)
	return s.render(req, status, "conversation", "conversation.title", data)
}

// conversationReply adds a message to the conversation.
func (s *Server) conversationReply(req *request) error {
	form, err := parseForm(req, "body")
	if err != nil {
		return err
	}
	ctx := req.R.Context()
	conv, err := s.deps.Store.Conversation(ctx, req.P.OrgID(), req.ID)
	if err != nil {
		return err
	}
	n, err := s.conversationNotice(req, conv)
	if err != nil {
		return err
	}
	e := &pluttra.ConversationEntry{ConversationID: req.ID, AuthorID: req.P.User.ID, Body: form["body"]}
	errs := formErrors{}
	if err := errs.add(s.deps.Store.AddConversationEntry(ctx, req.P.OrgID(), e, s.deps.Policy.Today(), n)); err != nil {
		return err
	}
	if len(errs) > 0 {
		return s.renderConversation(req, http.StatusBadRequest, form["body"], errs)
	}
	s.conversationChanged(req, req.ID)
	http.Redirect(req.W, req.R, "/conversations/"+strconv.FormatInt(req.ID, 10)+"#latest", http.StatusSeeOther)
	return nil
}

// conversationChanged tells the open pages of those taking part of a new
// message, and wakes the notice worker: the notices were saved with the
// message.
func (s *Server) conversationChanged(req *request, id int64) {
	if s.deps.Live != nil {
		s.deps.Live.Publish(req.R.Context(), live.Event{OrgID: req.P.OrgID(), Kind: "conversation", ID: id})
	}
	s.wakeNotices()
}

// conversationNotice is the notice of a new message in the conversation,
// saved with the message: the store addresses it to the guardians taking
// part and the department's staff, but the writer, and links it.
func (s *Server) conversationNotice(req *request, conv *pluttra.Conversation) (*pluttra.Notice, error) {
	child, err := s.deps.Store.Child(req.R.Context(), req.P.OrgID(), conv.ChildID)
	if err != nil {
		return nil, err
	}
	return &pluttra.Notice{Category: pluttra.NoticeMessage, Key: "notice.conversation",
		Args: map[string]string{"Child": child.FirstName, "Subject": conv.Subject, "Author": req.P.User.Name}}, nil
}
