package roster_test

import (
	"context"
	"strings"
	"testing"

	"github.com/pluttra/pluttra/internal/pluttra"
	"github.com/pluttra/pluttra/internal/roster"
	"github.com/pluttra/pluttra/internal/store"
	"github.com/pluttra/pluttra/internal/testrig"
)

const staffHeader = "staff_id,name,email,role,unit,department,from\n"

const staffAutumn = staffHeader +
	"s1,Eva Pedagog,eva@kommun.example,pedagog,Solåsen,Blåbär,2025-08-01\n" +
	"s1,Eva Pedagog,eva@kommun.example,pedagog,Solåsen,Lingon,2025-08-01\n" +
	"s2,Rut Rektor,rut@kommun.example,rektor,Solåsen,,2025-08-01\n"

// staffSpring: Eva works in Blåbär only; Rut has left.
const staffSpring = staffHeader +
	"s1,Eva Pedagog,eva@kommun.example,educator,Solåsen,Blåbär,2025-08-01\n"

func TestStaffImport(t *testing.T) {
	for _, b := range testrig.Backends() {
		t.Run(b.Name, func(t *testing.T) {
			t.Parallel()
			ctx := context.Background()
			s := b.Open(t, store.Options{})
			org := pluttra.Organisation{Slug: "k", Name: "Kommunen"}
			if err := s.CreateOrganisation(ctx, &org); err != nil {
				t.Fatal(err)
			}
			today := testrig.Today()
			apply := func(file string) *pluttra.ImportPlan {
				t.Helper()
				p := planFor(t, s, org.ID, file)
				if err := s.ApplyImportPlan(ctx, org.ID, p); err != nil {
					t.Fatal(err)
				}
				return p
			}
			apply(autumn) // the children first: a staff file must leave them be
			p := apply(staffAutumn)
			if len(p.NewStaff) != 2 || len(p.NewMemberships) != 3 || len(p.EndedPlacements) != 0 || len(p.NewDepartments) != 0 {
				t.Fatalf("staff plan = %+v", p)
			}
			if again := apply(staffAutumn); !again.Empty() {
				t.Fatalf("re-import plans changes: %+v", again)
			}
			p = apply(staffSpring)
			if len(p.EndedMemberships) != 2 || len(p.NewMemberships)+len(p.NewStaff) != 0 {
				t.Fatalf("spring plan = %+v", p)
			}
			if again := apply(staffSpring); !again.Empty() {
				t.Fatalf("re-import after spring plans changes: %+v", again)
			}
			us, _ := s.UsersByEmail(ctx, "eva@kommun.example")
			facts, err := s.PrincipalFacts(ctx, org.ID, us[0].ID, today)
			if err != nil || len(facts.StaffDepartments) != 1 {
				t.Fatalf("Eva's departments: %+v %v", facts, err)
			}
			rut, _ := s.UsersByEmail(ctx, "rut@kommun.example")
			if f, _ := s.PrincipalFacts(ctx, org.ID, rut[0].ID, today); len(f.PrincipalUnits) != 0 {
				t.Fatal("a principal the file no longer names still leads the unit")
			}
			children, _ := s.Children(ctx, org.ID, pluttra.Filter{})
			for _, c := range children {
				if ps, _ := s.Placements(ctx, org.ID, c.ID); len(ps) == 0 || !ps[len(ps)-1].To.IsZero() {
					t.Fatalf("a staff import touched %s's placement", c.FirstName)
				}
			}
		})
	}
}

func TestStaffCSVErrors(t *testing.T) {
	file := staffHeader +
		"s1,Eva,inte-en-adress,vaktmästare,Solåsen,,2025-08-01\n" +
		"s2,Per,per@kommun.example,pedagog,Solåsen,,2025-08-01\n"
	_, errs, err := roster.ParseCSV(strings.NewReader(file))
	if err != nil {
		t.Fatal(err)
	}
	got := map[string]bool{}
	for _, e := range errs {
		got[e.Field+" "+e.Key] = true
	}
	for _, want := range []string{"email error.email", "role import.error.role", "department error.required"} {
		if !got[want] {
			t.Errorf("missing %q in %v", want, got)
		}
	}
}
