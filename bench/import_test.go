package bench

import (
	"context"
	"fmt"
	"strings"
	"testing"

	"github.com/pluttra/pluttra/internal/pluttra"
	"github.com/pluttra/pluttra/internal/roster"
	"github.com/pluttra/pluttra/internal/store"
	"github.com/pluttra/pluttra/internal/testrig"
)

// largeCSV is the big municipality as a records export: 130 units, 650
// departments, 10,000 children with two guardians each (20,000 guardians).
func largeCSV() string {
	var b strings.Builder
	b.WriteString(strings.Join(roster.Columns, ",") + "\n")
	for i := range 10000 {
		unit, dept := i%130, i%650
		for g := range 2 {
			fmt.Fprintf(&b, "c%d,Barn%d,Efternamn,2022-01-%02d,nej,Förskola %d,Avdelning %d,2025-08-15,g%d,Vårdnadshavare %d,vh%d@familj.example,\n",
				i, i, 1+i%28, unit, dept, 2*i+g, 2*i+g, 2*i+g)
		}
	}
	return b.String()
}

// BenchmarkImportLarge imports the big municipality into an empty
// organisation: parse, plan and apply in one transaction.
func BenchmarkImportLarge(b *testing.B) {
	file := largeCSV()
	for _, backend := range testrig.Backends() {
		b.Run(backend.Name, func(b *testing.B) {
			ctx := context.Background()
			var peak float64
			for i := range b.N {
				b.StopTimer()
				s := backend.Open(b, store.Options{})
				org := pluttra.Organisation{Slug: fmt.Sprint("bench", i), Name: "Storstaden"}
				if err := s.CreateOrganisation(ctx, &org); err != nil {
					b.Fatal(err)
				}
				b.StartTimer()
				p := peakHeap(func() {
					r, errs, err := roster.ParseCSV(strings.NewReader(file))
					if err != nil || len(errs) > 0 {
						b.Fatalf("parse: %v %v", err, errs[:min(3, len(errs))])
					}
					today := testrig.Today()
					st, err := s.RosterState(ctx, org.ID, today)
					if err != nil {
						b.Fatal(err)
					}
					plan := roster.Plan(r, st, today)
					if len(plan.NewChildren) != 10000 || len(plan.NewGuardians) != 20000 {
						b.Fatalf("plan: %d children, %d guardians", len(plan.NewChildren), len(plan.NewGuardians))
					}
					if err := s.ApplyImportPlan(ctx, org.ID, plan); err != nil {
						b.Fatal(err)
					}
				})
				peak = max(peak, p)
			}
			b.ReportMetric(peak, "peak-heap-MiB")
			b.ReportMetric(float64(len(file))/(1<<20), "file-MiB")
		})
	}
}
