package blob_test

import (
	"testing"

	"github.com/pluttra/pluttra/internal/blob"
	"github.com/pluttra/pluttra/internal/blob/blobtest"
)

func TestDisk(t *testing.T) {
	blobtest.Run(t, func(t testing.TB) blob.Store {
		d, err := blob.NewDisk(t.TempDir())
		if err != nil {
			t.Fatal(err)
		}
		return d
	})
}
