// Package demo fills a store with the demo organisation that `pluttra demo`
// serves, and generates large municipalities for benchmarks.
package demo

import (
	"context"
	"fmt"
	"math/rand/v2"
	"strings"

	"github.com/pluttra/pluttra/internal/pluttra"
)

// Slug names the demo organisation; seeding checks for it, so it runs once.
const Slug = "demo"

// Password is every demo account's password.
const Password = "pluttra-demo"

// Login is a demo account to try.
type Login struct {
	Role  string
	Email string
}

// Logins are the accounts `pluttra demo` prints.
var Logins = []Login{
	{"org admin", "admin@solasen.example"},
	{"principal (Solåsens förskola)", "rektor@solasen.example"},
	{"educator (Blåbäret)", "pedagog@solasen.example"},
	{"guardian of two (separate households from the other parent)", "vardnadshavare@solasen.example"},
	{"guardian of a child with protected identity", "skyddad@solasen.example"},
}

// Seed creates the demo organisation unless it exists: one municipality
// with 2 units, 4 departments, 40 children, their guardians (some with two
// guardians in separate households, one child with protected identity),
// educators, a principal and an org admin. hash is every account's password
// hash. It reports whether it created anything.
func Seed(ctx context.Context, s pluttra.Store, hash string, today pluttra.Date) (bool, error) {
	if _, err := s.OrganisationBySlug(ctx, Slug); err == nil {
		return false, nil
	} else if pluttra.ErrorCode(err) != pluttra.ENOTFOUND {
		return false, err
	}
	sd := &seeder{s: s, ctx: ctx, hash: hash, rng: rand.New(rand.NewPCG(2026, 11)), since: pluttra.Period{From: today.AddDays(-400)}, today: today}
	sd.run()
	return sd.err == nil, sd.err
}

// seeder keeps the first error and skips the rest, so the seeding reads as
// a plain list of steps.
type seeder struct {
	s     pluttra.Store
	ctx   context.Context
	hash  string
	rng   *rand.Rand
	since pluttra.Period
	today pluttra.Date
	err   error
	n     int
}

func (sd *seeder) do(f func() error) {
	if sd.err == nil {
		sd.err = f()
	}
}

func (sd *seeder) user(orgID int64, kind pluttra.UserKind, email, name, lang string) *pluttra.User {
	u := &pluttra.User{Kind: kind, Email: email, Name: name, Language: lang, PasswordHash: sd.hash}
	sd.do(func() error { return sd.s.CreateUser(sd.ctx, orgID, u) })
	return u
}

func (sd *seeder) run() {
	// The demo is for trying Pluttra without an authenticator app, so its
	// staff log in with a password only; a real organisation starts with
	// the second factor required, and the admin can turn it on here too.
	org := &pluttra.Organisation{Slug: Slug, Name: "Solåsens kommun", RequireStaffMFA: false}
	sd.do(func() error { return sd.s.CreateOrganisation(sd.ctx, org) })
	if sd.err != nil {
		return
	}
	sd.user(org.ID, pluttra.KindOrgAdmin, "admin@solasen.example", "Alex Admin", "")
	units := []*pluttra.Unit{{Name: "Solåsens förskola", Address: "Solåsvägen 4"}, {Name: "Ekbackens förskola", Address: "Ekbacken 12"}}
	var depts []*pluttra.Department
	for ui, u := range units {
		sd.do(func() error { return sd.s.CreateUnit(sd.ctx, org.ID, u) })
		for di := range 2 {
			d := &pluttra.Department{UnitID: u.ID, Name: departmentNames[ui*2+di]}
			sd.do(func() error { return sd.s.CreateDepartment(sd.ctx, org.ID, d) })
			depts = append(depts, d)
		}
	}
	rektor := sd.user(org.ID, pluttra.KindStaff, "rektor@solasen.example", "Rut Rektor", "")
	sd.do(func() error {
		return sd.s.AddStaffMembership(sd.ctx, org.ID, &pluttra.StaffMembership{UserID: rektor.ID, Role: pluttra.RolePrincipal, UnitID: units[0].ID, Period: sd.since})
	})
	educators := map[int64]*pluttra.User{} // the first educator of each department
	for i, d := range depts {
		email := fmt.Sprintf("pedagog%d@solasen.example", i+1)
		if i == 0 {
			email = "pedagog@solasen.example"
		}
		for j := range 2 {
			if j == 1 {
				email = fmt.Sprintf("barnskotare%d@solasen.example", i+1)
			}
			e := sd.user(org.ID, pluttra.KindStaff, email, adultNames[(i*2+j)%len(adultNames)]+" Pedagog", "")
			if j == 0 {
				educators[d.ID] = e
			}
			sd.do(func() error {
				return sd.s.AddStaffMembership(sd.ctx, org.ID, &pluttra.StaffMembership{UserID: e.ID, Role: pluttra.RoleEducator, DepartmentID: d.ID, Period: sd.since})
			})
		}
	}
	// The guardian of two: children in two departments, and the other
	// parent of each lives in another household with their own account.
	two := sd.user(org.ID, pluttra.KindGuardian, "vardnadshavare@solasen.example", "Vera Vårdnadshavare", "")
	protected := sd.user(org.ID, pluttra.KindGuardian, "skyddad@solasen.example", "Sam Skyddad", "")
	langs := []string{"", "", "", "en", "ar", "fa", "prs", "so"}
	placed := map[int64][]int64{} // children by department
	for i := range 40 {
		d := depts[i%len(depts)]
		c := &pluttra.Child{FirstName: firstNames[i%len(firstNames)], LastName: lastNames[sd.rng.IntN(len(lastNames))],
			BirthDate: sd.since.From.AddDays(-sd.rng.IntN(4*365) - 300), ProtectedIdentity: i == 5}
		sd.do(func() error { return sd.s.CreateChild(sd.ctx, org.ID, c) })
		sd.do(func() error {
			return sd.s.AddPlacement(sd.ctx, org.ID, &pluttra.Placement{ChildID: c.ID, DepartmentID: d.ID, Period: sd.since})
		})
		placed[d.ID] = append(placed[d.ID], c.ID)
		var guardians []*pluttra.User
		switch {
		case i == 0 || i == 1:
			guardians = append(guardians, two)
		case i == 5:
			guardians = append(guardians, protected)
		default:
			guardians = append(guardians, sd.guardian(org.ID, c, langs[sd.rng.IntN(len(langs))]))
		}
		if i%3 != 2 {
			guardians = append(guardians, sd.guardian(org.ID, c, langs[sd.rng.IntN(len(langs))]))
		}
		for _, g := range guardians {
			sd.do(func() error {
				return sd.s.AddGuardianship(sd.ctx, org.ID, &pluttra.Guardianship{ChildID: c.ID, GuardianID: g.ID, Period: sd.since})
			})
			sd.consent(org.ID, c.ID, g.ID)
		}
	}
	for _, d := range depts {
		sd.documentation(org.ID, d, educators[d.ID], placed[d.ID])
		sd.communication(org.ID, d, educators[d.ID], placed[d.ID])
	}
	sd.calendar(org.ID, units[0], depts, rektor, educators)
	sd.talks(org.ID, depts[0], educators[depts[0].ID])
}

// consent gives a spread of photo-consent answers, as in a real preschool:
// most say shared, some own, a few none, and some never answer.
func (sd *seeder) consent(orgID, childID, guardianID int64) {
	var level pluttra.ConsentLevel
	switch r := sd.rng.IntN(20); {
	case r < 12:
		level = pluttra.ConsentShared
	case r < 16:
		level = pluttra.ConsentOwn
	case r < 18:
		level = pluttra.ConsentNone
	default:
		return
	}
	sd.do(func() error {
		return sd.s.RecordConsent(sd.ctx, orgID, &pluttra.Consent{ChildID: childID, GuardianID: guardianID, Level: level})
	})
}

func (sd *seeder) guardian(orgID int64, c *pluttra.Child, lang string) *pluttra.User {
	sd.n++
	name := adultNames[sd.rng.IntN(len(adultNames))] + " " + c.LastName
	email := fmt.Sprintf("%s.%d@familj.example", strings.ToLower(asciiOnly(c.FirstName)), sd.n)
	return sd.user(orgID, pluttra.KindGuardian, email, name, lang)
}

// asciiOnly keeps generated addresses plain: å, ä and ö become a and o.
func asciiOnly(s string) string {
	return strings.NewReplacer("å", "a", "ä", "a", "ö", "o", "Å", "A", "Ä", "A", "Ö", "O").Replace(s)
}
