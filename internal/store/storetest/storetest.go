// Package storetest is the conformance suite every store must pass: each
// method's behaviour, its errors, and that another organisation's ids read
// as not found. It runs against SQLite and PostgreSQL alike.
package storetest

import (
	"context"
	"path"
	"testing"
	"time"

	"github.com/pluttra/pluttra/internal/pluttra"
)

// Opener returns a fresh, empty store for one test, on the wall clock.
type Opener func(t testing.TB) pluttra.Store

// Run runs the whole suite against the stores openAt returns: on the wall
// clock for the cases where time does not matter, on a clock of the case's
// own where it does.
func Run(t *testing.T, openAt ClockOpener) {
	open := Opener(func(t testing.TB) pluttra.Store { return openAt(t, time.Now) })
	t.Run("Organisation", func(t *testing.T) { t.Parallel(); testOrganisation(t, open) })
	t.Run("Child", func(t *testing.T) { t.Parallel(); testChild(t, open) })
	t.Run("Guardianship", func(t *testing.T) { t.Parallel(); testGuardianship(t, open) })
	t.Run("Placement", func(t *testing.T) { t.Parallel(); testPlacement(t, open) })
	t.Run("User", func(t *testing.T) { t.Parallel(); testUser(t, open) })
	t.Run("Staff", func(t *testing.T) { t.Parallel(); testStaff(t, open) })
	t.Run("Consent", func(t *testing.T) { t.Parallel(); testConsent(t, open) })
	t.Run("AccessLog", func(t *testing.T) { t.Parallel(); testAccessLog(t, open) })
	t.Run("Audit", func(t *testing.T) { t.Parallel(); testAudit(t, open) })
	t.Run("MoveAndLink", func(t *testing.T) { t.Parallel(); testMoveAndLink(t, open) })
	t.Run("MFA", func(t *testing.T) { t.Parallel(); testMFA(t, open) })
	t.Run("RequireMFAEndsSessions", func(t *testing.T) { t.Parallel(); testRequireMFAEndsSessions(t, open) })
	t.Run("Outbox", func(t *testing.T) { t.Parallel(); testOutbox(t, openAt) })
	t.Run("Token", func(t *testing.T) { t.Parallel(); testToken(t, openAt) })
	t.Run("Session", func(t *testing.T) { t.Parallel(); testSession(t, open) })
	t.Run("Throttle", func(t *testing.T) { t.Parallel(); testThrottle(t, open) })
	t.Run("ReserveLoginAttempt", func(t *testing.T) { t.Parallel(); testReserveLoginAttempt(t, open) })
	t.Run("Post", func(t *testing.T) { t.Parallel(); testPost(t, openAt) })
	t.Run("Media", func(t *testing.T) { t.Parallel(); testMedia(t, openAt) })
	t.Run("MediaClaims", func(t *testing.T) { t.Parallel(); testMediaClaims(t, open) })
	t.Run("Comment", func(t *testing.T) { t.Parallel(); testComment(t, open) })
	t.Run("SS12000", func(t *testing.T) { t.Parallel(); testSS12000(t, openAt) })
	t.Run("Secret", func(t *testing.T) { t.Parallel(); testSecret(t, open) })
	t.Run("Facts", func(t *testing.T) { t.Parallel(); testFacts(t, open) })
	t.Run("Epoch", func(t *testing.T) { t.Parallel(); testEpoch(t, open) })
	t.Run("Absence", func(t *testing.T) { t.Parallel(); testAbsence(t, open) })
	t.Run("Message", func(t *testing.T) { t.Parallel(); testMessage(t, openAt) })
	t.Run("Conversation", func(t *testing.T) { t.Parallel(); testConversation(t, openAt) })
	t.Run("Notice", func(t *testing.T) { t.Parallel(); testNotice(t, openAt) })
	t.Run("NoticeWithChange", func(t *testing.T) { t.Parallel(); testNoticeWithChange(t, openAt) })
	t.Run("NoticePrune", func(t *testing.T) { t.Parallel(); testNoticePrune(t, openAt) })
	t.Run("PushSubscription", func(t *testing.T) { t.Parallel(); testPushSubscription(t, open) })
	t.Run("Calendar", func(t *testing.T) { t.Parallel(); testCalendar(t, openAt) })
	t.Run("Talk", func(t *testing.T) { t.Parallel(); testTalk(t, openAt) })
	t.Run("Ready", func(t *testing.T) { t.Parallel(); testReady(t, open) })
}

var ctx = context.Background()

// today is a fixed day so period arithmetic in the suite is readable.
var today = pluttra.Day(2026, time.March, 10)

// wantCode fails unless err carries the domain code.
func wantCode(t testing.TB, err error, code string) {
	t.Helper()
	if got := pluttra.ErrorCode(err); got != code {
		t.Fatalf("error code = %q (%v), want %q", got, err, code)
	}
}

func must(t testing.TB, err error) {
	t.Helper()
	if err != nil {
		t.Fatal(err)
	}
}

// tenant is an organisation with one unit and one department, the smallest
// world most cases need.
type tenant struct {
	org  pluttra.Organisation
	unit pluttra.Unit
	dept pluttra.Department
}

func newTenant(t testing.TB, s pluttra.Store, slug string) tenant {
	t.Helper()
	tn := tenant{org: pluttra.Organisation{Slug: slug, Name: "Org " + slug, RequireStaffMFA: true}}
	must(t, s.CreateOrganisation(ctx, &tn.org))
	tn.unit = pluttra.Unit{Name: "Unit " + slug, Address: "Vägen 1"}
	must(t, s.CreateUnit(ctx, tn.org.ID, &tn.unit))
	tn.dept = pluttra.Department{UnitID: tn.unit.ID, Name: "Blåbär"}
	must(t, s.CreateDepartment(ctx, tn.org.ID, &tn.dept))
	return tn
}

// ownTenants are two tenants named after the case, its organisation and
// another one, for a case that shares its store with others: what it reads
// of them is then only what it wrote there itself, whichever cases ran
// before it.
func ownTenants(t testing.TB, s pluttra.Store) (tenant, tenant) {
	t.Helper()
	name := path.Base(t.Name())
	return newTenant(t, s, name), newTenant(t, s, name+"-other")
}

func newUser(t testing.TB, s pluttra.Store, orgID int64, kind pluttra.UserKind, email string) pluttra.User {
	t.Helper()
	u := pluttra.User{Kind: kind, Email: email, Name: "Name " + email}
	must(t, s.CreateUser(ctx, orgID, &u))
	return u
}

func newChild(t testing.TB, s pluttra.Store, orgID int64, first string) pluttra.Child {
	t.Helper()
	c := pluttra.Child{FirstName: first, LastName: "Andersson", BirthDate: pluttra.Day(2022, 5, 1)}
	must(t, s.CreateChild(ctx, orgID, &c))
	return c
}

func ids[T any](xs []T, id func(T) int64) []int64 {
	out := make([]int64, len(xs))
	for i, x := range xs {
		out[i] = id(x)
	}
	return out
}

func sameIDs(t testing.TB, got, want []int64) {
	t.Helper()
	if len(got) != len(want) {
		t.Fatalf("ids = %v, want %v", got, want)
	}
	for i := range got {
		if got[i] != want[i] {
			t.Fatalf("ids = %v, want %v", got, want)
		}
	}
}
