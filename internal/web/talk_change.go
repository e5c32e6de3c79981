package web

import (
	"fmt"
	"net/http"
	"strconv"

	"github.com/pluttra/pluttra/internal/ical"
	"github.com/pluttra/pluttra/internal/live"
	"github.com/pluttra/pluttra/internal/pluttra"
)

// talkCancel frees a booked time before it begins, by the family or the
// staff; the child's other guardians are told.
func (s *Server) talkCancel(req *request) error {
	ctx := req.R.Context()
	org := req.P.OrgID()
	sl, err := s.deps.Store.TalkSlot(ctx, org, req.ID)
	if err != nil {
		return err
	}
	n := pluttra.TalkNotice("notice.talk_cancelled", sl.ChildName, sl.Start, req.P.User.Name)
	err = s.deps.Store.CancelTalk(ctx, org, sl.ID, req.P.User.ID, s.deps.Now(), n)
	if pluttra.ErrorCode(err) == pluttra.ECONFLICT {
		return s.renderTalk(req, http.StatusConflict, "", formErrors{"": pluttra.ErrorKey(err)}, nil)
	}
	if err != nil {
		return err
	}
	s.wakeNotices()
	target := fmt.Sprintf("/children/%d/talks?cancelled=1", sl.ChildID)
	if req.P.Is(pluttra.KindStaff) {
		target = fmt.Sprintf("/departments/%d/talks/%d", sl.DepartmentID, sl.RoundID)
	}
	http.Redirect(req.W, req.R, target, http.StatusSeeOther)
	return nil
}

// talkPrepare saves the family's answers to the round's questions.
func (s *Server) talkPrepare(req *request) error {
	sl, r, err := s.talkOfRequest(req)
	if err != nil {
		return err
	}
	if err := req.R.ParseForm(); err != nil {
		return pluttra.Invalid("form", "error.invalid")
	}
	form := map[string]string{}
	a := &pluttra.TalkAnswers{RoundID: r.ID, ChildID: sl.ChildID, AnsweredBy: req.P.User.ID}
	for i := range r.Questions {
		v := req.R.PostForm.Get(answerField(i))
		form[answerField(i)] = v
		a.Answers = append(a.Answers, v)
	}
	errs := formErrors{}
	if err := errs.add(pluttra.CheckTalkAnswers(r, a)); err != nil {
		return err
	}
	if len(errs) == 0 {
		err := s.deps.Store.SaveTalkAnswers(req.R.Context(), req.P.OrgID(), a)
		if pluttra.ErrorCode(err) == pluttra.ECONFLICT {
			errs[""] = pluttra.ErrorKey(err)
		} else if err != nil {
			return err
		}
	}
	if len(errs) > 0 {
		return s.renderTalk(req, http.StatusBadRequest, "", errs, form)
	}
	http.Redirect(req.W, req.R, talkPath(sl.ID)+"?prepared=1", http.StatusSeeOther)
	return nil
}

// talkSummary saves the staff's summary; with "share" it is published as
// a post about the child, into the child's portfolio, and the family is
// told as of any post about their child.
func (s *Server) talkSummary(req *request) error {
	form, err := parseForm(req, "summary", "share")
	if err != nil {
		return err
	}
	share := form["share"] != ""
	summary, err := pluttra.CheckTalkSummary(form["summary"], share)
	errs := formErrors{}
	if err := errs.add(err); err != nil {
		return err
	}
	ctx := req.R.Context()
	org := req.P.OrgID()
	var post *pluttra.Post
	if len(errs) == 0 {
		if share {
			post, err = s.shareTalkSummary(req, summary)
		} else {
			err = s.deps.Store.SaveTalkSummary(ctx, org, req.ID, req.P.User.ID, summary)
		}
		if code := pluttra.ErrorCode(err); code == pluttra.ECONFLICT || code == pluttra.EINVALID {
			errs[""] = pluttra.ErrorKey(err)
		} else if err != nil {
			return err
		}
	}
	if len(errs) > 0 {
		return s.renderTalk(req, http.StatusBadRequest, "", errs, form)
	}
	flash := "saved"
	if post != nil {
		flash = "shared"
		if s.deps.Live != nil {
			s.deps.Live.Publish(ctx, live.Event{OrgID: org, Kind: "post", ID: post.ID})
		}
		s.wakeNotices()
	}
	http.Redirect(req.W, req.R, talkPath(req.ID)+"?"+flash+"=1", http.StatusSeeOther)
	return nil
}

// shareTalkSummary publishes the summary as a post about the booked child
// in the time's department (Lpfö 18's "preschool and home"), telling its
// readers as of any post about their child.
func (s *Server) shareTalkSummary(req *request, summary string) (*pluttra.Post, error) {
	ctx := req.R.Context()
	sl, err := s.deps.Store.TalkSlot(ctx, req.P.OrgID(), req.ID)
	if err != nil {
		return nil, err
	}
	p := &pluttra.Post{DepartmentID: sl.DepartmentID, AuthorID: req.P.User.ID, Audience: pluttra.AudienceChildren, Status: pluttra.PostPublished,
		PublishedOn: s.deps.Policy.Today(), Body: summary, Children: []int64{sl.ChildID}, Areas: []pluttra.CurriculumArea{"preschool_home"}}
	var notices []*pluttra.Notice
	if sl.Booked() {
		if notices, err = s.postNotices(ctx, req.P.OrgID(), p, req.P.User.Name); err != nil {
			return nil, err
		}
	}
	return p, s.deps.Store.ShareTalkSummary(ctx, req.P.OrgID(), sl.ID, p, notices)
}

// talkRemove takes a free time out of its round.
func (s *Server) talkRemove(req *request) error {
	ctx := req.R.Context()
	sl, err := s.deps.Store.TalkSlot(ctx, req.P.OrgID(), req.ID)
	if err != nil {
		return err
	}
	err = s.deps.Store.RemoveTalkSlot(ctx, req.P.OrgID(), sl.ID)
	if pluttra.ErrorCode(err) == pluttra.ECONFLICT {
		return s.renderTalk(req, http.StatusConflict, "", formErrors{"": pluttra.ErrorKey(err)}, nil)
	}
	if err != nil {
		return err
	}
	http.Redirect(req.W, req.R, fmt.Sprintf("/departments/%d/talks/%d", sl.DepartmentID, sl.RoundID), http.StatusSeeOther)
	return nil
}

// talkDownload is a booked talk as a .ics file for the family's or the
// educator's own calendar.
func (s *Server) talkDownload(req *request) error {
	ctx := req.R.Context()
	sl, err := s.deps.Store.TalkSlot(ctx, req.P.OrgID(), req.ID)
	if err != nil {
		return err
	}
	if sl.Booked() {
		req.showsChildren(sl.ChildID)
		if err := s.recordAccess(req); err != nil {
			return err
		}
	}
	ev := s.icalTalk(req, sl)
	if !sl.Booked() {
		ev.Summary = sl.RoundTitle
	}
	return s.writeCalendar(req, sl.RoundTitle, "talk-"+strconv.FormatInt(sl.ID, 10)+".ics", []ical.Event{ev})
}

// icalTalk is a time as a calendar app gets it; its UID stays the same
// in the .ics download and in the subscribed feed.
func (s *Server) icalTalk(req *request, sl *pluttra.TalkSlot) ical.Event {
	ev := ical.Event{
		UID:         fmt.Sprintf("talk-%d-%d@%s", sl.OrgID, sl.ID, s.host()),
		Stamp:       sl.BookedAt,
		Summary:     req.L.T("talk.ics.summary", "Child", sl.ChildName),
		Description: sl.RoundTitle,
		Location:    sl.Place,
		URL:         s.opts.BaseURL + talkPath(sl.ID),
		Start:       sl.Start.In(pluttra.CalendarZone),
		End:         sl.End.In(pluttra.CalendarZone),
	}
	if sl.Mode == pluttra.TalkVideo {
		ev.Location = sl.VideoURL
	}
	if ev.Stamp.IsZero() {
		ev.Stamp = sl.CreatedAt
	}
	return ev
}

// talkConfirmData asks before a booking is cancelled or a time removed.
type talkConfirmData struct {
	Slot    pluttra.TalkSlot
	When    string
	Action  string // "cancel" or "remove"
	Blocked string // why it cannot be done, when it cannot
}

// talkCancelConfirm asks whether to cancel the booking.
func (s *Server) talkCancelConfirm(req *request) error { return s.renderTalkConfirm(req, "cancel") }

// talkRemoveConfirm asks whether to remove the time.
func (s *Server) talkRemoveConfirm(req *request) error { return s.renderTalkConfirm(req, "remove") }

func (s *Server) renderTalkConfirm(req *request, action string) error {
	sl, err := s.deps.Store.TalkSlot(req.R.Context(), req.P.OrgID(), req.ID)
	if err != nil {
		return err
	}
	data := talkConfirmData{Slot: *sl, When: talkWhen(req.L, sl), Action: action}
	switch {
	case sl.Started(s.deps.Now()):
		data.Blocked = "talk.error.started"
	case action == "remove" && sl.Booked():
		data.Blocked = "talk.error.booked_remove"
	}
	if sl.Booked() {
		req.showsChildren(sl.ChildID)
	}
	return s.render(req, http.StatusOK, "talk_confirm", "talk."+action+".title", data)
}
