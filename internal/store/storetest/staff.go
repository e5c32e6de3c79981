package storetest

import (
	"testing"

	"github.com/pluttra/pluttra/internal/pluttra"
)

func testStaff(t *testing.T, open Opener) {
	s := open(t)
	a := newTenant(t, s, "a")
	b := newTenant(t, s, "b")
	eva := newUser(t, s, a.org.ID, pluttra.KindStaff, "eva@example.se")
	per := newUser(t, s, a.org.ID, pluttra.KindStaff, "per@example.se")
	guardian := newUser(t, s, a.org.ID, pluttra.KindGuardian, "g@example.se")

	edu := pluttra.StaffMembership{UserID: eva.ID, Role: pluttra.RoleEducator, DepartmentID: a.dept.ID, Period: pluttra.Period{From: today.AddDays(-10)}}
	must(t, s.AddStaffMembership(ctx, a.org.ID, &edu))
	lead := pluttra.StaffMembership{UserID: per.ID, Role: pluttra.RolePrincipal, UnitID: a.unit.ID, Period: pluttra.Period{From: today.AddDays(-10)}}
	must(t, s.AddStaffMembership(ctx, a.org.ID, &lead))

	t.Run("OK", func(t *testing.T) {
		ms, err := s.StaffMemberships(ctx, a.org.ID, eva.ID)
		must(t, err)
		if len(ms) != 1 || ms[0].Role != pluttra.RoleEducator || ms[0].DepartmentID != a.dept.ID || ms[0].UnitID != 0 {
			t.Fatalf("memberships = %+v", ms)
		}
		ms, err = s.StaffMemberships(ctx, a.org.ID, per.ID)
		must(t, err)
		if len(ms) != 1 || ms[0].Role != pluttra.RolePrincipal || ms[0].UnitID != a.unit.ID {
			t.Fatalf("memberships = %+v", ms)
		}
		us, err := s.DepartmentStaff(ctx, a.org.ID, a.dept.ID, today)
		must(t, err)
		sameIDs(t, ids(us, func(u pluttra.User) int64 { return u.ID }), []int64{eva.ID})
	})
	t.Run("Ended", func(t *testing.T) {
		must(t, s.EndStaffMembership(ctx, a.org.ID, edu.ID, today.AddDays(-1)))
		us, err := s.DepartmentStaff(ctx, a.org.ID, a.dept.ID, today)
		must(t, err)
		if len(us) != 0 {
			t.Fatal("ended educator still listed")
		}
	})
	t.Run("ErrInvalid", func(t *testing.T) {
		for _, m := range []pluttra.StaffMembership{
			{UserID: guardian.ID, Role: pluttra.RoleEducator, DepartmentID: a.dept.ID, Period: pluttra.Period{From: today}},
			{UserID: eva.ID, Role: pluttra.RoleEducator, UnitID: a.unit.ID, Period: pluttra.Period{From: today}},
			{UserID: eva.ID, Role: pluttra.RolePrincipal, DepartmentID: a.dept.ID, Period: pluttra.Period{From: today}},
			{UserID: eva.ID, Role: "janitor", DepartmentID: a.dept.ID, Period: pluttra.Period{From: today}},
			{UserID: eva.ID, Role: pluttra.RoleEducator, DepartmentID: a.dept.ID},
		} {
			wantCode(t, s.AddStaffMembership(ctx, a.org.ID, &m), pluttra.EINVALID)
		}
	})
	t.Run("ErrForeignOrganisation", func(t *testing.T) {
		m := pluttra.StaffMembership{UserID: eva.ID, Role: pluttra.RoleEducator, DepartmentID: b.dept.ID, Period: pluttra.Period{From: today}}
		wantCode(t, s.AddStaffMembership(ctx, a.org.ID, &m), pluttra.ENOTFOUND)
		wantCode(t, s.EndStaffMembership(ctx, b.org.ID, lead.ID, today), pluttra.ENOTFOUND)
		ms, err := s.StaffMemberships(ctx, b.org.ID, per.ID)
		must(t, err)
		if len(ms) != 0 {
			t.Fatal("another organisation sees memberships")
		}
	})
}
