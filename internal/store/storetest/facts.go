package storetest

import (
	"testing"

	"github.com/pluttra/pluttra/internal/pluttra"
)

func testFacts(t *testing.T, open Opener) {
	s := open(t)
	a := newTenant(t, s, "a")
	b := newTenant(t, s, "b")
	unit2 := pluttra.Unit{Name: "Granen"}
	must(t, s.CreateUnit(ctx, a.org.ID, &unit2))
	dept2 := pluttra.Department{UnitID: unit2.ID, Name: "Myran"}
	must(t, s.CreateDepartment(ctx, a.org.ID, &dept2))
	alva := newChild(t, s, a.org.ID, "Alva")
	anna := newUser(t, s, a.org.ID, pluttra.KindGuardian, "anna@example.se")
	eva := newUser(t, s, a.org.ID, pluttra.KindStaff, "eva@example.se")
	per := newUser(t, s, a.org.ID, pluttra.KindStaff, "per@example.se")
	since := pluttra.Period{From: today.AddDays(-30)}
	must(t, s.AddGuardianship(ctx, a.org.ID, &pluttra.Guardianship{ChildID: alva.ID, GuardianID: anna.ID, Period: since}))
	must(t, s.AddPlacement(ctx, a.org.ID, &pluttra.Placement{ChildID: alva.ID, DepartmentID: a.dept.ID, Period: since}))
	must(t, s.AddStaffMembership(ctx, a.org.ID, &pluttra.StaffMembership{UserID: eva.ID, Role: pluttra.RoleEducator, DepartmentID: dept2.ID, Period: since}))
	must(t, s.AddStaffMembership(ctx, a.org.ID, &pluttra.StaffMembership{UserID: per.ID, Role: pluttra.RolePrincipal, UnitID: a.unit.ID, Period: since}))

	t.Run("Guardian", func(t *testing.T) {
		f, err := s.PrincipalFacts(ctx, a.org.ID, anna.ID, today)
		must(t, err)
		sameIDs(t, f.GuardianChildren, []int64{alva.ID})
		sameIDs(t, f.GuardianDepartments, []int64{a.dept.ID})
		sameIDs(t, f.GuardianUnits, []int64{a.unit.ID})
		sameIDs(t, f.StaffDepartments, nil)
		f, err = s.PrincipalFacts(ctx, a.org.ID, anna.ID, today.AddDays(-31))
		must(t, err)
		sameIDs(t, f.GuardianChildren, nil)
	})
	t.Run("EducatorAndPrincipal", func(t *testing.T) {
		f, err := s.PrincipalFacts(ctx, a.org.ID, eva.ID, today)
		must(t, err)
		sameIDs(t, f.StaffDepartments, []int64{dept2.ID})
		sameIDs(t, f.EducatorUnits, []int64{unit2.ID})
		sameIDs(t, f.PrincipalUnits, nil)
		f, err = s.PrincipalFacts(ctx, a.org.ID, per.ID, today)
		must(t, err)
		sameIDs(t, f.PrincipalUnits, []int64{a.unit.ID})
		sameIDs(t, f.StaffDepartments, []int64{a.dept.ID})
	})
	t.Run("Child", func(t *testing.T) {
		f, err := s.ChildFacts(ctx, a.org.ID, alva.ID, today)
		must(t, err)
		sameIDs(t, f.DepartmentIDs, []int64{a.dept.ID})
		sameIDs(t, f.UnitIDs, []int64{a.unit.ID})
		sameIDs(t, f.GuardianIDs, []int64{anna.ID})
		d, err := s.DepartmentFacts(ctx, a.org.ID, dept2.ID)
		must(t, err)
		if d.UnitID != unit2.ID {
			t.Fatalf("department unit = %d", d.UnitID)
		}
	})
	t.Run("ErrForeignOrganisation", func(t *testing.T) {
		_, err := s.ChildFacts(ctx, b.org.ID, alva.ID, today)
		wantCode(t, err, pluttra.ENOTFOUND)
		_, err = s.DepartmentFacts(ctx, b.org.ID, dept2.ID)
		wantCode(t, err, pluttra.ENOTFOUND)
		f, err := s.PrincipalFacts(ctx, b.org.ID, anna.ID, today)
		must(t, err)
		if len(f.GuardianChildren)+len(f.StaffDepartments) != 0 {
			t.Fatalf("facts leak across organisations: %+v", f)
		}
	})
}
