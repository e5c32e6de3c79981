package storetest

import (
	"sync"
	"testing"
	"time"

	"github.com/pluttra/pluttra/internal/pluttra"
)

func testSS12000(t *testing.T, open Opener) {
	s := open(t)
	a := newTenant(t, s, "a")
	b := newTenant(t, s, "b")

	t.Run("NoneUntilSaved", func(t *testing.T) {
		_, err := s.SS12000Source(ctx, a.org.ID)
		wantCode(t, err, pluttra.ENOTFOUND)
	})
	t.Run("RefusesBadSettings", func(t *testing.T) {
		err := s.SaveSS12000Source(ctx, &pluttra.SS12000Source{OrgID: a.org.ID, URL: "https://x", TokenSealed: []byte{1}, IntervalHours: 1000})
		wantCode(t, err, pluttra.EINVALID)
		_, err = s.SS12000Source(ctx, a.org.ID)
		wantCode(t, err, pluttra.ENOTFOUND)
	})
	t.Run("SavedAndUpdated", func(t *testing.T) {
		must(t, s.SaveSS12000Source(ctx, &pluttra.SS12000Source{OrgID: a.org.ID, URL: "https://one", TokenSealed: []byte{1}}))
		must(t, s.SaveSS12000Source(ctx, &pluttra.SS12000Source{OrgID: a.org.ID, URL: "https://two", TokenSealed: []byte{2}, IntervalHours: 24}))
		got, err := s.SS12000Source(ctx, a.org.ID)
		must(t, err)
		if got.URL != "https://two" || got.TokenSealed[0] != 2 || got.IntervalHours != 24 {
			t.Fatalf("source = %+v", got)
		}
		if d := time.Until(got.NextRunAt); d < 23*time.Hour || d > 25*time.Hour {
			t.Fatalf("next run in %v, want about a day", d)
		}
		_, err = s.SS12000Source(ctx, b.org.ID)
		wantCode(t, err, pluttra.ENOTFOUND)
	})
	t.Run("RunRecordedAndKeptOnSave", func(t *testing.T) {
		at := time.Now().UTC().Truncate(time.Second)
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
		must(t, s.SaveSS12000Source(ctx, &pluttra.SS12000Source{OrgID: b.org.ID, URL: "https://b", TokenSealed: []byte{3}}))
		notYet, err := s.ClaimDueSS12000(ctx, time.Now())
		must(t, err)
		if len(notYet) != 0 {
			t.Fatalf("claimed before due: %+v", notYet)
		}
		later := time.Now().Add(25 * time.Hour)
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
