package storetest

import (
	"slices"
	"strconv"
	"testing"

	"github.com/pluttra/pluttra/internal/pluttra"
)

// testNoticeWithChange: a post that is published and a conversation that
// is written to queue their notices in the same transaction: a change that
// fails tells no one, and a notice that cannot be written keeps the change
// from being saved.
func testNoticeWithChange(t *testing.T, openAt ClockOpener) {
	s, _ := openAt.at(t, morning)
	a := newTenant(t, s, "a")
	b := newTenant(t, s, "b")
	since := pluttra.Period{From: today.AddDays(-30)}
	edu := newUser(t, s, a.org.ID, pluttra.KindStaff, "edu@example.se")
	eva := newUser(t, s, a.org.ID, pluttra.KindStaff, "eva@example.se")
	gone := newUser(t, s, a.org.ID, pluttra.KindStaff, "gone@example.se")
	for _, u := range []pluttra.User{edu, eva} {
		must(t, s.AddStaffMembership(ctx, a.org.ID, &pluttra.StaffMembership{UserID: u.ID, Role: pluttra.RoleEducator, DepartmentID: a.dept.ID, Period: since}))
	}
	must(t, s.AddStaffMembership(ctx, a.org.ID, &pluttra.StaffMembership{UserID: gone.ID, Role: pluttra.RoleEducator, DepartmentID: a.dept.ID,
		Period: pluttra.Period{From: since.From, To: today.AddDays(-1)}}))
	anna := newUser(t, s, a.org.ID, pluttra.KindGuardian, "anna@example.se")
	bo := newUser(t, s, a.org.ID, pluttra.KindGuardian, "bo@example.se")
	stranger := newUser(t, s, b.org.ID, pluttra.KindGuardian, "x@example.se")
	alva := newChild(t, s, a.org.ID, "Alva")
	must(t, s.AddPlacement(ctx, a.org.ID, &pluttra.Placement{ChildID: alva.ID, DepartmentID: a.dept.ID, Period: since}))
	for _, g := range []pluttra.User{anna, bo} {
		must(t, s.AddGuardianship(ctx, a.org.ID, &pluttra.Guardianship{ChildID: alva.ID, GuardianID: g.ID, Period: since}))
	}
	// told lists the notices (by link) the user has deliveries of.
	told := func(t *testing.T, u pluttra.User) []string {
		t.Helper()
		ds, err := s.NoticeDeliveries(ctx, a.org.ID, u.ID, 100)
		must(t, err)
		var links []string
		for _, d := range ds {
			links = append(links, d.Notice.Link)
		}
		slices.Sort(links)
		return links
	}
	postNotice := func(to ...pluttra.User) []*pluttra.Notice {
		n := &pluttra.Notice{Category: pluttra.NoticePostChild, Key: "notice.post_child", Args: map[string]string{"Child": "Alva"}}
		for _, u := range to {
			n.Recipients = append(n.Recipients, u.ID)
		}
		return []*pluttra.Notice{n}
	}
	post := func(status pluttra.PostStatus) *pluttra.Post {
		return &pluttra.Post{DepartmentID: a.dept.ID, AuthorID: edu.ID, Audience: pluttra.AudienceDepartment, Status: status,
			PublishedOn: today, Body: "Vi byggde en koja.", Children: []int64{alva.ID}}
	}

	t.Run("PublishingQueuesTheNoticesWithALink", func(t *testing.T) {
		p := post(pluttra.PostPublished)
		must(t, s.SavePost(ctx, a.org.ID, p, postNotice(anna)))
		want := []string{"/posts/" + strconv.FormatInt(p.ID, 10)}
		if got := told(t, anna); !slices.Equal(got, want) {
			t.Fatalf("Anna was told of %v, want %v", got, want)
		}
		if got := told(t, bo); len(got) != 0 {
			t.Fatalf("Bo, not among the recipients, was told of %v", got)
		}
		p.Body = "Vi byggde två kojor."
		must(t, s.SavePost(ctx, a.org.ID, p, postNotice(anna)))
		if got := told(t, anna); !slices.Equal(got, want) {
			t.Fatalf("an edit of a published post told Anna again: %v", got)
		}
	})
	t.Run("ADraftTellsNoOneUntilPublished", func(t *testing.T) {
		before := told(t, bo)
		p := post(pluttra.PostDraft)
		must(t, s.SavePost(ctx, a.org.ID, p, postNotice(bo)))
		if got := told(t, bo); !slices.Equal(got, before) {
			t.Fatalf("saving a draft told Bo: %v", got)
		}
		p.Status = pluttra.PostPublished
		must(t, s.SavePost(ctx, a.org.ID, p, postNotice(bo)))
		if got := told(t, bo); len(got) != len(before)+1 || !slices.Contains(got, "/posts/"+strconv.FormatInt(p.ID, 10)) {
			t.Fatalf("publishing the draft: Bo was told of %v", got)
		}
	})
	t.Run("AFailedPublishTellsNoOne", func(t *testing.T) {
		before := told(t, anna)
		p := post(pluttra.PostPublished)
		p.Media = []int64{1 << 40} // no such item: the save fails after the post is written
		wantCode(t, s.SavePost(ctx, a.org.ID, p, postNotice(anna)), pluttra.EINVALID)
		if got := told(t, anna); !slices.Equal(got, before) {
			t.Fatalf("a post that was not saved told Anna: %v", got)
		}
	})
	t.Run("ANoticeThatCannotBeWrittenPublishesNothing", func(t *testing.T) {
		p := post(pluttra.PostDraft)
		must(t, s.SavePost(ctx, a.org.ID, p, nil))
		p.Status = pluttra.PostPublished
		wantCode(t, s.SavePost(ctx, a.org.ID, p, postNotice(anna, stranger)), pluttra.ENOTFOUND)
		got, err := s.Post(ctx, a.org.ID, p.ID)
		must(t, err)
		if got.Status != pluttra.PostDraft || !got.PublishedAt.IsZero() {
			t.Fatalf("the post was published without its notices: %+v", got)
		}
	})
	t.Run("FactsOfAPostAboutToBePublishedAreThoseOfThePublishedPost", func(t *testing.T) {
		p := post(pluttra.PostPublished)
		before, err := s.PostFactsOf(ctx, a.org.ID, p, today)
		must(t, err)
		must(t, s.SavePost(ctx, a.org.ID, p, nil))
		after, err := s.PostFacts(ctx, a.org.ID, p.ID, today)
		must(t, err)
		before.PostID = p.ID
		if before.UnitID != after.UnitID || before.Draft || !slices.Equal(before.Tagged, after.Tagged) ||
			!slices.Equal(before.PlacedAtPublish, after.PlacedAtPublish) || !slices.Equal(before.Restricted, after.Restricted) {
			t.Fatalf("facts before saving %+v, after %+v", before, after)
		}
		_, err = s.PostFactsOf(ctx, b.org.ID, p, today)
		wantCode(t, err, pluttra.ENOTFOUND)
	})

	convNotice := func() *pluttra.Notice {
		return &pluttra.Notice{Category: pluttra.NoticeMessage, Key: "notice.conversation", Args: map[string]string{"Child": "Alva", "Subject": "Hämtning"}}
	}
	// started is a conversation of the case's own that Anna started about
	// Alva with the staff alone, telling them.
	started := func(t *testing.T, n *pluttra.Notice) *pluttra.Conversation {
		t.Helper()
		conv := &pluttra.Conversation{ChildID: alva.ID, DepartmentID: a.dept.ID, Subject: "Hämtning", StartedBy: anna.ID, Guardians: []int64{anna.ID}}
		must(t, s.StartConversation(ctx, a.org.ID, conv, "Mormor hämtar på torsdag.", today, n))
		return conv
	}
	t.Run("StartingTellsTheOthersTakingPart", func(t *testing.T) {
		n := convNotice()
		conv := started(t, n)
		link := "/conversations/" + strconv.FormatInt(conv.ID, 10)
		for _, u := range []pluttra.User{edu, eva} {
			if got := told(t, u); !slices.Contains(got, link) {
				t.Fatalf("%s, on the department's staff, was not told: %v", u.Email, got)
			}
		}
		for _, u := range []pluttra.User{anna, bo, gone} {
			if slices.Contains(told(t, u), link) {
				t.Fatalf("%s was told (the writer, a guardian not in it, or staff no longer there)", u.Email)
			}
		}
		if want := []int64{edu.ID, eva.ID}; !sameSet(n.Recipients, want) {
			t.Fatalf("recipients = %v, want %v", n.Recipients, want)
		}
	})
	t.Run("AReplyTellsAllButItsWriter", func(t *testing.T) {
		conv := started(t, convNotice())
		n := convNotice()
		must(t, s.AddConversationEntry(ctx, a.org.ID, &pluttra.ConversationEntry{ConversationID: conv.ID, AuthorID: edu.ID, Body: "Tack!"}, today, n))
		if want := []int64{eva.ID, anna.ID}; !sameSet(n.Recipients, want) {
			t.Fatalf("recipients = %v, want %v", n.Recipients, want)
		}
		if got := told(t, anna); !slices.Contains(got, "/conversations/"+strconv.FormatInt(conv.ID, 10)) {
			t.Fatalf("Anna was not told of the answer: %v", got)
		}
	})
	t.Run("AFailedEntryTellsNoOne", func(t *testing.T) {
		conv := started(t, convNotice())
		before := told(t, anna)
		wantCode(t, s.AddConversationEntry(ctx, a.org.ID, &pluttra.ConversationEntry{ConversationID: conv.ID, AuthorID: 1 << 40, Body: "Hej"}, today, convNotice()),
			pluttra.ENOTFOUND)
		wantCode(t, s.AddConversationEntry(ctx, b.org.ID, &pluttra.ConversationEntry{ConversationID: conv.ID, AuthorID: edu.ID, Body: "Hej"}, today, convNotice()),
			pluttra.ENOTFOUND)
		err := s.StartConversation(ctx, a.org.ID, &pluttra.Conversation{ChildID: alva.ID, DepartmentID: a.dept.ID, Subject: "x", StartedBy: edu.ID,
			Guardians: []int64{stranger.ID}}, "Hej", today, convNotice())
		wantCode(t, err, pluttra.ENOTFOUND)
		if got := told(t, anna); !slices.Equal(got, before) {
			t.Fatalf("a message that was not saved told Anna: %v", got)
		}
	})
	t.Run("ANoticeThatCannotBeWrittenSavesNoEntry", func(t *testing.T) {
		conv := started(t, convNotice())
		bad := convNotice()
		bad.Key = "" // the worker could not render it
		wantCode(t, s.AddConversationEntry(ctx, a.org.ID, &pluttra.ConversationEntry{ConversationID: conv.ID, AuthorID: anna.ID, Body: "Hej igen"}, today, bad),
			pluttra.EINVALID)
		entries, err := s.ConversationEntries(ctx, a.org.ID, conv.ID)
		must(t, err)
		if len(entries) != 1 {
			t.Fatalf("the entry was saved without its notice: %d entries", len(entries))
		}
		started, err := s.DepartmentConversations(ctx, a.org.ID, edu.ID, []int64{a.dept.ID}, 10)
		must(t, err)
		bad = convNotice()
		bad.Link, bad.Category = "", "gossip"
		err = s.StartConversation(ctx, a.org.ID, &pluttra.Conversation{ChildID: alva.ID, DepartmentID: a.dept.ID, Subject: "Utflykt", StartedBy: edu.ID,
			Guardians: []int64{anna.ID}}, "Vi åker till skogen.", today, bad)
		wantCode(t, err, pluttra.EINVALID)
		if after, _ := s.DepartmentConversations(ctx, a.org.ID, edu.ID, []int64{a.dept.ID}, 10); len(after) != len(started) {
			t.Fatal("the conversation was started without its notice")
		}
	})
	t.Run("AGuardianWhoseGuardianshipEndedIsNotTold", func(t *testing.T) {
		both := &pluttra.Conversation{ChildID: alva.ID, DepartmentID: a.dept.ID, Subject: "Utflykt", StartedBy: edu.ID, Guardians: []int64{anna.ID, bo.ID}}
		must(t, s.StartConversation(ctx, a.org.ID, both, "Vi åker till skogen.", today, nil))
		gs, err := s.Guardianships(ctx, a.org.ID, alva.ID)
		must(t, err)
		for _, g := range gs {
			if g.GuardianID == bo.ID {
				must(t, s.EndGuardianship(ctx, a.org.ID, g.ID, today.AddDays(-1)))
			}
		}
		n := convNotice()
		must(t, s.AddConversationEntry(ctx, a.org.ID, &pluttra.ConversationEntry{ConversationID: both.ID, AuthorID: edu.ID, Body: "Ta med matsäck."}, today, n))
		if want := []int64{eva.ID, anna.ID}; !sameSet(n.Recipients, want) {
			t.Fatalf("recipients = %v, want %v", n.Recipients, want)
		}
	})
}

// sameSet reports whether the two lists hold the same ids in any order.
func sameSet(got, want []int64) bool {
	return slices.Equal(slices.Sorted(slices.Values(got)), slices.Sorted(slices.Values(want)))
}
