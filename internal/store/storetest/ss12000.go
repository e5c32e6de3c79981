package storetest

import (
	"sync"
	"testing"
	"time"

	"github.com/pluttra/pluttra/internal/pluttra"
)

// ss12000World is an organisation of the case's own and another one, in a
// store whose clock stands at now.
type ss12000World struct {
	s    pluttra.Store
	a, b tenant
	now  time.Time
}

func newSS12000World(t *testing.T, s pluttra.Store) *ss12000World {
	t.Helper()
	w := &ss12000World{s: s, now: morning}
	w.a, w.b = ownTenants(t, s)
	return w
}

// scheduled is the world after organisation a saved its source, pulled
// once a day.
func (w *ss12000World) scheduled(t *testing.T) *ss12000World {
	t.Helper()
	must(t, w.s.SaveSS12000Source(ctx, &pluttra.SS12000Source{OrgID: w.a.org.ID, URL: "https://two", TokenSealed: []byte{2}, IntervalHours: 24}))
	return w
}

func testSS12000(t *testing.T, openAt ClockOpener) {
	shared, _ := openAt.at(t, morning)
	t.Run("NoneUntilSaved", func(t *testing.T) {
		w := newSS12000World(t, shared)
		_, err := w.s.SS12000Source(ctx, w.a.org.ID)
		wantCode(t, err, pluttra.ENOTFOUND)
	})
	t.Run("RefusesBadSettings", func(t *testing.T) {
		w := newSS12000World(t, shared)
		s, a := w.s, w.a
		err := s.SaveSS12000Source(ctx, &pluttra.SS12000Source{OrgID: a.org.ID, URL: "https://x", TokenSealed: []byte{1}, IntervalHours: 1000})
		wantCode(t, err, pluttra.EINVALID)
		_, err = s.SS12000Source(ctx, a.org.ID)
		wantCode(t, err, pluttra.ENOTFOUND)
	})
	t.Run("SavedAndUpdated", func(t *testing.T) {
		w := newSS12000World(t, shared)
		s, a, b := w.s, w.a, w.b
		must(t, s.SaveSS12000Source(ctx, &pluttra.SS12000Source{OrgID: a.org.ID, URL: "https://one", TokenSealed: []byte{1}}))
		must(t, s.SaveSS12000Source(ctx, &pluttra.SS12000Source{OrgID: a.org.ID, URL: "https://two", TokenSealed: []byte{2}, IntervalHours: 24}))
		got, err := s.SS12000Source(ctx, a.org.ID)
		must(t, err)
		if got.URL != "https://two" || got.TokenSealed[0] != 2 || got.IntervalHours != 24 {
			t.Fatalf("source = %+v", got)
		}
		if d := got.NextRunAt.Sub(w.now); d != 24*time.Hour {
			t.Fatalf("next run in %v, want a day", d)
		}
		_, err = s.SS12000Source(ctx, b.org.ID)
		wantCode(t, err, pluttra.ENOTFOUND)
	})
	t.Run("RunRecordedAndKeptOnSave", func(t *testing.T) {
		w := newSS12000World(t, shared).scheduled(t)
		s, a, b := w.s, w.a, w.b
		at := w.now.UTC().Truncate(time.Second)
		must(t, s.RecordSS12000Run(ctx, a.org.ID, pluttra.SS12000Run{At: at, Problem: "ss12000.error.record", Detail: "persons/p1 birthDate"}))
		must(t, s.SaveSS12000Source(ctx, &pluttra.SS12000Source{OrgID: a.org.ID, URL: "https://two", TokenSealed: []byte{2}, IntervalHours: 24}))
		got, err := s.SS12000Source(ctx, a.org.ID)
		must(t, err)
		if !got.LastRun.At.Equal(at) || got.LastRun.OK || got.LastRun.Detail != "persons/p1 birthDate" {
			t.Fatalf("last run = %+v", got.LastRun)
		}
		wantCode(t, s.RecordSS12000Run(ctx, b.org.ID, pluttra.SS12000Run{At: at}), pluttra.ENOTFOUND)
	})
	t.Run("DueClaimedOnceAcrossNodes", func(t *testing.T) {
		// A store of the case's own: the schedule is the installation's,
		// and a claim takes every organisation's source that is due.
		own, _ := openAt.at(t, morning)
		w := newSS12000World(t, own).scheduled(t)
		s, a, b := w.s, w.a, w.b
		must(t, s.SaveSS12000Source(ctx, &pluttra.SS12000Source{OrgID: b.org.ID, URL: "https://b", TokenSealed: []byte{3}}))
		notYet, err := s.ClaimDueSS12000(ctx, w.now)
		must(t, err)
		if len(notYet) != 0 {
			t.Fatalf("claimed before due: %+v", notYet)
		}
		later := w.now.Add(25 * time.Hour)
		var mu sync.Mutex
		var claims []int64
		var wg sync.WaitGroup
		for range 4 {
			wg.Go(func() {
				got, err := s.ClaimDueSS12000(ctx, later)
				if err != nil {
					t.Error(err)
				}
				mu.Lock()
				defer mu.Unlock()
				for _, src := range got {
					claims = append(claims, src.OrgID)
				}
			})
		}
		wg.Wait()
		if len(claims) != 1 || claims[0] != a.org.ID {
			t.Fatalf("claims = %v, want org a once (b is on demand only)", claims)
		}
		again, err := s.ClaimDueSS12000(ctx, later)
		must(t, err)
		if len(again) != 0 {
			t.Fatalf("claimed twice: %+v", again)
		}
	})
}
