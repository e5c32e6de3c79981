package bench

import (
	"context"
	"os"
	"testing"
	"time"

	"github.com/pluttra/pluttra/internal/blob"
	"github.com/pluttra/pluttra/internal/pluttra"
	"github.com/pluttra/pluttra/internal/store"
	"github.com/pluttra/pluttra/internal/testrig"
)

// loadWindow is how long the feed is loaded, alone and during a transcode.
const loadWindow = 5 * time.Second

// BenchmarkFeedDuringVideo loads the guardian's feed as BenchmarkFeed
// does, first alone and then while the server's own media pipeline
// transcodes a 15-second 1080p clip (ffmpeg as the server's child, on the
// server's core). The clip goes in as an upload does: the original in the
// media storage and a pending item, which the server's worker claims.
// Reported: p99 and requests per second of both windows, and how long the
// transcode took; it must outlast the loaded window for the numbers to
// mean anything.
func BenchmarkFeedDuringVideo(b *testing.B) {
	clip := phoneClip(b, testrig.FFmpeg(b))
	f := startFeedServers(b)
	ctx := context.Background()
	s, err := store.Open(ctx, "", f.dataDir, store.Options{})
	if err != nil {
		b.Fatal(err)
	}
	defer s.Close()
	media, err := blob.Open(ctx, "", f.dataDir)
	if err != nil {
		b.Fatal(err)
	}
	staff, err := s.UsersByEmail(ctx, "pedagog1@large.example")
	if err != nil || len(staff) != 1 {
		b.Fatalf("educator: %v, %v", staff, err)
	}
	depts, err := s.Departments(ctx, staff[0].OrgID)
	if err != nil || len(depts) == 0 {
		b.Fatalf("departments: %v", err)
	}
	org := staff[0].OrgID

	b.ResetTimer()
	for range b.N {
		quiet := f.load(b, f.ours, f.cookie, loadWindow.String())

		m := &pluttra.Media{DepartmentID: depts[0].ID, UploaderID: staff[0].ID}
		if err := s.CreateMedia(ctx, org, m); err != nil {
			b.Fatal(err)
		}
		file, err := os.Open(clip)
		if err != nil {
			b.Fatal(err)
		}
		info, _ := file.Stat()
		err = media.Put(ctx, pluttra.MediaOriginalKey(org, m.ID), file, info.Size())
		file.Close()
		if err != nil {
			b.Fatal(err)
		}
		if err := s.MediaUploaded(ctx, org, m.ID, info.Size()); err != nil {
			b.Fatal(err)
		}
		claimed := waitMedia(b, s, org, m.ID, func(m *pluttra.Media) bool { return m.Attempts > 0 })
		busy := f.load(b, f.ours, f.cookie, loadWindow.String())
		done := waitMedia(b, s, org, m.ID, func(m *pluttra.Media) bool { return m.Status != pluttra.MediaPending })
		if done.Status != pluttra.MediaReady {
			b.Fatalf("the clip ended %s", done.Status)
		}
		took := time.Since(claimed.at)
		if took < loadWindow {
			b.Fatalf("the transcode took %s, less than the loaded window", took)
		}
		b.ReportMetric(quiet.p99.Seconds()*1000, "quiet_p99_ms")
		b.ReportMetric(busy.p99.Seconds()*1000, "transcoding_p99_ms")
		b.ReportMetric(quiet.rps, "quiet_req/s")
		b.ReportMetric(busy.rps, "transcoding_req/s")
		b.ReportMetric(took.Seconds(), "transcode_s")
	}
}

type seenMedia struct {
	*pluttra.Media
	at time.Time
}

// waitMedia polls the item until ok, for at most five minutes.
func waitMedia(b *testing.B, s *store.Store, org, id int64, ok func(*pluttra.Media) bool) seenMedia {
	b.Helper()
	for deadline := time.Now().Add(5 * time.Minute); time.Now().Before(deadline); time.Sleep(20 * time.Millisecond) {
		m, err := s.Media(context.Background(), org, id)
		if err != nil {
			b.Fatal(err)
		}
		if ok(m) {
			return seenMedia{m, time.Now()}
		}
	}
	b.Fatalf("media %d did not get there in five minutes", id)
	return seenMedia{}
}
