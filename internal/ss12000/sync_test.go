package ss12000_test

import (
	"bytes"
	"log/slog"
	"testing"
	"time"

	"github.com/pluttra/pluttra/internal/pluttra"
	"github.com/pluttra/pluttra/internal/ss12000"
	"github.com/pluttra/pluttra/internal/ss12000/ss12000test"
	"github.com/pluttra/pluttra/internal/store"
	"github.com/pluttra/pluttra/internal/testrig"
)

// syncRig is an empty organisation connected to the fixture source.
type syncRig struct {
	st   *store.Store
	org  pluttra.Organisation
	src  *ss12000test.Server
	sync *ss12000.Syncer
	now  time.Time
}

func newSyncRig(t *testing.T, open func(testing.TB, store.Options) *store.Store) *syncRig {
	t.Helper()
	r := &syncRig{st: open(t, store.Options{}), src: ss12000test.Start(t), now: time.Now()}
	r.org = pluttra.Organisation{Slug: "exempelstad", Name: "Exempelstads kommun", RequireStaffMFA: true}
	must(t, r.st.CreateOrganisation(ctx, &r.org))
	sealed, err := ss12000.SealToken(ctx, r.st, r.src.Token)
	must(t, err)
	must(t, r.st.SaveSS12000Source(ctx, &pluttra.SS12000Source{OrgID: r.org.ID, URL: r.src.URL, TokenSealed: sealed, IntervalHours: 24}))
	r.sync = &ss12000.Syncer{Store: r.st, Now: func() time.Time { return r.now }, Today: func() pluttra.Date { return pluttra.Day(2026, 11, 23) },
		Client: ss12000test.ClientOptions(),
		Logger: slog.New(slog.NewTextHandler(&bytes.Buffer{}, nil))}
	return r
}

func TestSync(t *testing.T) {
	for _, b := range testrig.Backends() {
		t.Run(b.Name, func(t *testing.T) {
			t.Parallel()
			t.Run("AppliesThenPlansNothing", func(t *testing.T) {
				r := newSyncRig(t, b.Open)
				run, err := r.sync.Apply(pluttra.WithActor(ctx, pluttra.Actor{UserID: 1, RequestID: "r1"}), r.org.ID)
				must(t, err)
				// 2 units, 3 departments, 4 children, 4 guardians, 6 guardianships, 3 staff, 5 roles.
				if !run.OK || run.Count != 27 {
					t.Fatalf("run = %+v", run)
				}
				kids, err := r.st.Children(ctx, r.org.ID, pluttra.Filter{})
				must(t, err)
				if len(kids) != 4 {
					t.Fatalf("children = %d", len(kids))
				}
				again, err := r.sync.Plan(ctx, r.org.ID)
				must(t, err)
				if !again.Empty() {
					t.Fatalf("second pull plans %+v", again)
				}
				src, err := r.st.SS12000Source(ctx, r.org.ID)
				must(t, err)
				if !src.LastRun.OK || src.LastRun.Count != 27 {
					t.Fatalf("last run = %+v", src.LastRun)
				}
			})
			t.Run("FollowsTheSourcesChanges", func(t *testing.T) {
				r := newSyncRig(t, b.Open)
				_, err := r.sync.Apply(ctx, r.org.ID)
				must(t, err)
				r.src.Edit(func(d map[string][]ss12000test.Record) {
					// Alva moves to Lingon; Lena's duty ends.
					alva := ss12000test.Find(d, "placements", id("0d", 1))
					alva["group"] = map[string]any{"id": id("0c", 2)}
					ss12000test.Find(d, "duties", id("0e", 2))["endDate"] = "2026-11-20"
				})
				plan, err := r.sync.Plan(ctx, r.org.ID)
				must(t, err)
				if len(plan.Moves) != 1 || plan.Moves[0].Dept.Department != "Lingon" || len(plan.EndedMemberships) != 1 || plan.Size() != 2 {
					t.Fatalf("plan = %+v", plan)
				}
			})
			t.Run("BadRecordChangesNothing", func(t *testing.T) {
				r := newSyncRig(t, b.Open)
				r.src.Edit(func(d map[string][]ss12000test.Record) {
					ss12000test.Find(d, "persons", person(12))["emails"] = []any{map[string]any{"value": "inte en adress", "type": "Privat"}}
				})
				run, err := r.sync.Apply(ctx, r.org.ID)
				if err == nil || run.OK || run.Problem != "ss12000.error.records" || run.Detail != "persons/"+person(12)+" emails" {
					t.Fatalf("run = %+v, err = %v", run, err)
				}
				units, err := r.st.Units(ctx, r.org.ID)
				must(t, err)
				if len(units) != 0 {
					t.Fatalf("units made despite a bad record: %v", units)
				}
				src, err := r.st.SS12000Source(ctx, r.org.ID)
				must(t, err)
				if src.LastRun.OK || src.LastRun.Detail != run.Detail || src.LastRun.Count != 1 {
					t.Fatalf("last run = %+v", src.LastRun)
				}
			})
			t.Run("ScheduledOnceADay", func(t *testing.T) {
				r := newSyncRig(t, b.Open)
				r.sync.RunDue(ctx)
				if units, _ := r.st.Units(ctx, r.org.ID); len(units) != 0 {
					t.Fatal("pulled before the schedule was due")
				}
				r.now = r.now.Add(25 * time.Hour)
				r.sync.RunDue(ctx)
				units, err := r.st.Units(ctx, r.org.ID)
				must(t, err)
				if len(units) != 2 {
					t.Fatalf("units after the scheduled pull = %d", len(units))
				}
				log, err := r.st.AuditLog(ctx, r.org.ID, 0, 10)
				must(t, err)
				if len(log) == 0 || log[0].Action != pluttra.ChangeImport || log[0].RequestID != "ss12000-schedule" {
					t.Fatalf("audit = %+v", log)
				}
			})
		})
	}
}

func must(t testing.TB, err error) {
	t.Helper()
	if err != nil {
		t.Fatal(err)
	}
}
