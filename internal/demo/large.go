package demo

import (
	"context"
	"fmt"
	"math/rand/v2"

	"github.com/pluttra/pluttra/internal/pluttra"
)

// Size is the shape of a generated municipality.
type Size struct {
	Units, Departments, Children, Guardians, Educators int
}

// Large is the big municipality the benchmarks use.
var Large = Size{Units: 130, Departments: 650, Children: 10000, Guardians: 20000, Educators: 1950}

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
	for i := range size.Educators {
		e := sd.user(org.ID, pluttra.KindStaff, fmt.Sprintf("pedagog%d@%s.example", i+1, slug), fmt.Sprintf("Pedagog %d", i+1), "")
		d := depts[i%len(depts)]
		sd.do(func() error {
			return s.AddStaffMembership(ctx, org.ID, &pluttra.StaffMembership{UserID: e.ID, Role: pluttra.RoleEducator, DepartmentID: d, Period: sd.since})
		})
	}
	guardians := 0
	for i := range size.Children {
		c := &pluttra.Child{FirstName: firstNames[i%len(firstNames)], LastName: lastNames[i%len(lastNames)],
			BirthDate: sd.since.From.AddDays(-sd.rng.IntN(4 * 365)), ProtectedIdentity: i%500 == 0}
		sd.do(func() error { return s.CreateChild(ctx, org.ID, c) })
		d := depts[i%len(depts)]
		sd.do(func() error {
			return s.AddPlacement(ctx, org.ID, &pluttra.Placement{ChildID: c.ID, DepartmentID: d, Period: sd.since})
		})
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
		}
		if sd.err != nil {
			break
		}
	}
	return org, sd.err
}
