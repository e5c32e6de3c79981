package pluttra

import (
	"strings"
	"testing"
	"time"
)

func TestCheckTalkSlot(t *testing.T) {
	start := time.Date(2026, 12, 1, 14, 0, 0, 0, CalendarZone)
	ok := TalkSlot{Start: start, End: start.Add(30 * time.Minute), Mode: TalkInPerson, Place: " Ateljén ", VideoURL: "https://x.example/m"}
	if err := CheckTalkSlot(&ok); err != nil || ok.Place != "Ateljén" || ok.VideoURL != "" {
		t.Fatalf("a talk in person = %+v, %v", ok, err)
	}
	cases := map[string]struct {
		slot  TalkSlot
		field string
	}{
		"NoStart":         {TalkSlot{Mode: TalkInPerson}, "start"},
		"EndBeforeStart":  {TalkSlot{Start: start, End: start, Mode: TalkInPerson}, "minutes"},
		"LongerThan4h":    {TalkSlot{Start: start, End: start.Add(5 * time.Hour), Mode: TalkInPerson}, "minutes"},
		"UnknownMode":     {TalkSlot{Start: start, End: start.Add(time.Hour), Mode: "phone"}, "mode"},
		"VideoWithoutURL": {TalkSlot{Start: start, End: start.Add(time.Hour), Mode: TalkVideo}, "video_url"},
		"VideoPlainHTTP":  {TalkSlot{Start: start, End: start.Add(time.Hour), Mode: TalkVideo, VideoURL: "http://x.example"}, "video_url"},
		"VideoJavascript": {TalkSlot{Start: start, End: start.Add(time.Hour), Mode: TalkVideo, VideoURL: "javascript:alert(1)"}, "video_url"},
		"PlaceTooLong":    {TalkSlot{Start: start, End: start.Add(time.Hour), Mode: TalkInPerson, Place: strings.Repeat("x", MaxTalkPlace+1)}, "place"},
	}
	for name, tc := range cases {
		t.Run(name, func(t *testing.T) {
			if err := CheckTalkSlot(&tc.slot); ErrorField(err) != tc.field {
				t.Fatalf("error %v, want on %q", err, tc.field)
			}
		})
	}
}

func TestCheckTalkRoundDropsEmptyQuestions(t *testing.T) {
	r := TalkRound{Title: " Hösten ", Questions: []string{"", " Vad leker hen? ", "  "}}
	if err := CheckTalkRound(&r); err != nil || r.Title != "Hösten" || len(r.Questions) != 1 || r.Questions[0] != "Vad leker hen?" {
		t.Fatalf("round = %+v, %v", r, err)
	}
	r.Questions = make([]string, MaxTalkQuestions+1)
	for i := range r.Questions {
		r.Questions[i] = "Fråga"
	}
	if err := CheckTalkRound(&r); ErrorKey(err) != "talk.error.too_many_questions" {
		t.Fatalf("eleven questions: %v", err)
	}
}

func TestTalkRemindUntilIsTheEndOfTomorrow(t *testing.T) {
	now := time.Date(2026, 10, 24, 23, 30, 0, 0, CalendarZone) // the night before summer time ends
	want := time.Date(2026, 10, 26, 0, 0, 0, 0, CalendarZone)
	if got := TalkRemindUntil(now); !got.Equal(want) {
		t.Fatalf("until = %v, want %v", got, want)
	}
}
