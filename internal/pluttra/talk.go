package pluttra

import (
	"net/url"
	"strings"
	"time"
	"unicode/utf8"
)

// TalkRound is a department's round of development talks
// (utvecklingssamtal), e.g. the autumn's: the times the staff offer, and
// the questions the families think about before their talk.
type TalkRound struct {
	ID             int64
	OrgID          int64
	DepartmentID   int64
	DepartmentName string // when read
	Title          string
	Intro          string // what the staff tell the families about the talks
	// Questions are the preparation questionnaire, one line each.
	Questions []string
	CreatedBy int64
	CreatedAt time.Time
}

// TalkMode is how a talk is held.
type TalkMode string

// The modes.
const (
	TalkInPerson TalkMode = "in_person" // at the preschool, in Place
	TalkVideo    TalkMode = "video"     // by video, at VideoURL
)

// TalkSlot is one time of a round: free, or booked for one child.
type TalkSlot struct {
	ID           int64
	OrgID        int64
	RoundID      int64
	RoundTitle   string // when read
	DepartmentID int64
	Start, End   time.Time
	Mode         TalkMode
	Place        string // the room, for a talk in person
	VideoURL     string // the meeting's address, for a video talk

	// The booking: which child, by whom, when; zero while free.
	ChildID    int64
	ChildName  string // the child's first name, when read and booked
	BookedBy   int64
	BookedAt   time.Time
	RemindedAt time.Time // when the day-before reminder was written

	// The summary the staff write after the talk; once shared it is a
	// post about the child (SummaryPostID), in the child's portfolio.
	Summary       string
	SummaryBy     int64
	SummaryAt     time.Time
	SummaryPostID int64

	CreatedBy int64
	CreatedAt time.Time
}

// Booked reports whether a child has the slot.
func (s TalkSlot) Booked() bool { return s.ChildID != 0 }

// Started reports whether the talk has begun at now: it can no longer be
// booked, cancelled or prepared for.
func (s TalkSlot) Started(now time.Time) bool { return !now.Before(s.Start) }

// Shared reports whether the summary is in the child's portfolio.
func (s TalkSlot) Shared() bool { return s.SummaryPostID != 0 }

// TalkAnswers is a family's answers to a round's questionnaire, by the
// question's position.
type TalkAnswers struct {
	RoundID    int64
	ChildID    int64
	Answers    []string
	AnsweredBy int64
	AnsweredAt time.Time
}

// TalkFacts is what the access policy needs about a talk slot: its
// department, and the child booked on it (0 while free).
type TalkFacts struct {
	TalkID       int64
	DepartmentID int64
	UnitID       int64
	ChildID      int64
}

// Limits of a round and its times.
const (
	MaxTalkTitle      = 100
	MaxTalkIntro      = 2000
	MaxTalkQuestions  = 10
	MaxTalkQuestion   = 300
	MaxTalkAnswer     = 2000
	MaxTalkPlace      = 200
	MaxTalkURL        = 500
	MaxTalkSummary    = 10000
	MaxTalkSlotsAdded = 40  // times added at once
	MaxTalkMinutes    = 240 // a talk lasts at most four hours
)

// CheckTalkRound trims a round's texts and refuses one without a title,
// with texts too long or with too many questions; empty question lines
// are dropped.
func CheckTalkRound(r *TalkRound) error {
	r.Title = strings.TrimSpace(r.Title)
	r.Intro = strings.TrimSpace(r.Intro)
	var qs []string
	for _, q := range r.Questions {
		if q = strings.TrimSpace(q); q != "" {
			qs = append(qs, q)
		}
	}
	r.Questions = qs
	switch {
	case r.Title == "":
		return Invalid("title", "error.required")
	case utf8.RuneCountInString(r.Title) > MaxTalkTitle:
		return Invalid("title", "talk.error.title_long")
	case utf8.RuneCountInString(r.Intro) > MaxTalkIntro:
		return Invalid("intro", "talk.error.intro_long")
	case len(r.Questions) > MaxTalkQuestions:
		return Invalid("questions", "talk.error.too_many_questions")
	}
	for _, q := range r.Questions {
		if utf8.RuneCountInString(q) > MaxTalkQuestion {
			return Invalid("questions", "talk.error.question_long")
		}
	}
	return nil
}

// CheckTalkSlot refuses a time that is not one: no start, an end not after
// the start or too long a talk, an unknown mode, a video talk without an
// https address, texts too long.
func CheckTalkSlot(s *TalkSlot) error {
	s.Place = strings.TrimSpace(s.Place)
	s.VideoURL = strings.TrimSpace(s.VideoURL)
	switch {
	case s.Start.IsZero():
		return Invalid("start", "error.required")
	case !s.End.After(s.Start) || s.End.Sub(s.Start) > MaxTalkMinutes*time.Minute:
		return Invalid("minutes", "talk.error.length")
	case s.Mode != TalkInPerson && s.Mode != TalkVideo:
		return Invalid("mode", "error.invalid")
	case utf8.RuneCountInString(s.Place) > MaxTalkPlace:
		return Invalid("place", "talk.error.place_long")
	case s.Mode == TalkVideo && !httpsURL(s.VideoURL):
		return Invalid("video_url", "talk.error.video_url")
	case utf8.RuneCountInString(s.VideoURL) > MaxTalkURL:
		return Invalid("video_url", "talk.error.video_url")
	}
	if s.Mode == TalkInPerson {
		s.VideoURL = ""
	}
	return nil
}

// httpsURL reports whether raw is an absolute https address: the only
// kind a family is sent to for a video talk.
func httpsURL(raw string) bool {
	u, err := url.Parse(raw)
	return err == nil && u.Scheme == "https" && u.Host != "" && u.User == nil
}

// CheckTalkAnswers trims the answers to the round's questions and refuses
// more answers than questions or answers too long.
func CheckTalkAnswers(r *TalkRound, a *TalkAnswers) error {
	if len(a.Answers) > len(r.Questions) {
		return Invalid("answers", "error.invalid")
	}
	for i, ans := range a.Answers {
		a.Answers[i] = strings.TrimSpace(ans)
		if utf8.RuneCountInString(a.Answers[i]) > MaxTalkAnswer {
			return Invalid("answers", "talk.error.answer_long")
		}
	}
	return nil
}

// CheckTalkSummary trims a summary and refuses one too long; sharing an
// empty one is refused too.
func CheckTalkSummary(summary string, share bool) (string, error) {
	summary = strings.TrimSpace(summary)
	switch {
	case utf8.RuneCountInString(summary) > MaxTalkSummary:
		return summary, Invalid("summary", "talk.error.summary_long")
	case share && summary == "":
		return summary, Invalid("summary", "error.required")
	}
	return summary, nil
}

// TalkNotice is the notice of a booked talk (booked, cancelled, coming
// up) about the child, naming who acted when someone did; the store
// addresses it to the child's guardians with the change.
func TalkNotice(key, child string, start time.Time, by string) *Notice {
	return &Notice{Category: NoticeTalk, Key: key, Args: map[string]string{"Child": child, "When": TalkWhen(start), "By": by}}
}

// TalkWhen writes a talk's start as notices name it: the day and the
// hour in Stockholm, the same in every language.
func TalkWhen(t time.Time) string { return t.In(CalendarZone).Format("2006-01-02 15:04") }

// TalkRemindUntil is, at now, the end of tomorrow in Stockholm: a booked
// talk that starts before it is reminded of, the day before (quiet hours
// still hold the message back). A talk booked later than that is not: the
// booking itself was just told to the family.
func TalkRemindUntil(now time.Time) time.Time {
	return WallTime(DateOf(now, CalendarZone).AddDays(2), 0)
}
