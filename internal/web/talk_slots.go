package web

import (
	"net/http"
	"slices"
	"strconv"
	"time"

	"github.com/pluttra/pluttra/internal/pluttra"
)

// talkRoundData is one round for the department's staff: every time with
// the child booked on it, and the form that adds times.
type talkRoundData struct {
	Round  pluttra.TalkRound
	Slots  []talkSlotRow
	Errors formErrors
	Form   map[string]string
	Today  string
	Added  int
}

// talkSlotRow is a time in a list: when, how, and for whom.
type talkSlotRow struct {
	pluttra.TalkSlot
	When     string
	Past     bool
	Answered bool
}

// talkRoundView shows a round's times and bookings to the staff.
func (s *Server) talkRoundView(req *request) error {
	added, _ := strconv.Atoi(req.R.URL.Query().Get("added"))
	data, err := s.talkRoundData(req)
	if err != nil {
		return err
	}
	data.Added = added
	data.Form = map[string]string{"minutes": "30", "count": "1", "pause": "0", "mode": string(pluttra.TalkInPerson)}
	return s.render(req, http.StatusOK, "talk_round", "talk.round.title", data)
}

// departmentRound reads the round named in the path, which must belong to
// the department the access decision was made for.
func (s *Server) departmentRound(req *request) (*pluttra.TalkRound, error) {
	id, err := strconv.ParseInt(req.R.PathValue("round"), 10, 64)
	if err != nil {
		return nil, pluttra.NotFound("talk_round")
	}
	r, err := s.deps.Store.TalkRound(req.R.Context(), req.P.OrgID(), id)
	if err != nil {
		return nil, err
	}
	if r.DepartmentID != req.ID {
		return nil, pluttra.NotFound("talk_round")
	}
	return r, nil
}

func (s *Server) talkRoundData(req *request) (*talkRoundData, error) {
	r, err := s.departmentRound(req)
	if err != nil {
		return nil, err
	}
	ctx := req.R.Context()
	slots, err := s.deps.Store.TalkSlots(ctx, req.P.OrgID(), r.ID)
	if err != nil {
		return nil, err
	}
	answered, err := s.deps.Store.TalkAnswered(ctx, req.P.OrgID(), r.ID)
	if err != nil {
		return nil, err
	}
	now := s.deps.Now()
	data := &talkRoundData{Round: *r, Today: s.deps.Policy.Today().String()}
	for _, sl := range slots {
		row := talkSlotRow{TalkSlot: sl, When: talkWhen(req.L, &sl), Past: sl.Started(now)}
		if sl.Booked() {
			req.showsChildren(sl.ChildID)
			row.Answered = slices.Contains(answered, sl.ChildID)
		}
		data.Slots = append(data.Slots, row)
	}
	return data, nil
}

// talkSlotsAdd adds one time, or several in a row with a pause between,
// on one day; every time must lie ahead.
func (s *Server) talkSlotsAdd(req *request) error {
	r, err := s.departmentRound(req)
	if err != nil {
		return err
	}
	form, err := parseForm(req, "day", "start", "minutes", "count", "pause", "mode", "place", "video_url")
	if err != nil {
		return err
	}
	errs := formErrors{}
	day := readDay(errs, "day", form["day"], true)
	start := readClock(errs, "start", form["start"], true)
	minutes := readNumber(errs, "minutes", form["minutes"], "talk.error.length")
	count := readNumber(errs, "count", form["count"], "talk.error.count")
	pause := readNumber(errs, "pause", form["pause"], "talk.error.pause")
	switch {
	case count < 1 || count > pluttra.MaxTalkSlotsAdded:
		errs["count"] = "talk.error.count"
	case pause < 0 || pause > pluttra.MaxTalkMinutes:
		errs["pause"] = "talk.error.pause"
	}
	var slots []pluttra.TalkSlot
	if len(errs) == 0 {
		first := pluttra.WallTime(day, start)
		if !first.After(s.deps.Now()) {
			errs["start"] = "talk.error.past"
		}
		for i := range count {
			at := first.Add(time.Duration(i*(minutes+pause)) * time.Minute)
			sl := pluttra.TalkSlot{Start: at, End: at.Add(time.Duration(minutes) * time.Minute), Mode: pluttra.TalkMode(form["mode"]),
				Place: form["place"], VideoURL: form["video_url"], CreatedBy: req.P.User.ID}
			if err := errs.add(pluttra.CheckTalkSlot(&sl)); err != nil {
				return err
			}
			slots = append(slots, sl)
		}
	}
	if len(errs) == 0 {
		if err := errs.add(s.deps.Store.AddTalkSlots(req.R.Context(), req.P.OrgID(), r.ID, slots)); err != nil {
			return err
		}
	}
	if len(errs) > 0 {
		data, err := s.talkRoundData(req)
		if err != nil {
			return err
		}
		data.Errors, data.Form = errs, form
		return s.render(req, http.StatusBadRequest, "talk_round", "talk.round.title", data)
	}
	http.Redirect(req.W, req.R, talkRoundPath(r)+"?added="+strconv.Itoa(len(slots)), http.StatusSeeOther)
	return nil
}
