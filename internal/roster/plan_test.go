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

const header = "child_id,child_first_name,child_last_name,child_birth_date,protected_identity,unit,department,placement_from,guardian_id,guardian_name,guardian_email,guardian_language\n"

const autumn = header +
	"c1,Alva,Berg,2022-03-01,nej,Solåsen,Blåbär,2025-08-15,g1,Anna Berg,anna@familj.example,sv\n" +
	"c1,Alva,Berg,2022-03-01,nej,Solåsen,Blåbär,2025-08-15,g2,Bo Berg,bo@familj.example,\n" +
	"c2,Bilal,Ali,2021-11-30,ja,Solåsen,Lingon,2025-08-15,g3,Sara Ali,sara@familj.example,ar\n" +
	"c3,Cleo,Ek,,,Solåsen,Lingon,2025-08-15,,,,\n"

// spring: Alva moves to Lingon and Bo is no longer her guardian, Bilal's
// surname is corrected, Cleo has left.
const spring = header +
	"c1,Alva,Berg,2022-03-01,nej,Solåsen,Lingon,2025-08-15,g1,Anna Berg,anna@familj.example,sv\n" +
	"c2,Bilal,Ali Khan,2021-11-30,ja,Solåsen,Lingon,2025-08-15,g3,Sara Ali,sara@familj.example,ar\n"

// planFor plans importing file into the organisation as the store holds it today.
func planFor(t *testing.T, s *store.Store, orgID int64, file string) *pluttra.ImportPlan {
	t.Helper()
	today := testrig.Today()
	st, err := s.RosterState(context.Background(), orgID, today)
	if err != nil {
		t.Fatal(err)
	}
	return roster.Plan(load(t, file), st, today)
}

func load(t *testing.T, file string) *roster.Roster {
	t.Helper()
	r, errs, err := roster.ParseCSV(strings.NewReader(file))
	if err != nil || len(errs) > 0 {
		t.Fatalf("err=%v errs=%+v", err, errs)
	}
	return r
}

func TestImportRoundTrip(t *testing.T) {
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
			plan := func(file string) *pluttra.ImportPlan { return planFor(t, s, org.ID, file) }

			p := plan(autumn)
			if len(p.NewUnits) != 1 || len(p.NewDepartments) != 2 || len(p.NewChildren) != 3 || len(p.NewGuardians) != 3 || len(p.NewGuardianships) != 3 {
				t.Fatalf("first plan = %+v", p)
			}
			if err := s.ApplyImportPlan(ctx, org.ID, p); err != nil {
				t.Fatal(err)
			}
			if again := plan(autumn); !again.Empty() {
				t.Fatalf("re-import plans changes: %+v", again)
			}

			p = plan(spring)
			if len(p.Moves) != 1 || len(p.ChangedChildren) != 1 || len(p.EndedGuardianships) != 1 || len(p.EndedPlacements) != 1 ||
				len(p.NewChildren)+len(p.NewGuardians)+len(p.NewGuardianships) != 0 {
				t.Fatalf("spring plan = %+v", p)
			}
			if err := s.ApplyImportPlan(ctx, org.ID, p); err != nil {
				t.Fatal(err)
			}
			if again := plan(spring); !again.Empty() {
				t.Fatalf("re-import after spring plans changes: %+v", again)
			}
			depts, _ := s.Departments(ctx, org.ID)
			var lingon int64
			for _, d := range depts {
				if d.Name == "Lingon" {
					lingon = d.ID
				}
			}
			in, _ := s.ChildrenInDepartment(ctx, org.ID, lingon, today)
			names := []string{}
			for _, c := range in {
				names = append(names, c.FirstName+" "+c.LastName)
			}
			if strings.Join(names, ",") != "Alva Berg,Bilal Ali Khan" {
				t.Fatalf("Lingon today: %v", names)
			}
			us, _ := s.UsersByEmail(ctx, "bo@familj.example")
			kids, _ := s.ChildrenOfGuardian(ctx, org.ID, us[0].ID, today)
			if len(kids) != 0 {
				t.Fatal("Bo is still Alva's guardian after the import ended it")
			}
		})
	}
}

func TestImportIsAllOrNothing(t *testing.T) {
	ctx := context.Background()
	s := testrig.SQLite(t, store.Options{})
	org := pluttra.Organisation{Slug: "k", Name: "Kommunen"}
	if err := s.CreateOrganisation(ctx, &org); err != nil {
		t.Fatal(err)
	}
	// A staff account already has Bo's address: creating him fails at the
	// end of the plan, and nothing before it may stay.
	if err := s.CreateUser(ctx, org.ID, &pluttra.User{Kind: pluttra.KindStaff, Email: "bo@familj.example", Name: "Bo"}); err != nil {
		t.Fatal(err)
	}
	st, _ := s.RosterState(ctx, org.ID, testrig.Today())
	p := roster.Plan(load(t, autumn), st, testrig.Today())
	if err := s.ApplyImportPlan(ctx, org.ID, p); err == nil {
		t.Fatal("a colliding import was applied")
	}
	children, _ := s.Children(ctx, org.ID, pluttra.Filter{})
	units, _ := s.Units(ctx, org.ID)
	if len(children) != 0 || len(units) != 0 {
		t.Fatalf("a failed import left %d children and %d units", len(children), len(units))
	}
}
