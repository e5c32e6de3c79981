package storetest

import (
	"fmt"
	"sync"
	"testing"
	"time"

	"github.com/pluttra/pluttra/internal/pluttra"
)

// talkWorld is a department with a round of four free times, Alva (two
// guardians), and children enough to race for one time, in an organisation
// of the case's own, beside another one, in a store whose clock stands at
// now.
type talkWorld struct {
	s          pluttra.Store
	a, b       tenant
	other      pluttra.Department
	anna, bo   pluttra.User
	eva        pluttra.User
	alva, dino pluttra.Child
	racers     []pluttra.Child
	spare      []pluttra.Child // placed in the department, in no race
	round      pluttra.TalkRound
	// slots are the round's times: in three days at 9, 10 and 11, and in
	// four days at 9.
	slots []pluttra.TalkSlot
	now   time.Time
}

// at is a wall time in Stockholm days from now's day.
func (w *talkWorld) at(days, hour int) time.Time {
	return pluttra.WallTime(pluttra.DateOf(w.now, pluttra.CalendarZone).AddDays(days), hour*60)
}

func newTalkWorld(t *testing.T, s pluttra.Store) *talkWorld {
	t.Helper()
	w := &talkWorld{s: s, now: morning}
	w.a, w.b = ownTenants(t, s)
	org := w.a.org.ID
	w.other = pluttra.Department{UnitID: w.a.unit.ID, Name: "Lingon"}
	must(t, s.CreateDepartment(ctx, org, &w.other))
	w.anna = newUser(t, s, org, pluttra.KindGuardian, "anna@example.se")
	w.bo = newUser(t, s, org, pluttra.KindGuardian, "bo@example.se")
	w.eva = newUser(t, s, org, pluttra.KindStaff, "eva@example.se")
	since := pluttra.Period{From: pluttra.DateOf(w.now, pluttra.CalendarZone).AddDays(-30)}
	place := func(c pluttra.Child, dept int64) {
		must(t, s.AddPlacement(ctx, org, &pluttra.Placement{ChildID: c.ID, DepartmentID: dept, Period: since}))
	}
	w.alva = newChild(t, s, org, "Alva")
	place(w.alva, w.a.dept.ID)
	for _, g := range []pluttra.User{w.anna, w.bo} {
		must(t, s.AddGuardianship(ctx, org, &pluttra.Guardianship{ChildID: w.alva.ID, GuardianID: g.ID, Period: since}))
	}
	w.dino = newChild(t, s, org, "Dino")
	place(w.dino, w.other.ID)
	for i := range 6 {
		c := newChild(t, s, org, fmt.Sprintf("Racer%d", i))
		place(c, w.a.dept.ID)
		w.racers = append(w.racers, c)
	}
	for i := range 3 {
		c := newChild(t, s, org, fmt.Sprintf("Spare%d", i))
		place(c, w.a.dept.ID)
		w.spare = append(w.spare, c)
	}
	w.round = pluttra.TalkRound{DepartmentID: w.a.dept.ID, Title: "Hösten", Questions: []string{"Vad leker hen helst?", "Något vi ska veta?"}, CreatedBy: w.eva.ID}
	must(t, pluttra.CheckTalkRound(&w.round))
	must(t, s.CreateTalkRound(ctx, org, &w.round))
	w.slots = w.addSlots(t, s, w.at(3, 9), w.at(3, 10), w.at(3, 11), w.at(4, 9))
	return w
}

// book books the time for the child, as the user, now.
func (w *talkWorld) book(t *testing.T, slot pluttra.TalkSlot, child pluttra.Child, by pluttra.User) {
	t.Helper()
	must(t, w.s.BookTalk(ctx, w.a.org.ID, slot.ID, child.ID, by.ID, w.now, nil))
}

// addSlots adds one-hour times starting at the given wall times.
func (w *talkWorld) addSlots(t *testing.T, s pluttra.Store, starts ...time.Time) []pluttra.TalkSlot {
	t.Helper()
	var slots []pluttra.TalkSlot
	for _, st := range starts {
		sl := pluttra.TalkSlot{Start: st, End: st.Add(time.Hour), Mode: pluttra.TalkInPerson, Place: "Ateljén", CreatedBy: w.eva.ID}
		must(t, pluttra.CheckTalkSlot(&sl))
		slots = append(slots, sl)
	}
	must(t, s.AddTalkSlots(ctx, w.a.org.ID, w.round.ID, slots))
	return slots
}

func wantKey(t testing.TB, err error, key string) {
	t.Helper()
	if pluttra.ErrorKey(err) != key {
		t.Fatalf("error = %v (key %q), want %q", err, pluttra.ErrorKey(err), key)
	}
}

func testTalk(t *testing.T, openAt ClockOpener) {
	shared, _ := openAt.at(t, morning)
	// world is a talk world of the case's own, its store, organisation and
	// times.
	world := func(t *testing.T) (*talkWorld, pluttra.Store, int64, []pluttra.TalkSlot) {
		t.Helper()
		w := newTalkWorld(t, shared)
		return w, w.s, w.a.org.ID, w.slots
	}

	t.Run("RoundsAndTimesReadBack", func(t *testing.T) {
		w, s, org, slots := world(t)
		rounds, err := s.TalkRounds(ctx, org, []int64{w.a.dept.ID, w.other.ID})
		must(t, err)
		if len(rounds) != 1 || rounds[0].Title != "Hösten" || len(rounds[0].Questions) != 2 || rounds[0].DepartmentName != "Blåbär" {
			t.Fatalf("rounds = %+v", rounds)
		}
		got, err := s.TalkSlots(ctx, org, w.round.ID)
		must(t, err)
		sameIDs(t, ids(got, func(x pluttra.TalkSlot) int64 { return x.ID }), ids(slots, func(x pluttra.TalkSlot) int64 { return x.ID }))
		if !got[0].Start.Equal(w.at(3, 9)) || got[0].Place != "Ateljén" || got[0].Booked() || got[0].RoundTitle != "Hösten" {
			t.Fatalf("first time = %+v", got[0])
		}
	})
	t.Run("AnotherOrganisationFindsNothing", func(t *testing.T) {
		w, s, _, slots := world(t)
		_, err := s.TalkRound(ctx, w.b.org.ID, w.round.ID)
		wantCode(t, err, pluttra.ENOTFOUND)
		_, err = s.TalkSlot(ctx, w.b.org.ID, slots[0].ID)
		wantCode(t, err, pluttra.ENOTFOUND)
		_, err = s.TalkFacts(ctx, w.b.org.ID, slots[0].ID)
		wantCode(t, err, pluttra.ENOTFOUND)
		wantCode(t, s.AddTalkSlots(ctx, w.b.org.ID, w.round.ID, []pluttra.TalkSlot{slots[0]}), pluttra.ENOTFOUND)
		wantCode(t, s.BookTalk(ctx, w.b.org.ID, slots[0].ID, w.alva.ID, w.anna.ID, w.now, nil), pluttra.ENOTFOUND)
		if got, _ := s.TalkRounds(ctx, w.b.org.ID, []int64{w.a.dept.ID}); len(got) != 0 {
			t.Fatal("another organisation lists the round")
		}
	})
	t.Run("ConcurrentBookingsOfOneTimeExactlyOneWins", func(t *testing.T) {
		w, s, org, slots := world(t)
		target := slots[3]
		errs := make([]error, len(w.racers))
		var wg sync.WaitGroup
		for i, c := range w.racers {
			wg.Add(1)
			go func() {
				defer wg.Done()
				errs[i] = s.BookTalk(ctx, org, target.ID, c.ID, w.anna.ID, w.now, nil)
			}()
		}
		wg.Wait()
		won := 0
		for _, err := range errs {
			if err == nil {
				won++
				continue
			}
			wantKey(t, err, "talk.error.taken")
		}
		if won != 1 {
			t.Fatalf("%d bookings won the time: %v", won, errs)
		}
		got, err := s.TalkSlot(ctx, org, target.ID)
		must(t, err)
		if !got.Booked() || got.ChildName[:5] != "Racer" {
			t.Fatalf("the time after the race = %+v", got)
		}
	})
	t.Run("BookingTellsTheOtherGuardianOnly", func(t *testing.T) {
		w, s, org, slots := world(t)
		n := &pluttra.Notice{Category: pluttra.NoticeTalk, Key: "notice.talk_booked", Args: map[string]string{"Child": "Alva"}}
		must(t, s.BookTalk(ctx, org, slots[0].ID, w.alva.ID, w.anna.ID, w.now, n))
		got, err := s.TalkSlot(ctx, org, slots[0].ID)
		must(t, err)
		if got.ChildID != w.alva.ID || got.ChildName != "Alva" || got.BookedBy != w.anna.ID || got.BookedAt.IsZero() {
			t.Fatalf("booked time = %+v", got)
		}
		f, err := s.TalkFacts(ctx, org, slots[0].ID)
		must(t, err)
		if f.ChildID != w.alva.ID || f.DepartmentID != w.a.dept.ID || f.UnitID != w.a.unit.ID {
			t.Fatalf("facts = %+v", f)
		}
		bo, err := s.NoticeDeliveries(ctx, org, w.bo.ID, 10)
		must(t, err)
		if len(bo) != 1 || bo[0].Notice.Key != "notice.talk_booked" || bo[0].Notice.Link != fmt.Sprintf("/talks/%d", slots[0].ID) {
			t.Fatalf("Bo's notices = %+v", bo)
		}
		if anna, _ := s.NoticeDeliveries(ctx, org, w.anna.ID, 10); len(anna) != 0 {
			t.Fatalf("the guardian who booked is told too: %+v", anna)
		}
	})
	t.Run("ChildHoldsOneTimePerRound", func(t *testing.T) {
		w, s, org, slots := world(t)
		w.book(t, slots[0], w.alva, w.anna)
		err := s.BookTalk(ctx, org, slots[1].ID, w.alva.ID, w.bo.ID, w.now, nil)
		wantKey(t, err, "talk.error.already_booked")
		if got, _ := s.TalkSlot(ctx, org, slots[1].ID); got.Booked() {
			t.Fatal("the refused booking took the time")
		}
	})
	t.Run("ChildOfAnotherDepartmentCannotBook", func(t *testing.T) {
		w, s, org, slots := world(t)
		wantCode(t, s.BookTalk(ctx, org, slots[1].ID, w.dino.ID, w.anna.ID, w.now, nil), pluttra.ENOTFOUND)
	})
	t.Run("BegunTimeCannotBeBookedOrCancelled", func(t *testing.T) {
		w, s, org, slots := world(t)
		w.book(t, slots[0], w.alva, w.anna)
		later := w.at(3, 10).Add(time.Minute)
		wantKey(t, s.BookTalk(ctx, org, slots[1].ID, w.racers[0].ID, w.anna.ID, later, nil), "talk.error.started")
		wantKey(t, s.CancelTalk(ctx, org, slots[0].ID, w.anna.ID, later, nil), "talk.error.started")
	})
	t.Run("CancelFreesTheTimeAndTellsTheOtherGuardian", func(t *testing.T) {
		w, s, org, slots := world(t)
		w.book(t, slots[0], w.alva, w.anna)
		must(t, s.BookTalk(ctx, org, slots[2].ID, w.spare[0].ID, w.eva.ID, w.now, nil))
		n := &pluttra.Notice{Category: pluttra.NoticeTalk, Key: "notice.talk_cancelled", Args: map[string]string{"Child": "Alva"}}
		must(t, s.CancelTalk(ctx, org, slots[0].ID, w.bo.ID, w.now, n))
		if got, _ := s.TalkSlot(ctx, org, slots[0].ID); got.Booked() {
			t.Fatal("the cancelled time is still booked")
		}
		anna, err := s.NoticeDeliveries(ctx, org, w.anna.ID, 10)
		must(t, err)
		if len(anna) != 1 || anna[0].Notice.Key != "notice.talk_cancelled" {
			t.Fatalf("Anna's notices = %+v", anna)
		}
		wantKey(t, s.CancelTalk(ctx, org, slots[0].ID, w.bo.ID, w.now, nil), "talk.error.not_booked")
		// Free again: Alva may book another time of the round.
		must(t, s.BookTalk(ctx, org, slots[1].ID, w.alva.ID, w.bo.ID, w.now, nil))
		mine, err := s.ChildTalks(ctx, org, w.alva.ID)
		must(t, err)
		sameIDs(t, ids(mine, func(x pluttra.TalkSlot) int64 { return x.ID }), []int64{slots[1].ID})
	})
	t.Run("RemoveTakesFreeTimesOnly", func(t *testing.T) {
		w, s, org, slots := world(t)
		w.book(t, slots[1], w.alva, w.bo)
		wantKey(t, s.RemoveTalkSlot(ctx, org, slots[1].ID), "talk.error.booked_remove")
		must(t, s.RemoveTalkSlot(ctx, org, slots[0].ID))
		_, err := s.TalkSlot(ctx, org, slots[0].ID)
		wantCode(t, err, pluttra.ENOTFOUND)
		wantCode(t, s.RemoveTalkSlot(ctx, w.b.org.ID, slots[1].ID), pluttra.ENOTFOUND)
	})
	t.Run("AnswersKeptPerChildWhileTheTalkIsAhead", func(t *testing.T) {
		w, s, org, slots := world(t)
		w.book(t, slots[1], w.alva, w.bo)
		_, err := s.TalkAnswers(ctx, org, w.round.ID, w.alva.ID)
		wantCode(t, err, pluttra.ENOTFOUND)
		a := &pluttra.TalkAnswers{RoundID: w.round.ID, ChildID: w.alva.ID, Answers: []string{"Lego", ""}, AnsweredBy: w.anna.ID}
		must(t, s.SaveTalkAnswers(ctx, org, a))
		a.Answers, a.AnsweredBy = []string{"Lego och lera", "Nej"}, w.bo.ID
		must(t, s.SaveTalkAnswers(ctx, org, a))
		got, err := s.TalkAnswers(ctx, org, w.round.ID, w.alva.ID)
		must(t, err)
		if len(got.Answers) != 2 || got.Answers[0] != "Lego och lera" || got.AnsweredBy != w.bo.ID {
			t.Fatalf("answers = %+v", got)
		}
		answered, err := s.TalkAnswered(ctx, org, w.round.ID)
		must(t, err)
		sameIDs(t, answered, []int64{w.alva.ID})
		if other, _ := s.TalkAnswered(ctx, w.b.org.ID, w.round.ID); len(other) != 0 {
			t.Fatal("another organisation reads who answered")
		}
		noBooking := &pluttra.TalkAnswers{RoundID: w.round.ID, ChildID: w.dino.ID, Answers: []string{"x"}, AnsweredBy: w.anna.ID}
		wantKey(t, s.SaveTalkAnswers(ctx, org, noBooking), "talk.error.not_booked")
	})
	t.Run("SummaryIsSharedIntoThePortfolioOnceAfterTheTalk", func(t *testing.T) {
		w, s, org, slots := world(t)
		w.book(t, slots[1], w.alva, w.bo)
		// A talk held an hour ago, booked the day before.
		held := w.addSlots(t, s, w.now.Add(-time.Hour).Truncate(time.Minute))[0]
		c := w.spare[1]
		must(t, s.BookTalk(ctx, org, held.ID, c.ID, w.anna.ID, w.now.Add(-24*time.Hour), nil))
		must(t, s.SaveTalkSummary(ctx, org, slots[1].ID, w.eva.ID, "Utkast"))
		early := &pluttra.Post{AuthorID: w.eva.ID, Body: "För tidigt"}
		wantKey(t, s.ShareTalkSummary(ctx, org, slots[1].ID, early, nil), "talk.error.not_held")
		if early.ID != 0 {
			t.Fatal("a refused share left a post")
		}
		p := &pluttra.Post{AuthorID: w.eva.ID, Body: "Vi pratade om leken.", Areas: []pluttra.CurriculumArea{"preschool_home"}}
		must(t, s.ShareTalkSummary(ctx, org, held.ID, p, nil))
		post, err := s.Post(ctx, org, p.ID)
		must(t, err)
		if post.Status != pluttra.PostPublished || post.Audience != pluttra.AudienceChildren || len(post.Children) != 1 || post.Children[0] != c.ID ||
			post.DepartmentID != w.a.dept.ID || post.Body != "Vi pratade om leken." {
			t.Fatalf("shared post = %+v", post)
		}
		got, err := s.TalkSlot(ctx, org, held.ID)
		must(t, err)
		if got.SummaryPostID != p.ID || got.Summary != "Vi pratade om leken." || got.SummaryBy != w.eva.ID {
			t.Fatalf("time after sharing = %+v", got)
		}
		again := &pluttra.Post{AuthorID: w.eva.ID, Body: "Igen"}
		wantKey(t, s.ShareTalkSummary(ctx, org, held.ID, again, nil), "talk.error.shared")
		wantKey(t, s.SaveTalkSummary(ctx, org, held.ID, w.eva.ID, "Ändrat"), "talk.error.shared")
		// Deleting the post makes the summary unshared again.
		must(t, s.DeletePost(ctx, org, p.ID))
		if got, _ := s.TalkSlot(ctx, org, held.ID); got.Shared() {
			t.Fatal("the time still points at the deleted post")
		}
	})
	t.Run("RemindersOnceTheDayBefore", func(t *testing.T) {
		// A store of the case's own: a pass reminds of every organisation's
		// talks, and counts them all.
		own, _ := openAt.at(t, morning)
		w := newTalkWorld(t, own)
		s, org := w.s, w.a.org.ID
		c := w.spare[2]
		must(t, s.AddGuardianship(ctx, org, &pluttra.Guardianship{ChildID: c.ID, GuardianID: w.bo.ID,
			Period: pluttra.Period{From: pluttra.DateOf(w.now, pluttra.CalendarZone).AddDays(-1)}}))
		round := pluttra.TalkRound{DepartmentID: w.a.dept.ID, Title: "Våren", CreatedBy: w.eva.ID}
		must(t, s.CreateTalkRound(ctx, org, &round))
		sl := []pluttra.TalkSlot{{Start: w.at(10, 9), End: w.at(10, 10), Mode: pluttra.TalkInPerson, CreatedBy: w.eva.ID}}
		must(t, s.AddTalkSlots(ctx, org, round.ID, sl))
		must(t, s.BookTalk(ctx, org, sl[0].ID, c.ID, w.eva.ID, w.now, nil))
		before := len(deliveries(t, s, org, w.bo.ID, "notice.talk_reminder"))
		if n, err := s.QueueTalkReminders(ctx, w.at(8, 12)); err != nil || n != 0 {
			t.Fatalf("two days before: %d reminders, %v", n, err)
		}
		// Two nodes run the pass at once the day before: one reminder.
		var wg sync.WaitGroup
		counts := make([]int, 2)
		for i := range counts {
			wg.Add(1)
			go func() {
				defer wg.Done()
				n, err := s.QueueTalkReminders(ctx, w.at(9, 8))
				if err != nil {
					t.Error(err)
				}
				counts[i] = n
			}()
		}
		wg.Wait()
		if counts[0]+counts[1] != 1 {
			t.Fatalf("reminders written = %v", counts)
		}
		got := deliveries(t, s, org, w.bo.ID, "notice.talk_reminder")
		if len(got) != before+1 || got[0].Notice.Args["Child"] != c.FirstName || got[0].Notice.Args["When"] != pluttra.TalkWhen(w.at(10, 9)) {
			t.Fatalf("Bo's reminders = %+v", got)
		}
		if n, _ := s.QueueTalkReminders(ctx, w.at(9, 20)); n != 0 {
			t.Fatalf("reminded again: %d", n)
		}
	})
}

func deliveries(t *testing.T, s pluttra.Store, orgID, userID int64, key string) []pluttra.NoticeDelivery {
	t.Helper()
	all, err := s.NoticeDeliveries(ctx, orgID, userID, 100)
	must(t, err)
	var out []pluttra.NoticeDelivery
	for _, d := range all {
		if d.Notice.Key == key {
			out = append(out, d)
		}
	}
	return out
}
