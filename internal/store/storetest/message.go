package storetest

import (
	"fmt"
	"slices"
	"testing"
	"time"

	"github.com/pluttra/pluttra/internal/pluttra"
)

func testMessage(t *testing.T, openAt ClockOpener) {
	s, clock := openAt.at(t, morning)
	a := newTenant(t, s, "a")
	b := newTenant(t, s, "b")
	other := pluttra.Department{UnitID: a.unit.ID, Name: "Lingon"}
	must(t, s.CreateDepartment(ctx, a.org.ID, &other))
	edu := newUser(t, s, a.org.ID, pluttra.KindStaff, "edu@example.se")
	anna := newUser(t, s, a.org.ID, pluttra.KindGuardian, "anna@example.se")
	bo := newUser(t, s, a.org.ID, pluttra.KindGuardian, "bo@example.se")
	cilla := newUser(t, s, a.org.ID, pluttra.KindGuardian, "cilla@example.se")
	ended := newUser(t, s, a.org.ID, pluttra.KindGuardian, "ended@example.se")
	since := pluttra.Period{From: today.AddDays(-30)}
	place := func(child pluttra.Child, dept int64, guardians ...pluttra.User) {
		must(t, s.AddPlacement(ctx, a.org.ID, &pluttra.Placement{ChildID: child.ID, DepartmentID: dept, Period: since}))
		for _, g := range guardians {
			must(t, s.AddGuardianship(ctx, a.org.ID, &pluttra.Guardianship{ChildID: child.ID, GuardianID: g.ID, Period: since}))
		}
	}
	alva := newChild(t, s, a.org.ID, "Alva")
	place(alva, a.dept.ID, anna, bo)
	place(newChild(t, s, a.org.ID, "Cleo"), other.ID, cilla)
	bilal := newChild(t, s, a.org.ID, "Bilal")
	place(bilal, a.dept.ID)
	must(t, s.AddGuardianship(ctx, a.org.ID, &pluttra.Guardianship{ChildID: bilal.ID, GuardianID: ended.ID,
		Period: pluttra.Period{From: today.AddDays(-30), To: today.AddDays(-1)}}))

	send := func(m *pluttra.Message) *pluttra.Message {
		t.Helper()
		m.SenderID, m.Title, m.Body = edu.ID, "Stängt fredag", "Förskolan är stängd på fredag."
		must(t, s.SendMessage(ctx, a.org.ID, m, today, nil))
		return m
	}
	dept := send(&pluttra.Message{Scope: pluttra.ScopeDepartment, DepartmentID: a.dept.ID, RequiresAck: true})
	unit := send(&pluttra.Message{Scope: pluttra.ScopeUnit, UnitID: a.unit.ID, Urgent: true})

	t.Run("DepartmentReachesItsActiveGuardiansOnly", func(t *testing.T) {
		if !slices.Equal(dept.Recipients, []int64{anna.ID, bo.ID}) || dept.UnitID != a.unit.ID {
			t.Fatalf("recipients = %v, unit %d", dept.Recipients, dept.UnitID)
		}
		got, err := s.Message(ctx, a.org.ID, dept.ID)
		must(t, err)
		if !slices.Equal(got.Recipients, dept.Recipients) || !got.RequiresAck || got.Title != "Stängt fredag" {
			t.Fatalf("read back %+v", got)
		}
	})
	t.Run("UnitReachesEveryDepartment", func(t *testing.T) {
		if !slices.Equal(unit.Recipients, []int64{anna.ID, bo.ID, cilla.ID}) || unit.DepartmentID != 0 {
			t.Fatalf("recipients = %v", unit.Recipients)
		}
	})
	t.Run("ChosenGuardiansMustBelongToTheDepartment", func(t *testing.T) {
		err := s.SendMessage(ctx, a.org.ID, &pluttra.Message{SenderID: edu.ID, Scope: pluttra.ScopeGuardians, DepartmentID: a.dept.ID,
			Title: "x", Body: "y", Recipients: []int64{anna.ID, cilla.ID}}, today, nil)
		wantCode(t, err, pluttra.EINVALID)
		m := send(&pluttra.Message{Scope: pluttra.ScopeGuardians, DepartmentID: a.dept.ID, Recipients: []int64{bo.ID}})
		if !slices.Equal(m.Recipients, []int64{bo.ID}) {
			t.Fatalf("recipients = %v", m.Recipients)
		}
	})
	t.Run("NobodyToReachIsRefused", func(t *testing.T) {
		empty := pluttra.Department{UnitID: a.unit.ID, Name: "Tom"}
		must(t, s.CreateDepartment(ctx, a.org.ID, &empty))
		err := s.SendMessage(ctx, a.org.ID, &pluttra.Message{SenderID: edu.ID, Scope: pluttra.ScopeDepartment, DepartmentID: empty.ID, Title: "x", Body: "y"}, today, nil)
		wantCode(t, err, pluttra.EINVALID)
		sent, err := s.SentMessages(ctx, a.org.ID, []int64{empty.ID}, nil, 10)
		must(t, err)
		if len(sent) != 0 {
			t.Fatal("a refused message was saved")
		}
	})
	t.Run("NoticeCommitsWithTheMessage", func(t *testing.T) {
		notice := func() *pluttra.Notice {
			return &pluttra.Notice{Category: pluttra.NoticeImportant, Key: "notice.important", Args: map[string]string{"Title": "Brand"}, Urgent: true}
		}
		n := notice()
		m := &pluttra.Message{SenderID: edu.ID, Scope: pluttra.ScopeGuardians, DepartmentID: a.dept.ID, Title: "Brandövning", Body: "I dag.",
			Recipients: []int64{bo.ID}}
		must(t, s.SendMessage(ctx, a.org.ID, m, today, n))
		ds, err := s.NoticeDeliveries(ctx, a.org.ID, bo.ID, 10)
		must(t, err)
		if len(ds) != 1 || ds[0].Notice.Link != fmt.Sprintf("/messages/%d", m.ID) || !ds[0].Notice.Urgent {
			t.Fatalf("Bo's deliveries = %+v", ds)
		}
		if ds, _ := s.NoticeDeliveries(ctx, a.org.ID, anna.ID, 10); len(ds) != 0 {
			t.Fatal("a guardian the message did not go to was told")
		}
		// A refused message leaves no notice either.
		err = s.SendMessage(ctx, a.org.ID, &pluttra.Message{SenderID: edu.ID, Scope: pluttra.ScopeGuardians, DepartmentID: a.dept.ID,
			Title: "x", Body: "y", Recipients: []int64{bo.ID, cilla.ID}}, today, notice())
		wantCode(t, err, pluttra.EINVALID)
		if ds, _ := s.NoticeDeliveries(ctx, a.org.ID, bo.ID, 10); len(ds) != 1 {
			t.Fatalf("a refused message left %d deliveries", len(ds))
		}
	})
	t.Run("ForeignDepartmentNotFound", func(t *testing.T) {
		err := s.SendMessage(ctx, b.org.ID, &pluttra.Message{SenderID: edu.ID, Scope: pluttra.ScopeDepartment, DepartmentID: a.dept.ID, Title: "x", Body: "y"}, today, nil)
		wantCode(t, err, pluttra.ENOTFOUND)
		_, err = s.Message(ctx, b.org.ID, dept.ID)
		wantCode(t, err, pluttra.ENOTFOUND)
	})
	t.Run("ReadAckAndReceipts", func(t *testing.T) {
		at := time.Date(2026, 3, 10, 9, 0, 0, 0, time.UTC)
		must(t, s.MarkMessageRead(ctx, a.org.ID, dept.ID, anna.ID, at))
		must(t, s.MarkMessageRead(ctx, a.org.ID, dept.ID, anna.ID, at.Add(time.Hour))) // the first opening counts
		must(t, s.AckMessage(ctx, a.org.ID, dept.ID, bo.ID, at))
		wantCode(t, s.AckMessage(ctx, a.org.ID, dept.ID, cilla.ID, at), pluttra.ENOTFOUND)
		rs, err := s.Receipts(ctx, a.org.ID, dept.ID, today)
		must(t, err)
		if len(rs) != 2 {
			t.Fatalf("receipts = %+v", rs)
		}
		byUser := map[int64]pluttra.Receipt{rs[0].UserID: rs[0], rs[1].UserID: rs[1]}
		if r := byUser[anna.ID]; !r.ReadAt.Equal(at) || r.Acked() || !slices.Equal(r.Children, []string{"Alva"}) {
			t.Fatalf("Anna's receipt = %+v", r)
		}
		if r := byUser[bo.ID]; !r.Acked() || !r.Read() {
			t.Fatalf("Bo's receipt = %+v (acknowledging is reading)", r)
		}
		sent, err := s.SentMessages(ctx, a.org.ID, []int64{a.dept.ID}, []int64{a.unit.ID}, 10)
		must(t, err)
		var found bool
		for _, m := range sent {
			if m.ID == dept.ID {
				found = m.Recipients == 2 && m.Read == 2 && m.Acked == 1
			}
		}
		if !found || len(sent) < 2 {
			t.Fatalf("sent list = %+v", sent)
		}
		mine, err := s.Receipt(ctx, a.org.ID, dept.ID, bo.ID)
		must(t, err)
		if !mine.Acked() || !mine.AckedAt.Equal(at) {
			t.Fatalf("Bo's own receipt = %+v", mine)
		}
		_, err = s.Receipt(ctx, a.org.ID, dept.ID, cilla.ID)
		wantCode(t, err, pluttra.ENOTFOUND)
		_, err = s.Receipt(ctx, b.org.ID, dept.ID, bo.ID)
		wantCode(t, err, pluttra.ENOTFOUND)
		must(t, s.MarkReminded(ctx, a.org.ID, dept.ID, []int64{anna.ID}, at))
		rs, _ = s.Receipts(ctx, a.org.ID, dept.ID, today)
		for _, r := range rs {
			if (r.UserID == anna.ID) == r.RemindedAt.IsZero() {
				t.Fatalf("reminded marks = %+v", rs)
			}
		}
	})
	t.Run("InboxUnreadFirst", func(t *testing.T) {
		must(t, s.MarkMessageRead(ctx, a.org.ID, dept.ID, anna.ID, clock.Now()))
		in, err := s.InboxMessages(ctx, a.org.ID, anna.ID, 0)
		must(t, err)
		// The unit message is still unread, so it comes before the one
		// Anna has read.
		if len(in) != 2 || in[0].ID != unit.ID || in[1].ID != dept.ID || in[1].ReadAt.IsZero() {
			t.Fatalf("Anna's inbox = %+v", in)
		}
		n, err := s.UnreadMessages(ctx, a.org.ID, anna.ID)
		must(t, err)
		if n != 1 {
			t.Fatalf("unread = %d", n)
		}
		if in, _ := s.InboxMessages(ctx, a.org.ID, ended.ID, 0); len(in) != 0 {
			t.Fatal("an ended guardian received messages")
		}
	})
	t.Run("Facts", func(t *testing.T) {
		f, err := s.MessageFacts(ctx, a.org.ID, dept.ID, anna.ID)
		must(t, err)
		if !f.Recipient || !f.RequiresAck || f.DepartmentID != a.dept.ID || f.UnitID != a.unit.ID {
			t.Fatalf("facts for Anna = %+v", f)
		}
		if f, _ := s.MessageFacts(ctx, a.org.ID, dept.ID, cilla.ID); f.Recipient {
			t.Fatal("Cilla counted as a recipient")
		}
		_, err = s.MessageFacts(ctx, b.org.ID, dept.ID, anna.ID)
		wantCode(t, err, pluttra.ENOTFOUND)
	})
	t.Run("AudienceAndPlacedGuardians", func(t *testing.T) {
		f, recipients, err := s.MessageAudience(ctx, a.org.ID, unit.ID)
		must(t, err)
		if f.Recipient || f.UnitID != a.unit.ID || !slices.Equal(recipients, []int64{anna.ID, bo.ID, cilla.ID}) {
			t.Fatalf("audience = %+v %v", f, recipients)
		}
		_, _, err = s.MessageAudience(ctx, b.org.ID, unit.ID)
		wantCode(t, err, pluttra.ENOTFOUND)
		dept, err := s.PlacedGuardians(ctx, a.org.ID, a.dept.ID, 0, today)
		must(t, err)
		all, err := s.PlacedGuardians(ctx, a.org.ID, 0, a.unit.ID, today)
		must(t, err)
		if !slices.Equal(dept, []int64{anna.ID, bo.ID}) || !slices.Equal(all, []int64{anna.ID, bo.ID, cilla.ID}) {
			t.Fatalf("placed guardians: department %v, unit %v", dept, all)
		}
		if other, _ := s.PlacedGuardians(ctx, b.org.ID, a.dept.ID, 0, today); len(other) != 0 {
			t.Fatal("another organisation reads the guardians")
		}
	})
	t.Run("AttachmentsOwnedByTheMessage", func(t *testing.T) {
		item := &pluttra.Media{DepartmentID: a.dept.ID, UploaderID: edu.ID, Size: 10}
		must(t, s.CreateMedia(ctx, a.org.ID, item))
		must(t, s.MediaUploaded(ctx, a.org.ID, item.ID, 10))
		m := send(&pluttra.Message{Scope: pluttra.ScopeDepartment, DepartmentID: a.dept.ID, Media: []int64{item.ID}})
		got, err := s.MediaOfMessage(ctx, a.org.ID, m.ID)
		must(t, err)
		if len(got) != 1 || got[0].MessageID != m.ID {
			t.Fatalf("attachments = %+v", got)
		}
		// A post cannot take it, nor a second message, and the sweeper
		// leaves it alone.
		err = s.SendMessage(ctx, a.org.ID, &pluttra.Message{SenderID: edu.ID, Scope: pluttra.ScopeDepartment, DepartmentID: a.dept.ID,
			Title: "x", Body: "y", Media: []int64{item.ID}}, today, nil)
		wantCode(t, err, pluttra.EINVALID)
		stale, err := s.StaleMedia(ctx, clock.Now().Add(time.Hour), 100)
		must(t, err)
		for _, st := range stale {
			if st.ID == item.ID {
				t.Fatal("the sweeper would remove a message's attachment")
			}
		}
		f, err := s.MediaFacts(ctx, a.org.ID, item.ID, today, anna.ID)
		must(t, err)
		if f.Message == nil || !f.Message.Recipient {
			t.Fatalf("media facts = %+v", f)
		}
	})
}

func testConversation(t *testing.T, openAt ClockOpener) {
	s, clock := openAt.at(t, morning)
	a := newTenant(t, s, "a")
	b := newTenant(t, s, "b")
	edu := newUser(t, s, a.org.ID, pluttra.KindStaff, "edu@example.se")
	anna := newUser(t, s, a.org.ID, pluttra.KindGuardian, "anna@example.se")
	bo := newUser(t, s, a.org.ID, pluttra.KindGuardian, "bo@example.se")
	alva := newChild(t, s, a.org.ID, "Alva")
	since := pluttra.Period{From: today.AddDays(-30)}
	must(t, s.AddPlacement(ctx, a.org.ID, &pluttra.Placement{ChildID: alva.ID, DepartmentID: a.dept.ID, Period: since}))
	for _, g := range []pluttra.User{anna, bo} {
		must(t, s.AddGuardianship(ctx, a.org.ID, &pluttra.Guardianship{ChildID: alva.ID, GuardianID: g.ID, Period: since}))
	}
	own := &pluttra.Conversation{ChildID: alva.ID, DepartmentID: a.dept.ID, Subject: "Hämtning", StartedBy: anna.ID, Guardians: []int64{anna.ID}}
	must(t, s.StartConversation(ctx, a.org.ID, own, "Mormor hämtar på torsdag.", today, nil))
	both := &pluttra.Conversation{ChildID: alva.ID, DepartmentID: a.dept.ID, Subject: "Utflykt", StartedBy: edu.ID, Guardians: []int64{anna.ID, bo.ID}}
	must(t, s.StartConversation(ctx, a.org.ID, both, "Vi åker till skogen.", today, nil))

	t.Run("GuardiansSeeOnlyTheirThreads", func(t *testing.T) {
		annas, err := s.GuardianConversations(ctx, a.org.ID, anna.ID, today)
		must(t, err)
		bos, err := s.GuardianConversations(ctx, a.org.ID, bo.ID, today)
		must(t, err)
		if len(annas) != 2 || len(bos) != 1 || bos[0].ID != both.ID {
			t.Fatalf("Anna's = %+v, Bo's = %+v", annas, bos)
		}
		if !bos[0].Unread || bos[0].ChildName != "Alva Andersson" || bos[0].DepartmentName != "Blåbär" {
			t.Fatalf("Bo's summary = %+v", bos[0])
		}
	})
	t.Run("ReplyMovesTheThreadAndMarksUnread", func(t *testing.T) {
		clock.Add(time.Minute) // the reply comes after both threads began
		e := &pluttra.ConversationEntry{ConversationID: own.ID, AuthorID: edu.ID, Body: "  Tack, noterat.  "}
		must(t, s.AddConversationEntry(ctx, a.org.ID, e, today, nil))
		entries, err := s.ConversationEntries(ctx, a.org.ID, own.ID)
		must(t, err)
		if len(entries) != 2 || entries[1].Body != "Tack, noterat." || entries[1].AuthorName == "" {
			t.Fatalf("entries = %+v", entries)
		}
		staff, err := s.DepartmentConversations(ctx, a.org.ID, edu.ID, []int64{a.dept.ID}, 10)
		must(t, err)
		if len(staff) != 2 || staff[0].ID != own.ID || staff[0].Unread {
			t.Fatalf("staff list = %+v (the author has read their own reply)", staff)
		}
		annas, _ := s.GuardianConversations(ctx, a.org.ID, anna.ID, today)
		if annas[0].ID != own.ID || !annas[0].Unread {
			t.Fatalf("Anna's list = %+v", annas)
		}
		must(t, s.MarkConversationRead(ctx, a.org.ID, own.ID, anna.ID, clock.Add(time.Minute)))
		annas, _ = s.GuardianConversations(ctx, a.org.ID, anna.ID, today)
		if annas[0].Unread {
			t.Fatal("still unread after reading")
		}
	})
	t.Run("BadInputSavesNothing", func(t *testing.T) {
		mine := &pluttra.Conversation{ChildID: alva.ID, DepartmentID: a.dept.ID, Subject: "Matsäck", StartedBy: anna.ID, Guardians: []int64{anna.ID}}
		must(t, s.StartConversation(ctx, a.org.ID, mine, "Alva äter inte nötter.", today, nil))
		wantCode(t, s.AddConversationEntry(ctx, a.org.ID, &pluttra.ConversationEntry{ConversationID: mine.ID, AuthorID: anna.ID, Body: "   "}, today, nil), pluttra.EINVALID)
		err := s.StartConversation(ctx, a.org.ID, &pluttra.Conversation{ChildID: alva.ID, DepartmentID: a.dept.ID, Subject: "x", StartedBy: anna.ID}, "hej", today, nil)
		wantCode(t, err, pluttra.EINVALID)
		entries, _ := s.ConversationEntries(ctx, a.org.ID, mine.ID)
		if len(entries) != 1 {
			t.Fatalf("entries = %d", len(entries))
		}
	})
	t.Run("EndedGuardianLosesTheThread", func(t *testing.T) {
		gs, err := s.Guardianships(ctx, a.org.ID, alva.ID)
		must(t, err)
		for _, g := range gs {
			if g.GuardianID == bo.ID {
				must(t, s.EndGuardianship(ctx, a.org.ID, g.ID, today.AddDays(-1)))
			}
		}
		bos, err := s.GuardianConversations(ctx, a.org.ID, bo.ID, today)
		must(t, err)
		if len(bos) != 0 {
			t.Fatalf("Bo still lists %+v", bos)
		}
	})
	t.Run("Audience", func(t *testing.T) {
		f, guardians, err := s.ConversationAudience(ctx, a.org.ID, both.ID)
		must(t, err)
		if f.Member || f.ChildID != alva.ID || !slices.Equal(guardians, []int64{anna.ID, bo.ID}) {
			t.Fatalf("audience = %+v %v", f, guardians)
		}
		_, _, err = s.ConversationAudience(ctx, b.org.ID, both.ID)
		wantCode(t, err, pluttra.ENOTFOUND)
	})
	t.Run("FactsAndForeignIDs", func(t *testing.T) {
		f, err := s.ConversationFacts(ctx, a.org.ID, own.ID, bo.ID)
		must(t, err)
		if f.Member || f.ChildID != alva.ID || f.DepartmentID != a.dept.ID {
			t.Fatalf("facts for Bo = %+v", f)
		}
		if f, _ := s.ConversationFacts(ctx, a.org.ID, own.ID, anna.ID); !f.Member {
			t.Fatal("Anna is not a member of her own thread")
		}
		_, err = s.ConversationFacts(ctx, b.org.ID, own.ID, anna.ID)
		wantCode(t, err, pluttra.ENOTFOUND)
		_, err = s.Conversation(ctx, b.org.ID, own.ID)
		wantCode(t, err, pluttra.ENOTFOUND)
		wantCode(t, s.AddConversationEntry(ctx, b.org.ID, &pluttra.ConversationEntry{ConversationID: own.ID, AuthorID: anna.ID, Body: "x"}, today, nil), pluttra.ENOTFOUND)
	})
}
