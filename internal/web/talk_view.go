package web

import (
	"net/http"
	"strconv"

	"github.com/pluttra/pluttra/internal/access"
	"github.com/pluttra/pluttra/internal/pluttra"
)

// talkPageData is one talk's time: when and how, the child booked on it,
// the family's answers and the staff's summary.
type talkPageData struct {
	Slot      pluttra.TalkSlot
	Round     pluttra.TalkRound
	When      string
	BookedBy  string
	BookedAt  string
	Questions []talkQuestion
	Answered  string // when the answers were last saved, by whom
	Started   bool
	Staff     bool // may manage: remove, summarise, share
	Family    bool // may prepare
	MayCancel bool
	Flash     string
	Errors    formErrors
	Summary   string
	MaxAnswer int
}

// talkQuestion is a question with the family's answer.
type talkQuestion struct {
	Index    int
	Question string
	Answer   string
}

// talkView shows one time. Its answers and summary are talk documents:
// reading them is in the child's access log.
func (s *Server) talkView(req *request) error {
	flash := ""
	for _, f := range []string{"booked", "prepared", "saved", "shared"} {
		if req.R.URL.Query().Get(f) == "1" {
			flash = "talk.flash." + f
		}
	}
	return s.renderTalk(req, http.StatusOK, flash, nil, nil)
}

// talkOfRequest reads the time the access decision was made for, with its
// round.
func (s *Server) talkOfRequest(req *request) (*pluttra.TalkSlot, *pluttra.TalkRound, error) {
	sl, err := s.deps.Store.TalkSlot(req.R.Context(), req.P.OrgID(), req.ID)
	if err != nil {
		return nil, nil, err
	}
	r, err := s.deps.Store.TalkRound(req.R.Context(), req.P.OrgID(), sl.RoundID)
	return sl, r, err
}

func (s *Server) renderTalk(req *request, status int, flash string, errs formErrors, form map[string]string) error {
	ctx := req.R.Context()
	org := req.P.OrgID()
	sl, r, err := s.talkOfRequest(req)
	if err != nil {
		return err
	}
	now := s.deps.Now()
	data := talkPageData{Slot: *sl, Round: *r, When: talkWhen(req.L, sl), Started: sl.Started(now), Flash: flash, Errors: errs,
		Summary: sl.Summary, MaxAnswer: pluttra.MaxTalkAnswer}
	// What else the viewer may do, from one read of the time's facts.
	facts, err := s.deps.Store.TalkFacts(ctx, org, sl.ID)
	if err != nil {
		return err
	}
	may := func(a access.Action) bool {
		return access.Decide(req.P, a, access.Target{OrgID: org, Talk: facts}) == access.Allow
	}
	data.Staff, data.Family = may(access.ManageTalk), may(access.PrepareTalk)
	data.MayCancel = may(access.CancelTalk) && !data.Started
	var answers []string
	if sl.Booked() {
		req.showsChildren(sl.ChildID)
		n := s.newNames(org)
		if data.BookedBy, err = n.user(ctx, sl.BookedBy); err != nil {
			return err
		}
		data.BookedAt = formatStockholm(sl.BookedAt)
		a, err := s.deps.Store.TalkAnswers(ctx, org, r.ID, sl.ChildID)
		switch {
		case err == nil:
			answers = a.Answers
			who, err := n.user(ctx, a.AnsweredBy)
			if err != nil {
				return err
			}
			data.Answered = who + " · " + formatStockholm(a.AnsweredAt)
		case pluttra.ErrorCode(err) != pluttra.ENOTFOUND:
			return err
		}
	}
	for i, q := range r.Questions {
		tq := talkQuestion{Index: i, Question: q}
		if i < len(answers) {
			tq.Answer = answers[i]
		}
		if form != nil {
			tq.Answer = form[answerField(i)]
		}
		data.Questions = append(data.Questions, tq)
	}
	if form != nil {
		data.Summary = form["summary"]
	}
	// A family reads the summary once it is shared; until then it is the
	// staff's working text.
	if !data.Staff && !sl.Shared() {
		data.Slot.Summary = ""
		data.Summary = ""
	}
	return s.render(req, status, "talk", "talk.title", data)
}

func answerField(i int) string { return "answer_" + strconv.Itoa(i) }
