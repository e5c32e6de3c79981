package demo

import (
	"time"

	"github.com/pluttra/pluttra/internal/pluttra"
)

// talks offers the first department's families a round of development
// talks next week: six half-hour times on two afternoons, one by video,
// with two questions to prepare. None is booked, so a guardian trying the
// demo books one.
func (sd *seeder) talks(orgID int64, d *pluttra.Department, educator *pluttra.User) {
	if sd.err != nil {
		return
	}
	r := &pluttra.TalkRound{DepartmentID: d.ID, Title: "Utvecklingssamtal", CreatedBy: educator.ID,
		Intro:     "Välkomna till ett samtal om hur ert barn har det hos oss. Samtalet tar en halvtimme.",
		Questions: []string{"Vad berättar ert barn om förskolan hemma?", "Finns det något ni vill att vi pratar om?"}}
	sd.do(func() error { return pluttra.CheckTalkRound(r) })
	sd.do(func() error { return sd.s.CreateTalkRound(sd.ctx, orgID, r) })
	var slots []pluttra.TalkSlot
	for _, days := range []int{7, 8} {
		for i := range 3 {
			start := pluttra.WallTime(sd.today.AddDays(days), 14*60+i*40)
			sl := pluttra.TalkSlot{Start: start, End: start.Add(30 * time.Minute), Mode: pluttra.TalkInPerson, Place: "Ateljén", CreatedBy: educator.ID}
			if days == 8 && i == 2 {
				sl.Mode, sl.Place, sl.VideoURL = pluttra.TalkVideo, "", "https://meet.solasen.example/utvecklingssamtal"
			}
			sd.do(func() error { return pluttra.CheckTalkSlot(&sl) })
			slots = append(slots, sl)
		}
	}
	sd.do(func() error { return sd.s.AddTalkSlots(sd.ctx, orgID, r.ID, slots) })
}
