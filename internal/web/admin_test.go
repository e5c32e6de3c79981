package web

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/pluttra/pluttra/internal/pluttra"
	"github.com/pluttra/pluttra/internal/testrig"
)

func TestChildAdministration(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	rg := newRig(t, testrig.SQLite, "http://localhost")
	w := rg.world
	org := w.OrgA.ID
	rektor := rg.sessionFor(t, "principal_ekbacken")
	form := func(kv ...string) string {
		v := url.Values{}
		for i := 0; i < len(kv); i += 2 {
			v.Set(kv[i], kv[i+1])
		}
		return v.Encode()
	}
	var enrolled int64

	t.Run("PrincipalEnrolsAChild", func(t *testing.T) {
		rec := rg.do("POST", fmt.Sprintf("/departments/%d/children", w.Depts["Blabar"]), form("first_name", "Freja", "last_name", "Ny", "protected", "on"), rektor)
		if rec.Code != http.StatusSeeOther {
			t.Fatalf("status %d: %s", rec.Code, rec.Body.String())
		}
		fmt.Sscanf(rec.Header().Get("Location"), "/children/%d/edit", &enrolled)
		kids, _ := rg.store.ChildrenInDepartment(ctx, org, w.Depts["Blabar"], w.Today)
		if !hasID(kids, enrolled, func(c pluttra.Child) int64 { return c.ID }) {
			t.Fatal("enrolled child not placed in the department")
		}
		if c, _ := rg.store.Child(ctx, org, enrolled); c == nil || c.LastName != "Ny" || !c.ProtectedIdentity {
			t.Fatalf("enrolled child = %+v", c)
		}
		es, _ := rg.store.AuditLog(ctx, org, 0, 1)
		if len(es) != 1 || es[0].Action != pluttra.ChangeChildCreate || es[0].UserID != w.Users["principal_ekbacken"].ID {
			t.Fatalf("audit = %+v", es)
		}
	})
	t.Run("MoveWithinTheirUnits", func(t *testing.T) {
		rec := rg.do("POST", fmt.Sprintf("/children/%d/move", enrolled), form("department", fmt.Sprint(w.Depts["Lingon"]), "from", w.Today.AddDays(7).String()), rektor)
		if rec.Code != http.StatusSeeOther {
			t.Fatalf("move: %d %s", rec.Code, rec.Body.String())
		}
		ps, _ := rg.store.Placements(ctx, org, enrolled)
		if len(ps) != 2 || ps[1].DepartmentID != w.Depts["Lingon"] || ps[0].To != w.Today.AddDays(6) {
			t.Fatalf("placements = %+v", ps)
		}
	})
	t.Run("ErrMoveOutsideTheirUnits", func(t *testing.T) {
		rec := rg.do("POST", fmt.Sprintf("/children/%d/move", enrolled), form("department", fmt.Sprint(w.Depts["Myran"]), "from", w.Today.AddDays(30).String()), rektor)
		if rec.Code != http.StatusBadRequest || !strings.Contains(rec.Body.String(), "Välj en avdelning som du administrerar.") {
			t.Fatalf("move to another unit: %d", rec.Code)
		}
		if ps, _ := rg.store.Placements(ctx, org, enrolled); len(ps) != 2 {
			t.Fatal("a refused move changed placements")
		}
	})
	t.Run("ErrBadDateChangesNothing", func(t *testing.T) {
		rec := rg.do("POST", fmt.Sprintf("/children/%d/edit", enrolled), form("first_name", "Frida", "birth_date", "31/02/2023"), rektor)
		if rec.Code != http.StatusBadRequest || !strings.Contains(rec.Body.String(), "Ange datumet som ÅÅÅÅ-MM-DD.") {
			t.Fatalf("bad date: %d", rec.Code)
		}
		if c, _ := rg.store.Child(ctx, org, enrolled); c.FirstName != "Freja" {
			t.Fatal("a refused edit changed the child")
		}
	})
	t.Run("LinkAndEndGuardian", func(t *testing.T) {
		alva := w.Children["Alva"]
		rec := rg.do("POST", fmt.Sprintf("/children/%d/guardians", alva), form("name", "Gustav Ny", "email", "gustav@familj.example"), rektor)
		if rec.Code != http.StatusSeeOther {
			t.Fatalf("link: %d %s", rec.Code, rec.Body.String())
		}
		us, _ := rg.store.UsersByEmail(ctx, "gustav@familj.example")
		if len(us) != 1 || us[0].Kind != pluttra.KindGuardian {
			t.Fatalf("guardian account = %+v", us)
		}
		// The father's guardianship ends yesterday: he loses access at once.
		father := rg.sessionFor(t, "guardian_alva_father")
		if rg.do("GET", fmt.Sprintf("/children/%d", alva), "", father).Code != http.StatusOK {
			t.Fatal("father cannot see Alva before the end")
		}
		gs, _ := rg.store.Guardianships(ctx, org, alva)
		var gid int64
		for _, g := range gs {
			if g.GuardianID == w.Users["guardian_alva_father"].ID {
				gid = g.ID
			}
		}
		rec = rg.do("POST", fmt.Sprintf("/children/%d/guardians/%d/end", alva, gid), form("last", w.Today.AddDays(-1).String()), rektor)
		if rec.Code != http.StatusSeeOther {
			t.Fatalf("end: %d %s", rec.Code, rec.Body.String())
		}
		if rg.do("GET", fmt.Sprintf("/children/%d", alva), "", father).Code != http.StatusNotFound {
			t.Fatal("an ended guardian still sees the child")
		}
		// A guardianship of another child cannot be ended through this one.
		cleoGs, _ := rg.store.Guardianships(ctx, org, w.Children["Cleo"])
		rec = rg.do("POST", fmt.Sprintf("/children/%d/guardians/%d/end", alva, cleoGs[0].ID), form("last", w.Today.String()), rektor)
		if rec.Code != http.StatusNotFound {
			t.Fatalf("ending another child's guardianship: %d", rec.Code)
		}
	})
	t.Run("ErrOthersMayNotAdminister", func(t *testing.T) {
		target := fmt.Sprintf("/children/%d/edit", w.Children["Alva"])
		for name, want := range map[string]int{"educator_blabar": 403, "guardian_alva_mother": 403, "admin_norrby": 404, "anonymous": 303} {
			rec := rg.do("POST", target, form("first_name", "Hacked"), rg.sessionFor(t, name))
			if rec.Code != want {
				t.Errorf("%s: status %d, want %d", name, rec.Code, want)
			}
		}
		if c, _ := rg.store.Child(ctx, org, w.Children["Alva"]); c.FirstName != "Alva" {
			t.Fatal("a refused edit changed the child")
		}
	})
}

func TestDeactivateUser(t *testing.T) {
	t.Parallel()
	rg := newRig(t, testrig.SQLite, "http://localhost")
	admin := rg.sessionFor(t, "admin")
	victim := rg.sessionFor(t, "educator_blabar")
	id := rg.world.Users["educator_blabar"].ID
	if rec := rg.do("POST", fmt.Sprintf("/admin/users/%d/deactivate", id), "", admin); rec.Code != http.StatusSeeOther {
		t.Fatalf("deactivate: %d", rec.Code)
	}
	if rg.do("GET", "/", "", victim).Code != http.StatusSeeOther {
		t.Fatal("a deactivated user's session still works")
	}
	rec := rg.do("POST", fmt.Sprintf("/admin/users/%d/deactivate", rg.world.Users["admin"].ID), "", admin)
	if rec.Code != http.StatusBadRequest || !strings.Contains(rec.Body.String(), "Du kan inte avaktivera ditt eget konto.") {
		t.Fatalf("self-deactivation: %d", rec.Code)
	}
	if rec := rg.do("POST", fmt.Sprintf("/admin/users/%d/deactivate", rg.world.Users["educator_ugglan"].ID), "", admin); rec.Code != http.StatusNotFound {
		t.Fatalf("deactivating another organisation's user: %d", rec.Code)
	}
	if rec := rg.do("POST", fmt.Sprintf("/admin/users/%d/deactivate", id), "", rg.sessionFor(t, "principal_ekbacken")); rec.Code != http.StatusForbidden {
		t.Fatalf("a principal deactivating: %d", rec.Code)
	}
}
