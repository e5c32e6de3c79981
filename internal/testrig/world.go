package testrig

import (
	"context"
	"sort"
	"testing"
	"time"

	"github.com/pluttra/pluttra/internal/pluttra"
)

// World is the access policy's fixture world (docs/design.md section 2): two
// organisations; in the first two units, three departments, a consented
// child with two guardians in separate households, a child with protected
// identity, a child whose other guardianship has ended, educators of
// different departments, an educator whose membership ended, a principal,
// an org admin and a deactivated user; in the second a department, a child,
// a guardian, an educator and an admin.
type World struct {
	Today    pluttra.Date
	OrgA     pluttra.Organisation
	OrgB     pluttra.Organisation
	Users    map[string]*pluttra.User // by principal name
	Units    map[string]int64
	Depts    map[string]int64
	Children map[string]int64
	Posts    map[string]int64
	Media    map[string]int64
	Comments map[string]int64
	Messages map[string]int64
	// Conversations between families and staff, by name.
	Conversations map[string]int64
	Principal     []string         // principal names in matrix order; "anonymous" has no user
	Events        map[string]int64 // calendar events
	Talks         map[string]int64 // development talks' times
}

// Password is every fixture user's password.
const Password = "correct horse battery"

// Today is the current day in Stockholm, the day the fixture periods are
// laid out around.
func Today() pluttra.Date {
	loc, err := time.LoadLocation("Europe/Stockholm")
	if err != nil {
		panic(err)
	}
	return pluttra.DateOf(time.Now(), loc)
}

// NewWorld loads the fixture world into s. hash, when set, gives every user
// a password hash of Password.
func NewWorld(t testing.TB, s pluttra.Store, hash string) *World {
	t.Helper()
	ctx := context.Background()
	w := &World{
		Today: Today(),
		Users: map[string]*pluttra.User{}, Units: map[string]int64{},
		Depts: map[string]int64{}, Children: map[string]int64{}, Posts: map[string]int64{}, Media: map[string]int64{}, Comments: map[string]int64{},
		Messages: map[string]int64{}, Conversations: map[string]int64{},
		Events: map[string]int64{}, Talks: map[string]int64{},
	}
	must := func(err error) {
		t.Helper()
		if err != nil {
			t.Fatal(err)
		}
	}
	since := pluttra.Period{From: w.Today.AddDays(-365)}
	ended := pluttra.Period{From: w.Today.AddDays(-365), To: w.Today.AddDays(-1)}

	w.OrgA = pluttra.Organisation{Slug: "solbacka", Name: "Solbacka kommun", RequireStaffMFA: true}
	must(s.CreateOrganisation(ctx, &w.OrgA))
	w.OrgB = pluttra.Organisation{Slug: "norrby", Name: "Norrby förskolor", RequireStaffMFA: true}
	must(s.CreateOrganisation(ctx, &w.OrgB))

	unit := func(org *pluttra.Organisation, name string) int64 {
		u := pluttra.Unit{Name: name, Address: name + "vägen 1"}
		must(s.CreateUnit(ctx, org.ID, &u))
		w.Units[name] = u.ID
		return u.ID
	}
	dept := func(org *pluttra.Organisation, unitID int64, name string) int64 {
		d := pluttra.Department{UnitID: unitID, Name: name}
		must(s.CreateDepartment(ctx, org.ID, &d))
		w.Depts[name] = d.ID
		return d.ID
	}
	user := func(org *pluttra.Organisation, name string, kind pluttra.UserKind) *pluttra.User {
		u := &pluttra.User{Kind: kind, Email: name + "@" + org.Slug + ".example", Name: name, PasswordHash: hash}
		must(s.CreateUser(ctx, org.ID, u))
		w.Users[name] = u
		w.Principal = append(w.Principal, name)
		return u
	}
	child := func(org *pluttra.Organisation, name string, protected bool, deptID int64, guardians ...*pluttra.User) int64 {
		c := pluttra.Child{FirstName: name, LastName: "Testsson", BirthDate: w.Today.AddDays(-3 * 365), ProtectedIdentity: protected}
		must(s.CreateChild(ctx, org.ID, &c))
		must(s.AddPlacement(ctx, org.ID, &pluttra.Placement{ChildID: c.ID, DepartmentID: deptID, Period: since}))
		for _, g := range guardians {
			must(s.AddGuardianship(ctx, org.ID, &pluttra.Guardianship{ChildID: c.ID, GuardianID: g.ID, Period: since}))
		}
		w.Children[name] = c.ID
		return c.ID
	}
	member := func(org *pluttra.Organisation, u *pluttra.User, role pluttra.StaffRole, id int64, p pluttra.Period) {
		m := pluttra.StaffMembership{UserID: u.ID, Role: role, Period: p}
		if role == pluttra.RolePrincipal {
			m.UnitID = id
		} else {
			m.DepartmentID = id
		}
		must(s.AddStaffMembership(ctx, org.ID, &m))
	}

	a := &w.OrgA
	ekbacken := unit(a, "Ekbacken")
	granen := unit(a, "Granen")
	blabar := dept(a, ekbacken, "Blabar")
	lingon := dept(a, ekbacken, "Lingon")
	myran := dept(a, granen, "Myran")

	w.Principal = append(w.Principal, "anonymous")
	user(a, "admin", pluttra.KindOrgAdmin)
	rektor := user(a, "principal_ekbacken", pluttra.KindStaff)
	member(a, rektor, pluttra.RolePrincipal, ekbacken, since)
	eduBlabar := user(a, "educator_blabar", pluttra.KindStaff)
	member(a, eduBlabar, pluttra.RoleEducator, blabar, since)
	eduLingonMyran := user(a, "educator_lingon_myran", pluttra.KindStaff)
	member(a, eduLingonMyran, pluttra.RoleEducator, lingon, since)
	member(a, eduLingonMyran, pluttra.RoleEducator, myran, since)
	eduEnded := user(a, "educator_ended", pluttra.KindStaff)
	member(a, eduEnded, pluttra.RoleEducator, blabar, ended)
	deactivated := user(a, "educator_deactivated", pluttra.KindStaff)
	member(a, deactivated, pluttra.RoleEducator, blabar, since)

	anna := user(a, "guardian_alva_mother", pluttra.KindGuardian)
	bo := user(a, "guardian_alva_father", pluttra.KindGuardian)
	cecilia := user(a, "guardian_bilal", pluttra.KindGuardian)
	david := user(a, "guardian_cleo", pluttra.KindGuardian)
	erik := user(a, "guardian_cleo_ended", pluttra.KindGuardian)
	fatima := user(a, "guardian_dino", pluttra.KindGuardian)

	alva := child(a, "Alva", false, blabar, anna, bo)
	consent := func(org *pluttra.Organisation, childID int64, g *pluttra.User, level pluttra.ConsentLevel) {
		must(s.RecordConsent(ctx, org.ID, &pluttra.Consent{ChildID: childID, GuardianID: g.ID, Level: level}))
	}
	// Alva is consented (shared, by both guardians); Bilal's shared answer
	// is capped by protected identity; Cleo's guardian says none.
	consent(a, alva, anna, pluttra.ConsentShared)
	consent(a, alva, bo, pluttra.ConsentShared)
	bilal := child(a, "Bilal", true, blabar, cecilia)
	consent(a, bilal, cecilia, pluttra.ConsentShared)
	cleo := child(a, "Cleo", false, lingon, david)
	must(s.AddGuardianship(ctx, a.ID, &pluttra.Guardianship{ChildID: cleo, GuardianID: erik.ID, Period: ended}))
	consent(a, cleo, david, pluttra.ConsentNone)
	child(a, "Dino", false, myran, fatima)

	dino := w.Children["Dino"]

	// Documentation. The store does not apply the publishing rules (the
	// composer does), so a post can tag Bilal as if it were published
	// before his identity was protected: it shows what happens when
	// consent drops after publishing.
	// Media, made before the posts that carry them (postMedia).
	postMedia := map[string][]int64{}
	media := func(org *pluttra.Organisation, name string, deptID int64, uploader *pluttra.User, status pluttra.MediaStatus, onPost string) {
		m := &pluttra.Media{DepartmentID: deptID, UploaderID: uploader.ID, Size: 1000}
		must(s.CreateMedia(ctx, org.ID, m))
		if status != pluttra.MediaUploading {
			must(s.MediaUploaded(ctx, org.ID, m.ID, m.Size))
		}
		if status == pluttra.MediaReady {
			// Claim until this item comes up: one left pending may come
			// first, and stays claimed for the lease after that.
			claimed, err := s.ClaimMedia(ctx, "fixture", time.Now().Add(time.Second), time.Hour)
			for err == nil && claimed.ID != m.ID {
				claimed, err = s.ClaimMedia(ctx, "fixture", time.Now().Add(time.Second), time.Hour)
			}
			must(err)
			claimed.Kind, claimed.Width, claimed.Height, claimed.Placeholder = pluttra.MediaImage, 1600, 1200, "#808080"
			claimed.Files = []pluttra.MediaFile{{Name: "feed", Key: pluttra.MediaFileKey(org.ID, m.ID, "feed"), ContentType: "image/jpeg", Size: 100, Width: 1600, Height: 1200}}
			must(s.FinishMedia(ctx, claimed))
		}
		w.Media[name] = m.ID
		if onPost != "" {
			postMedia[onPost] = append(postMedia[onPost], m.ID)
		}
	}
	media(a, "week_photo", blabar, eduBlabar, pluttra.MediaReady, "blabar_week")
	media(a, "week_pending", blabar, eduBlabar, pluttra.MediaPending, "blabar_week")
	media(a, "alva_photo", blabar, eduBlabar, pluttra.MediaReady, "blabar_alva")
	media(a, "bilal_photo", blabar, eduBlabar, pluttra.MediaReady, "blabar_bilal_dept")
	media(a, "draft_photo", blabar, eduBlabar, pluttra.MediaReady, "blabar_draft")
	media(a, "blabar_unattached", blabar, eduBlabar, pluttra.MediaReady, "")
	media(a, "blabar_uploading", blabar, eduBlabar, pluttra.MediaUploading, "")
	media(a, "dino_photo", myran, eduLingonMyran, pluttra.MediaReady, "myran_dino")

	post := func(org *pluttra.Organisation, name string, deptID int64, author *pluttra.User, audience pluttra.Audience, status pluttra.PostStatus, on pluttra.Date, children ...int64) {
		p := &pluttra.Post{DepartmentID: deptID, AuthorID: author.ID, Audience: audience, Status: status, PublishedOn: on,
			Body: "Idag har vi " + name + ".", Children: children, Areas: []pluttra.CurriculumArea{pluttra.CurriculumAreas[1]},
			Media: postMedia[name]}
		must(s.SavePost(ctx, org.ID, p, nil))
		w.Posts[name] = p.ID
	}
	dep, kids, pub, draft := pluttra.AudienceDepartment, pluttra.AudienceChildren, pluttra.PostPublished, pluttra.PostDraft
	post(a, "blabar_week", blabar, eduBlabar, dep, pub, w.Today)
	post(a, "blabar_alva", blabar, eduBlabar, kids, pub, w.Today, alva)
	post(a, "blabar_alva_dept", blabar, eduBlabar, dep, pub, w.Today, alva)
	post(a, "blabar_bilal_dept", blabar, eduBlabar, dep, pub, w.Today, bilal)
	post(a, "blabar_before_placements", blabar, eduBlabar, dep, pub, w.Today.AddDays(-400))
	post(a, "blabar_draft", blabar, eduBlabar, dep, draft, pluttra.Date{})
	post(a, "lingon_week", lingon, eduLingonMyran, dep, pub, w.Today)
	post(a, "myran_dino", myran, eduLingonMyran, kids, pub, w.Today, dino)

	// Comments: a guardian's thread with the staff on a department post,
	// a staff note to all its readers, a hidden comment, and a comment on
	// a post about one child.
	comment := func(org *pluttra.Organisation, name, post string, author *pluttra.User, thread *pluttra.User) int64 {
		c := &pluttra.Comment{PostID: w.Posts[post], AuthorID: author.ID, Body: "Kommentar " + name}
		if thread != nil {
			c.ThreadID = thread.ID
		}
		must(s.AddComment(ctx, org.ID, c))
		w.Comments[name] = c.ID
		return c.ID
	}
	comment(a, "mother_on_week", "blabar_week", anna, anna)
	comment(a, "reply_to_mother", "blabar_week", eduBlabar, anna)
	comment(a, "staff_note_on_week", "blabar_week", eduBlabar, nil)
	must(s.HideComment(ctx, a.ID, comment(a, "bilal_hidden", "blabar_week", cecilia, cecilia), eduBlabar.ID))
	comment(a, "father_on_alva", "blabar_alva", bo, nil)

	// Important messages: to a department asking for acknowledgement (with
	// a photo), to a whole unit, and to one chosen guardian.
	media(a, "notice_photo", blabar, eduBlabar, pluttra.MediaReady, "")
	message := func(org *pluttra.Organisation, name string, sender *pluttra.User, scope pluttra.MessageScope, place int64, ack bool, media []int64, to ...*pluttra.User) {
		m := &pluttra.Message{SenderID: sender.ID, Scope: scope, Title: "Meddelande " + name, Body: "Hej!", RequiresAck: ack, Media: media}
		if scope == pluttra.ScopeUnit {
			m.UnitID = place
		} else {
			m.DepartmentID = place
		}
		for _, u := range to {
			m.Recipients = append(m.Recipients, u.ID)
		}
		must(s.SendMessage(ctx, org.ID, m, w.Today, nil))
		w.Messages[name] = m.ID
	}
	message(a, "blabar_notice", eduBlabar, pluttra.ScopeDepartment, blabar, true, []int64{w.Media["notice_photo"]})
	message(a, "ekbacken_unit", rektor, pluttra.ScopeUnit, ekbacken, false, nil)
	message(a, "blabar_mother_only", eduBlabar, pluttra.ScopeGuardians, blabar, false, nil, anna)

	// Conversations: Alva's mother alone with the staff (her household's
	// own thread), the staff with both of Alva's guardians, Bilal's
	// guardian, and Cleo's with the guardian whose guardianship ended.
	conversation := func(org *pluttra.Organisation, name string, childID, deptID int64, starter *pluttra.User, guardians ...*pluttra.User) {
		c := &pluttra.Conversation{ChildID: childID, DepartmentID: deptID, Subject: "Samtal " + name, StartedBy: starter.ID}
		for _, g := range guardians {
			c.Guardians = append(c.Guardians, g.ID)
		}
		must(s.StartConversation(ctx, org.ID, c, "Hej från "+starter.Name, w.Today, nil))
		w.Conversations[name] = c.ID
	}
	conversation(a, "alva_mother", alva, blabar, anna, anna)
	conversation(a, "alva_both", alva, blabar, eduBlabar, anna, bo)
	conversation(a, "bilal", bilal, blabar, cecilia, cecilia)
	conversation(a, "cleo_with_ended", cleo, lingon, eduLingonMyran, david, erik)
	// Calendars: a department's outing, the unit's planning day, another
	// unit's closure and another department's parents' meeting.
	event := func(org *pluttra.Organisation, name string, deptID, unitID int64, kind pluttra.CalendarKind, author *pluttra.User) {
		start := pluttra.WallTime(w.Today.AddDays(7), 9*60)
		e := &pluttra.CalendarEvent{DepartmentID: deptID, UnitID: unitID, Kind: kind, Title: "Händelse " + name,
			Start: start, End: start.Add(2 * time.Hour), CreatedBy: author.ID}
		must(pluttra.CheckCalendarEvent(e))
		must(s.CreateCalendarEvent(ctx, org.ID, e))
		w.Events[name] = e.ID
	}
	event(a, "blabar_outing", blabar, 0, pluttra.CalendarOuting, eduBlabar)
	event(a, "ekbacken_planning", 0, ekbacken, pluttra.CalendarPlanningDay, rektor)
	event(a, "granen_closure", 0, granen, pluttra.CalendarClosure, rektor)
	event(a, "myran_meeting", myran, 0, pluttra.CalendarParentsMeeting, eduLingonMyran)
	// Development talks: a round in Blabar with Alva's time (booked by her
	// mother), Bilal's and a free one; Dino's in Myran.
	type booking struct {
		child int64
		by    *pluttra.User
	}
	talks := func(org *pluttra.Organisation, deptID int64, author *pluttra.User, slots map[string]booking) {
		r := &pluttra.TalkRound{DepartmentID: deptID, Title: "Utvecklingssamtal", Questions: []string{"Vad tycker ert barn om?"}, CreatedBy: author.ID}
		must(pluttra.CheckTalkRound(r))
		must(s.CreateTalkRound(ctx, org.ID, r))
		hour := 9
		for _, name := range sortedKeys(slots) {
			start := pluttra.WallTime(w.Today.AddDays(7), hour*60)
			hour++
			sl := []pluttra.TalkSlot{{Start: start, End: start.Add(45 * time.Minute), Mode: pluttra.TalkInPerson, Place: "Ateljén", CreatedBy: author.ID}}
			must(s.AddTalkSlots(ctx, org.ID, r.ID, sl))
			if b := slots[name]; b.child != 0 {
				must(s.BookTalk(ctx, org.ID, sl[0].ID, b.child, b.by.ID, time.Now(), nil))
			}
			w.Talks[name] = sl[0].ID
		}
	}
	talks(a, blabar, eduBlabar, map[string]booking{"blabar_alva": {alva, anna}, "blabar_bilal": {bilal, cecilia}, "blabar_free": {}})
	talks(a, myran, eduLingonMyran, map[string]booking{"myran_dino": {dino, fatima}})

	b := &w.OrgB
	norr := unit(b, "Norrgarden")
	ugglan := dept(b, norr, "Ugglan")
	user(b, "admin_norrby", pluttra.KindOrgAdmin)
	eduB := user(b, "educator_ugglan", pluttra.KindStaff)
	member(b, eduB, pluttra.RoleEducator, ugglan, since)
	gB := user(b, "guardian_elin", pluttra.KindGuardian)
	child(b, "Elin", false, ugglan, gB)
	media(b, "ugglan_photo", ugglan, eduB, pluttra.MediaReady, "ugglan_week")
	post(b, "ugglan_week", ugglan, eduB, dep, pub, w.Today)
	comment(b, "elin_on_ugglan", "ugglan_week", gB, gB)
	message(b, "ugglan_notice", eduB, pluttra.ScopeDepartment, ugglan, true, nil)
	conversation(b, "elin", w.Children["Elin"], ugglan, gB, gB)
	event(b, "ugglan_outing", ugglan, 0, pluttra.CalendarOuting, eduB)
	talks(b, ugglan, eduB, map[string]booking{"ugglan_elin": {w.Children["Elin"], gB}})

	must(s.DeactivateUser(ctx, a.ID, deactivated.ID))
	deactivated.Active = false
	return w
}

func sortedKeys[V any](m map[string]V) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}
