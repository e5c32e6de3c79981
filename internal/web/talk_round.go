package web

import (
	"net/http"
	"strconv"
	"strings"

	"github.com/pluttra/pluttra/internal/i18n"
	"github.com/pluttra/pluttra/internal/pluttra"
)

// talkRoundsData is a department's development talks for its staff: the
// rounds, and the form that starts a new one.
type talkRoundsData struct {
	Department pluttra.Department
	Rounds     []talkRoundSummary
	Errors     formErrors
	Form       map[string]string
	MaxTitle   int
}

// talkRoundSummary is a round in the list: how many times it has and how
// many are booked.
type talkRoundSummary struct {
	pluttra.TalkRound
	Slots, Booked int
}

// departmentTalks lists the department's rounds of talks.
func (s *Server) departmentTalks(req *request) error {
	return s.renderTalkRounds(req, http.StatusOK, nil, map[string]string{})
}

// talkRoundCreate starts a round: its title, what the families are told,
// and the questions they prepare, one a line.
func (s *Server) talkRoundCreate(req *request) error {
	form, err := parseForm(req, "title", "intro", "questions")
	if err != nil {
		return err
	}
	r := &pluttra.TalkRound{DepartmentID: req.ID, Title: form["title"], Intro: form["intro"],
		Questions: strings.Split(strings.ReplaceAll(form["questions"], "\r\n", "\n"), "\n"), CreatedBy: req.P.User.ID}
	errs := formErrors{}
	if err := errs.add(pluttra.CheckTalkRound(r)); err != nil {
		return err
	}
	if len(errs) == 0 {
		if err := errs.add(s.deps.Store.CreateTalkRound(req.R.Context(), req.P.OrgID(), r)); err != nil {
			return err
		}
	}
	if len(errs) > 0 {
		return s.renderTalkRounds(req, http.StatusBadRequest, errs, form)
	}
	http.Redirect(req.W, req.R, talkRoundPath(r), http.StatusSeeOther)
	return nil
}

func (s *Server) renderTalkRounds(req *request, status int, errs formErrors, form map[string]string) error {
	ctx := req.R.Context()
	d, err := s.deps.Store.Department(ctx, req.P.OrgID(), req.ID)
	if err != nil {
		return err
	}
	rounds, err := s.deps.Store.TalkRounds(ctx, req.P.OrgID(), []int64{req.ID})
	if err != nil {
		return err
	}
	data := talkRoundsData{Department: *d, Errors: errs, Form: form, MaxTitle: pluttra.MaxTalkTitle}
	for _, r := range rounds {
		slots, err := s.deps.Store.TalkSlots(ctx, req.P.OrgID(), r.ID)
		if err != nil {
			return err
		}
		sum := talkRoundSummary{TalkRound: r, Slots: len(slots)}
		for _, sl := range slots {
			if sl.Booked() {
				sum.Booked++
			}
		}
		data.Rounds = append(data.Rounds, sum)
	}
	return s.render(req, status, "talk_rounds", "talk.rounds.title", data)
}

func talkRoundPath(r *pluttra.TalkRound) string {
	return "/departments/" + strconv.FormatInt(r.DepartmentID, 10) + "/talks/" + strconv.FormatInt(r.ID, 10)
}

func talkPath(id int64) string { return "/talks/" + strconv.FormatInt(id, 10) }

// talkWhen writes a talk's time for a page: "tisdag 1 dec. 14:00–14:45".
func talkWhen(l *i18n.Locale, sl *pluttra.TalkSlot) string {
	start, end := sl.Start.In(pluttra.CalendarZone), sl.End.In(pluttra.CalendarZone)
	return shortDay(l, pluttra.DateOf(start, pluttra.CalendarZone)) + " " + start.Format("15:04") + "–" + end.Format("15:04")
}
