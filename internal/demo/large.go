package demo

import (
	"context"
	"fmt"
	"math/rand/v2"
	"time"

	"github.com/pluttra/pluttra/internal/pluttra"
)

// Size is the shape of a generated municipality.
type Size struct {
	Units, Departments, Children, Guardians, Educators int
	// Posts are spread over the departments and the last 400 days.
	Posts int
}

// Large is the big municipality the benchmarks use.
var Large = Size{Units: 130, Departments: 650, Children: 10000, Guardians: 20000, Educators: 1950, Posts: 800000}

// Generate creates a municipality of the given size under slug. Children
// are spread evenly over departments; every child gets two guardians while
// guardians last, one after that. Every account gets hash as its password.
func Generate(ctx context.Context, s pluttra.Store, slug string, size Size, hash string, today pluttra.Date) (*pluttra.Organisation, error) {
	if size.Units < 1 || size.Departments < size.Units || size.Children < 1 {
		return nil, fmt.Errorf("generate: need at least one unit, a department per unit and a child")
	}
	sd := &seeder{s: s, ctx: ctx, hash: hash, rng: rand.New(rand.NewPCG(uint64(size.Children), 7)), since: pluttra.Period{From: today.AddDays(-400)}}
	org := &pluttra.Organisation{Slug: slug, Name: "Storstadens kommun " + slug, RequireStaffMFA: true}
	sd.do(func() error { return s.CreateOrganisation(ctx, org) })
	units := make([]int64, size.Units)
	for i := range units {
		u := &pluttra.Unit{Name: fmt.Sprintf("Förskolan %d", i+1)}
		sd.do(func() error { return s.CreateUnit(ctx, org.ID, u) })
		units[i] = u.ID
	}
	depts := make([]int64, size.Departments)
	for i := range depts {
		d := &pluttra.Department{UnitID: units[i%len(units)], Name: fmt.Sprintf("%s %d", departmentNames[i%len(departmentNames)], i+1)}
		sd.do(func() error { return s.CreateDepartment(ctx, org.ID, d) })
		depts[i] = d.ID
	}
	educators := make([]int64, 0, size.Educators)
	for i := range size.Educators {
		e := sd.user(org.ID, pluttra.KindStaff, fmt.Sprintf("pedagog%d@%s.example", i+1, slug), fmt.Sprintf("Pedagog %d", i+1), "")
		d := depts[i%len(depts)]
		sd.do(func() error {
			return s.AddStaffMembership(ctx, org.ID, &pluttra.StaffMembership{UserID: e.ID, Role: pluttra.RoleEducator, DepartmentID: d, Period: sd.since})
		})
		educators = append(educators, e.ID)
	}
	placed := make([][]int64, len(depts)) // children by department index
	guardians := 0
	for i := range size.Children {
		c := &pluttra.Child{FirstName: firstNames[i%len(firstNames)], LastName: lastNames[i%len(lastNames)],
			BirthDate: sd.since.From.AddDays(-sd.rng.IntN(4 * 365)), ProtectedIdentity: i%500 == 0}
		sd.do(func() error { return s.CreateChild(ctx, org.ID, c) })
		d := depts[i%len(depts)]
		sd.do(func() error {
			return s.AddPlacement(ctx, org.ID, &pluttra.Placement{ChildID: c.ID, DepartmentID: d, Period: sd.since})
		})
		placed[i%len(depts)] = append(placed[i%len(depts)], c.ID)
		want := 1
		if size.Guardians-guardians >= 2*(size.Children-i) {
			want = 2
		}
		for range want {
			if guardians >= size.Guardians {
				break
			}
			guardians++
			g := sd.user(org.ID, pluttra.KindGuardian, fmt.Sprintf("vh%d@%s.example", guardians, slug), fmt.Sprintf("Vårdnadshavare %d", guardians), "")
			sd.do(func() error {
				return s.AddGuardianship(ctx, org.ID, &pluttra.Guardianship{ChildID: c.ID, GuardianID: g.ID, Period: sd.since})
			})
			sd.consent(org.ID, c.ID, g.ID)
		}
		if sd.err != nil {
			break
		}
	}
	if sd.err == nil && size.Posts > 0 && len(educators) > 0 {
		sd.err = generatePosts(ctx, s, org.ID, size.Posts, depts, placed, educators, today, sd.rng)
	}
	return org, sd.err
}

// generatePosts spreads n published posts over the departments and the
// last 400 days: most about the department's work, some tagging one of
// its children, some only for one child's guardians.
func generatePosts(ctx context.Context, s pluttra.Store, orgID int64, n int, depts []int64, placed [][]int64, educators []int64, today pluttra.Date, rng *rand.Rand) error {
	const batch = 5000
	end := time.Now().Add(-time.Minute)
	step := 400 * 24 * time.Hour / time.Duration(n)
	posts := make([]pluttra.Post, 0, batch)
	for i := range n {
		d := i % len(depts)
		at := end.Add(-time.Duration(n-i) * step)
		p := pluttra.Post{DepartmentID: depts[d], AuthorID: educators[d%len(educators)], Audience: pluttra.AudienceDepartment,
			Body: postBodies[i%len(postBodies)], PublishedAt: at, PublishedOn: pluttra.DateOf(at, stockholm),
			Areas: []pluttra.CurriculumArea{pluttra.CurriculumAreas[i%len(pluttra.CurriculumAreas)]}}
		if kids := placed[d]; len(kids) > 0 {
			switch r := rng.IntN(10); {
			case r < 2:
				p.Audience, p.Children = pluttra.AudienceChildren, []int64{kids[rng.IntN(len(kids))]}
			case r < 3:
				p.Children = []int64{kids[rng.IntN(len(kids))]}
			}
		}
		posts = append(posts, p)
		if len(posts) == batch || i == n-1 {
			if err := s.AddPublishedPosts(ctx, orgID, posts); err != nil {
				return err
			}
			posts = posts[:0]
		}
	}
	return nil
}

// stockholm is the zone in which a post's day turns.
var stockholm = func() *time.Location {
	loc, err := time.LoadLocation("Europe/Stockholm")
	if err != nil {
		panic(err)
	}
	return loc
}()

var postBodies = []string{
	"Idag har vi målat med vattenfärg och pratat om vilka färger som blir när man blandar.",
	"Vi var i skogen och letade efter spår. Barnen hittade kottar som ekorren har ätit på.",
	"Sångsamling med nya sånger om hösten. Många ville sjunga om och om igen.",
	"Vi byggde en koja av filtar och pratade om hur man samarbetar när man bygger.",
	"Bakning: vi mätte upp mjöl och socker och räknade skedar tillsammans.",
}
