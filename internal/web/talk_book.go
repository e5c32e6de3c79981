package web

import (
	"net/http"
	"strconv"

	"github.com/pluttra/pluttra/internal/pluttra"
)

// childTalksData is a child's development talks for the family: the times
// booked, and each open round of the child's department with its free
// times. Other families' bookings show only as taken.
type childTalksData struct {
	Child     pluttra.Child
	Booked    []talkSlotRow
	Rounds    []openRound
	Error     string
	Cancelled bool
}

// openRound is a round the child may book a time of.
type openRound struct {
	pluttra.TalkRound
	Mine *talkSlotRow // the child's time of this round, when booked
	Free []talkSlotRow
}

// childTalks shows a child's talks and the times free to book.
func (s *Server) childTalks(req *request) error {
	return s.renderChildTalks(req, http.StatusOK, "")
}

// talkBook books the chosen time for the child. Of two families choosing
// the same time at once, one gets it and the other is told it was just
// taken, with the times still free.
func (s *Server) talkBook(req *request) error {
	form, err := parseForm(req, "slot")
	if err != nil {
		return err
	}
	slotID, err := strconv.ParseInt(form["slot"], 10, 64)
	if err != nil {
		return s.renderChildTalks(req, http.StatusBadRequest, "talk.error.choose")
	}
	ctx := req.R.Context()
	org := req.P.OrgID()
	c, err := s.deps.Store.Child(ctx, org, req.ID)
	if err != nil {
		return err
	}
	sl, err := s.deps.Store.TalkSlot(ctx, org, slotID)
	if err != nil {
		return err
	}
	n := pluttra.TalkNotice("notice.talk_booked", c.FirstName, sl.Start, req.P.User.Name)
	err = s.deps.Store.BookTalk(ctx, org, slotID, req.ID, req.P.User.ID, s.deps.Now(), n)
	if pluttra.ErrorCode(err) == pluttra.ECONFLICT {
		return s.renderChildTalks(req, http.StatusConflict, pluttra.ErrorKey(err))
	}
	if err != nil {
		return err
	}
	s.wakeNotices()
	http.Redirect(req.W, req.R, talkPath(slotID)+"?booked=1", http.StatusSeeOther)
	return nil
}

func (s *Server) renderChildTalks(req *request, status int, errKey string) error {
	ctx := req.R.Context()
	org := req.P.OrgID()
	c, err := s.deps.Store.Child(ctx, org, req.ID)
	if err != nil {
		return err
	}
	facts, err := s.deps.Store.ChildFacts(ctx, org, c.ID, s.deps.Policy.Today())
	if err != nil {
		return err
	}
	booked, err := s.deps.Store.ChildTalks(ctx, org, c.ID)
	if err != nil {
		return err
	}
	now := s.deps.Now()
	data := childTalksData{Child: *c, Error: errKey, Cancelled: req.R.URL.Query().Get("cancelled") == "1"}
	mine := map[int64]talkSlotRow{}
	for _, sl := range booked {
		row := talkSlotRow{TalkSlot: sl, When: talkWhen(req.L, &sl), Past: sl.Started(now)}
		data.Booked = append(data.Booked, row)
		mine[sl.RoundID] = row
	}
	rounds, err := s.deps.Store.TalkRounds(ctx, org, facts.DepartmentIDs)
	if err != nil {
		return err
	}
	for _, r := range rounds {
		open := openRound{TalkRound: r}
		if row, ok := mine[r.ID]; ok {
			open.Mine = &row
		} else {
			slots, err := s.deps.Store.TalkSlots(ctx, org, r.ID)
			if err != nil {
				return err
			}
			for _, sl := range slots {
				if !sl.Booked() && !sl.Started(now) {
					open.Free = append(open.Free, talkSlotRow{TalkSlot: sl, When: talkWhen(req.L, &sl)})
				}
			}
		}
		data.Rounds = append(data.Rounds, open)
	}
	req.showsChildren(c.ID)
	return s.render(req, status, "child_talks", "talk.child.title", data)
}
