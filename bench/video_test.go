package bench

import (
	"context"
	"os/exec"
	"path/filepath"
	"testing"
	"time"

	"github.com/pluttra/pluttra/internal/media"
	"github.com/pluttra/pluttra/internal/testrig"
)

// directVideoArgs is the transcode Pluttra's processor runs (H.264 at
// most 1280x720, AAC, faststart, no metadata), as one ffmpeg command
// without the probe before it or the poster frame beside it.
var directVideoArgs = []string{
	"-map", "0:V:0", "-map", "0:a:0?", "-map_metadata", "-1", "-map_chapters", "-1", "-sn", "-dn",
	"-vf", "scale=1280:720,setsar=1",
	"-c:v", "libx264", "-preset", "veryfast", "-crf", "23", "-pix_fmt", "yuv420p",
	"-c:a", "aac", "-b:a", "128k", "-movflags", "+faststart", "-f", "mp4",
}

// BenchmarkVideo processes a 15-second 1080p clip with sound, like a
// phone's, through Pluttra's pipeline (probe, transcode to 720p, poster
// frame and its two JPEGs) and runs the same transcode as a bare ffmpeg
// command, reporting both times and the ratio: what the pipeline adds.
func BenchmarkVideo(b *testing.B) {
	ff := testrig.FFmpeg(b)
	src := phoneClip(b, ff)
	ctx := context.Background()
	p := &media.Processor{FFmpeg: ff}
	var ours, direct time.Duration
	b.ResetTimer()
	for range b.N {
		work := b.TempDir()
		start := time.Now()
		res, err := p.Process(ctx, src, work)
		if err != nil {
			b.Fatal(err)
		}
		ours += time.Since(start)
		if res.Duration < 14*time.Second {
			b.Fatalf("duration %v", res.Duration)
		}

		// At the priority the pipeline gives its ffmpeg, so that the
		// machine's other work weighs on both alike.
		start = time.Now()
		args := append([]string{"-n", "19", ff.FFmpeg, "-nostdin", "-hide_banner", "-loglevel", "error", "-y", "-i", src}, directVideoArgs...)
		if out, err := exec.Command("nice", append(args, filepath.Join(work, "direct.mp4"))...).CombinedOutput(); err != nil {
			b.Fatalf("ffmpeg: %v: %s", err, out)
		}
		direct += time.Since(start)
	}
	b.StopTimer()
	b.ReportMetric(ours.Seconds()/float64(b.N), "pluttra-s")
	b.ReportMetric(direct.Seconds()/float64(b.N), "ffmpeg-s")
	b.ReportMetric(ours.Seconds()/direct.Seconds(), "pluttra-vs-ffmpeg")
}

// phoneClip makes a 15-second 1080p clip with sound, like a phone's.
func phoneClip(b *testing.B, ff *media.FFmpeg) string {
	b.Helper()
	src := filepath.Join(b.TempDir(), "clip.mp4")
	out, err := exec.Command(ff.FFmpeg, "-nostdin", "-hide_banner", "-loglevel", "error",
		"-f", "lavfi", "-i", "testsrc2=size=1920x1080:rate=30:duration=15",
		"-f", "lavfi", "-i", "sine=frequency=440:duration=15",
		"-c:v", "libx264", "-preset", "veryfast", "-crf", "20", "-c:a", "aac", "-shortest", src).CombinedOutput()
	if err != nil {
		b.Fatalf("making the clip: %v: %s", err, out)
	}
	return src
}
