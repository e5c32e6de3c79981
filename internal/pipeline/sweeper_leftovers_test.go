package pipeline

import (
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/pluttra/pluttra/internal/blob"
)

// TestSweeperRemovesCrashLeftovers: the temporary file of a blob write a
// dying process cut short, and the empty files an upload refused for lack
// of space leaves, go once they are a quarter of an hour old; an upload
// under way and anything just written stay.
func TestSweeperRemovesCrashLeftovers(t *testing.T) {
	r := newRig(t, setups[0])
	mediaDir, uploads := t.TempDir(), t.TempDir()
	disk, err := blob.NewDisk(mediaDir)
	must(t, err)
	now := time.Now()
	old := now.Add(-20 * time.Minute)
	write := func(path string, data string, at time.Time) string {
		t.Helper()
		must(t, os.WriteFile(path, []byte(data), 0o600))
		must(t, os.Chtimes(path, at, at))
		return path
	}
	cutShort := write(filepath.Join(mediaDir, ".tmp", "put-1"), "half a video", old)
	writing := write(filepath.Join(mediaDir, ".tmp", "put-2"), "a video arriving", now)
	refused := []string{write(filepath.Join(uploads, "77"), "", old), write(filepath.Join(uploads, "77.info"), "", old)}
	justRefused := []string{write(filepath.Join(uploads, "78"), "", now), write(filepath.Join(uploads, "78.info"), "", now)}
	// An upload whose phone lost its network a while ago: it may resume.
	paused := []string{write(filepath.Join(uploads, "79"), "the first half", old),
		write(filepath.Join(uploads, "79.info"), `{"ID":"79","Size":100,"Offset":14}`, old)}

	sw := &Sweeper{Store: r.st, Blob: disk, UploadDir: uploads, Logger: r.log, Now: func() time.Time { return now }}
	rep, err := sw.Sweep(ctx)
	must(t, err)
	if rep.TempFiles != 1 || rep.UploadFiles != 2 {
		t.Fatalf("swept %+v, want the cut-short write and the refused upload's two files", rep)
	}
	for _, gone := range append([]string{cutShort}, refused...) {
		if _, err := os.Stat(gone); !os.IsNotExist(err) {
			t.Errorf("%s remains", gone)
		}
	}
	for _, kept := range append(append([]string{writing}, justRefused...), paused...) {
		if _, err := os.Stat(kept); err != nil {
			t.Errorf("%s was swept: %v", kept, err)
		}
	}
}
