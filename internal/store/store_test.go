package store_test

import (
	"testing"
	"time"

	"github.com/pluttra/pluttra/internal/pluttra"
	"github.com/pluttra/pluttra/internal/store"
	"github.com/pluttra/pluttra/internal/store/storetest"
	"github.com/pluttra/pluttra/internal/testrig"
)

// TestConformance runs the store suite against both databases.
func TestConformance(t *testing.T) {
	for _, b := range testrig.Backends() {
		t.Run(b.Name, func(t *testing.T) {
			t.Parallel()
			storetest.Run(t, func(t testing.TB, now func() time.Time) pluttra.Store { return b.Open(t, store.Options{Now: now}) })
		})
	}
}
