package demo_test

import (
	"context"
	"testing"
	"time"

	"github.com/pluttra/pluttra/internal/access"
	"github.com/pluttra/pluttra/internal/demo"
	"github.com/pluttra/pluttra/internal/pluttra"
	"github.com/pluttra/pluttra/internal/store"
	"github.com/pluttra/pluttra/internal/testrig"
)

func TestSeedIsIdempotentAndShapedAsPromised(t *testing.T) {
	ctx := context.Background()
	s := testrig.SQLite(t, store.Options{})
	today := testrig.Today()
	created, err := demo.Seed(ctx, s, "hash", today)
	if err != nil || !created {
		t.Fatalf("created=%v err=%v", created, err)
	}
	created, err = demo.Seed(ctx, s, "hash", today)
	if err != nil || created {
		t.Fatalf("second seed: created=%v err=%v", created, err)
	}
	org, err := s.OrganisationBySlug(ctx, demo.Slug)
	if err != nil {
		t.Fatal(err)
	}
	units, _ := s.Units(ctx, org.ID)
	depts, _ := s.Departments(ctx, org.ID)
	children, _ := s.Children(ctx, org.ID, pluttra.Filter{})
	if len(units) != 2 || len(depts) != 4 || len(children) != 40 {
		t.Fatalf("units=%d departments=%d children=%d", len(units), len(depts), len(children))
	}
	protected, twoGuardians := 0, 0
	for _, c := range children {
		if c.ProtectedIdentity {
			protected++
		}
		if gs, _ := s.Guardianships(ctx, org.ID, c.ID); len(gs) == 2 {
			twoGuardians++
		}
	}
	levels := map[pluttra.ConsentLevel]int{}
	for _, c := range children {
		l, err := s.EffectiveConsent(ctx, org.ID, c.ID, today)
		if err != nil {
			t.Fatal(err)
		}
		levels[l]++
	}
	if levels[pluttra.ConsentShared] < 5 || levels[pluttra.ConsentOwn] < 5 || levels[pluttra.ConsentNone] < 1 {
		t.Fatalf("effective consent spread = %v", levels)
	}
	if protected != 1 || twoGuardians < 20 {
		t.Fatalf("protected=%d with two guardians=%d", protected, twoGuardians)
	}
	for _, l := range demo.Logins {
		us, err := s.UsersByEmail(ctx, l.Email)
		if err != nil || len(us) != 1 {
			t.Fatalf("demo login %s: %v %d", l.Email, err, len(us))
		}
	}
	// The guardian of two sees exactly two children.
	us, _ := s.UsersByEmail(ctx, "vardnadshavare@solasen.example")
	pol := access.New(s, nil)
	p, _ := pol.Principal(ctx, &us[0])
	mine, _ := s.Children(ctx, org.ID, access.ChildrenFilter(p, pol.Today()))
	if len(mine) != 2 {
		t.Fatalf("guardian of two sees %d children", len(mine))
	}
	// ... and both departments' calendars with the unit's planning day.
	events, err := s.CalendarEvents(ctx, org.ID, access.CalendarScope(p), today, today.AddDays(60))
	whose := map[string]bool{}
	for _, e := range events {
		whose[e.DepartmentName+"/"+e.UnitName] = true
	}
	if err != nil || len(events) != 4 || len(whose) != 3 {
		t.Fatalf("the guardian of two's calendar: %d events from %v, %v", len(events), whose, err)
	}
}

func TestGenerateSmallMunicipality(t *testing.T) {
	ctx := context.Background()
	s := testrig.SQLite(t, store.Options{})
	size := demo.Size{Units: 3, Departments: 9, Children: 60, Guardians: 100, Educators: 18, Posts: 900}
	org, err := demo.Generate(ctx, s, "gen", size, "", testrig.Today())
	if err != nil {
		t.Fatal(err)
	}
	depts, _ := s.Departments(ctx, org.ID)
	children, _ := s.Children(ctx, org.ID, pluttra.Filter{})
	if len(depts) != 9 || len(children) != 60 {
		t.Fatalf("departments=%d children=%d", len(depts), len(children))
	}
	guardianships := 0
	for _, c := range children {
		gs, _ := s.Guardianships(ctx, org.ID, c.ID)
		if len(gs) == 0 {
			t.Fatalf("child %d has no guardian", c.ID)
		}
		guardianships += len(gs)
	}
	if guardianships != 100 {
		t.Fatalf("guardianships = %d, want every one of the 100 guardians used", guardianships)
	}
	n, err := s.CountPostsSince(ctx, org.ID, pluttra.Filter{SQL: "1 = 1"}, time.Time{}, 10000)
	if err != nil || n != 900 {
		t.Fatalf("posts = %d, %v; want 900", n, err)
	}
	recent, err := s.CountPostsSince(ctx, org.ID, pluttra.Filter{SQL: "1 = 1"}, time.Now().Add(-200*24*time.Hour), 10000)
	if err != nil || recent < 400 || recent > 500 {
		t.Fatalf("posts in the last 200 days = %d, %v; want about half, spread over 400 days", recent, err)
	}
}

// TestDemoDocumentationKeepsTheConsentRules: every department has
// documentation to look at, and none of it breaks the publishing rules.
func TestDemoDocumentationKeepsTheConsentRules(t *testing.T) {
	ctx := context.Background()
	s := testrig.SQLite(t, store.Options{})
	today := testrig.Today()
	if _, err := demo.Seed(ctx, s, "hash", today); err != nil {
		t.Fatal(err)
	}
	org, err := s.OrganisationBySlug(ctx, demo.Slug)
	if err != nil {
		t.Fatal(err)
	}
	depts, _ := s.Departments(ctx, org.ID)
	for _, d := range depts {
		posts, err := s.Posts(ctx, org.ID, pluttra.Filter{SQL: "1 = 1"}, pluttra.PostPage{DepartmentID: d.ID})
		if err != nil {
			t.Fatal(err)
		}
		if len(posts) < 2 {
			t.Fatalf("%s has %d posts", d.Name, len(posts))
		}
		for _, p := range posts {
			levels, err := s.ConsentLevels(ctx, org.ID, p.Children, today)
			if err != nil {
				t.Fatal(err)
			}
			if problems := pluttra.CheckConsent(&p, levels, false); len(problems) > 0 {
				t.Fatalf("post %d breaks the consent rules: %+v", p.ID, problems)
			}
		}
	}
}
