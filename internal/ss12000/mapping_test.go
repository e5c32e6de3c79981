package ss12000_test

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"testing"

	"github.com/pluttra/pluttra/internal/pluttra"
	"github.com/pluttra/pluttra/internal/roster"
	"github.com/pluttra/pluttra/internal/ss12000"
	"github.com/pluttra/pluttra/internal/ss12000/ss12000test"
)

var ctx = context.Background()

// id names the fixture records as the fixture file numbers them.
func id(prefix string, n int) string { return fmt.Sprintf("%s000000-0000-4000-8000-%012d", prefix, n) }

func person(n int) string { return id("0b", n) }

func fetchAndMap(t *testing.T, src *ss12000test.Server) (*roster.Roster, *roster.Roster, []ss12000.RecordError) {
	t.Helper()
	c, err := ss12000.NewClient(src.URL, src.Token, ss12000test.ClientOptions())
	if err != nil {
		t.Fatal(err)
	}
	today := pluttra.Day(2026, 11, 23)
	snap, bad, err := c.Fetch(ctx, today)
	if err != nil {
		t.Fatal(err)
	}
	children, staff, badMap := ss12000.Map(snap, today)
	return children, staff, append(bad, badMap...)
}

func TestMapsTheMunicipality(t *testing.T) {
	src := ss12000test.Start(t)
	children, staff, bad := fetchAndMap(t, src)
	if len(bad) > 0 {
		t.Fatalf("bad records: %v", bad)
	}
	if src.Requests["persons"] < 4 {
		t.Fatalf("persons read in %d requests; the fixture pages by two, so paging was not followed", src.Requests["persons"])
	}

	got := map[string]*roster.Child{}
	for _, c := range children.Children {
		got[c.FirstName] = c
	}
	// Tove has only an after-school placement and Ines's placement ended.
	if len(got) != 4 || got["Alva"] == nil || got["Elis"] == nil || got["Noor"] == nil || got["Vide"] == nil {
		t.Fatalf("children = %v", keys(got))
	}
	if a := got["Alva"]; a.Unit != "Solrosens förskola" || a.Department != "Blåbär" || a.From != pluttra.Day(2024, 8, 15) ||
		a.BirthDate != pluttra.Day(2021, 3, 4) || a.Protected || a.ExtID != person(1) {
		t.Fatalf("Alva = %+v", a)
	}
	if !got["Noor"].Protected || got["Noor"].Department != "Ekollon" {
		t.Fatalf("Noor (skyddad folkbokföring) = %+v", got["Noor"])
	}
	if !slices.Equal(got["Elis"].Guardians, []string{person(11), person(12)}) {
		t.Fatalf("Elis's guardians = %v", got["Elis"].Guardians)
	}
	// Vide's god man is responsible for him but is not a guardian.
	if !slices.Equal(got["Vide"].Guardians, []string{person(14)}) {
		t.Fatalf("Vide's guardians = %v", got["Vide"].Guardians)
	}
	emails := map[string]string{}
	for _, g := range children.Guardians {
		emails[g.Name] = g.Email
	}
	if len(emails) != 4 || emails["Omar Haddad"] != "omar.haddad@example.se" {
		t.Fatalf("guardians = %v (the private address is preferred)", emails)
	}

	roles := map[string][]roster.Role{}
	for _, m := range staff.Staff {
		roles[m.Name] = m.Roles
		if m.Name == "Lena Holm" && m.Email != "lena.holm@exempelstad.se" {
			t.Fatalf("Lena's email = %s, want her work address", m.Email)
		}
	}
	if len(roles) != 3 {
		t.Fatalf("staff = %v; the teacher of a school class is not preschool staff", roles)
	}
	if r := roles["Maria Rektorsson"]; len(r) != 2 || r[0].Role != pluttra.RolePrincipal || r[0].Unit == r[1].Unit {
		t.Fatalf("the principal of the area leads both preschools: %+v", r)
	}
	if r := roles["Ahmed Karimi"]; len(r) != 2 || r[0].Department != "Lingon" || r[1].Department != "Ekollon" || r[1].From != pluttra.Day(2024, 1, 8) {
		t.Fatalf("Ahmed = %+v", r)
	}
}

func TestBadRecordsAreNamed(t *testing.T) {
	src := ss12000test.Start(t)
	src.Edit(func(d map[string][]ss12000test.Record) {
		ss12000test.Find(d, "persons", person(1))["birthDate"] = 20210304 // a number, not a date string
		ss12000test.Find(d, "persons", person(13))["emails"] = []any{}
		ss12000test.Find(d, "placements", id("0d", 4))["group"] = map[string]any{"id": id("0c", 99)}
		ss12000test.Find(d, "duties", id("0e", 2))["startDate"] = "2021-13-01"
	})
	children, staff, bad := fetchAndMap(t, src)
	if children != nil || staff != nil {
		t.Fatal("rosters mapped despite bad records")
	}
	want := []string{
		"persons/" + person(1) + " birthDate",
		"placements/" + id("0d", 4) + " group",
		"persons/" + person(13) + " emails",
		"duties/" + id("0e", 2) + " startDate",
	}
	var names []string
	for _, b := range bad {
		names = append(names, b.String())
	}
	for _, w := range want {
		if !slices.Contains(names, w) {
			t.Errorf("no error for %s in %v", w, names)
		}
	}
}

func TestSourceErrors(t *testing.T) {
	src := ss12000test.Start(t)
	fixture := ss12000test.ClientOptions()
	cases := []struct {
		name, url, token, key string
		opts                  ss12000.Options
	}{
		{"WrongToken", src.URL, "not-the-token", "ss12000.error.denied", fixture},
		{"PlainHTTPElsewhere", "http://ss12000.example.se/v2", src.Token, "ss12000.error.https", ss12000.Options{}},
		{"PlainHTTPWithoutTheTestSetting", src.URL, src.Token, "ss12000.error.https", ss12000.Options{}},
		{"CredentialsInTheURL", "https://user:secret@ss12000.example.se/v2", src.Token, "ss12000.error.url", ss12000.Options{}},
		{"NotAURL", "ss12000 at the municipality", src.Token, "ss12000.error.url", fixture},
		{"Unreachable", "http://127.0.0.1:1/v2", src.Token, "ss12000.error.unreachable", fixture},
		{"NotFound", src.URL + "/nothing-here", src.Token, "ss12000.error.status", fixture},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			c, err := ss12000.NewClient(tc.url, tc.token, tc.opts)
			if err == nil {
				_, _, err = c.Fetch(ctx, pluttra.Day(2026, 11, 23))
			}
			var se *ss12000.Error
			if !errors.As(err, &se) || se.Key != tc.key {
				t.Fatalf("err = %v, want %s", err, tc.key)
			}
		})
	}
}

func keys[V any](m map[string]V) []string {
	var out []string
	for k := range m {
		out = append(out, k)
	}
	return out
}
