package media

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"time"

	"golang.org/x/image/bmp"
)

// The video output: H.264 and AAC in MP4, what every phone and browser
// plays, at most 1280x720, which is plenty for a clip watched in a feed
// and a quarter of 1080p's bytes. ffmpeg turns the picture upright itself
// (its default autorotate) and then writes no display matrix, so nothing
// turns it a second time. Only the first picture and sound streams are
// mapped: subtitles, data, chapters and metadata stay behind.
var videoArgs = []string{
	"-map", "0:V:0", "-map", "0:a:0?",
	"-map_metadata", "-1", "-map_chapters", "-1", "-sn", "-dn",
	"-c:v", "libx264", "-preset", "veryfast", "-crf", "23", "-pix_fmt", "yuv420p",
	"-c:a", "aac", "-b:a", "128k",
	"-max_muxing_queue_size", "4096",
	"-movflags", "+faststart", "-f", "mp4",
}

// The largest video output.
const (
	videoWidth  = 1280
	videoHeight = 720
)

// durationSlack lets a clip run this much past the limit: container and
// stream durations disagree by a frame or two.
const durationSlack = time.Second

// processVideo transcodes a clip and takes its poster frame, in one run
// of ffmpeg that decodes the clip once for both.
func (f *FFmpeg) processVideo(ctx context.Context, t Type, src string, info probeInfo, limits Limits, out *outputs) (Result, error) {
	v, _ := info.video()
	w, h := v.displaySize()
	if err := limits.checkSize(w, h); err != nil {
		return Result{}, err
	}
	d := info.duration()
	if err := limits.checkDuration(d); err != nil {
		return Result{}, err
	}
	vw, vh := videoSize(w, h)
	path := out.path("video.mp4")
	framePath := out.path("poster-frame.bmp")
	args := append([]string{"-nostdin", "-hide_banner", "-loglevel", "error", "-nostats", "-progress", "pipe:1", "-y"}, inputArgs(t, src)...)
	// The cap holds even when the header lies about the duration or has
	// none; how far the output got is read from the progress report.
	args = append(args, "-t", capSeconds(limits), "-vf", fmt.Sprintf("scale=%d:%d,setsar=1", vw, vh))
	args = append(append(args, videoArgs...), "file:"+path)
	args = append(args, "-ss", posterTime(d))
	args = append(append(args, posterArgs(w, h)...), "file:"+framePath)
	report, err := run(ctx, f.FFmpeg, args...)
	if err != nil {
		return Result{}, asCorrupt(ctx, err)
	}
	if err := checkTranscoded(limits, report, &d); err != nil {
		return Result{}, err
	}
	if err := out.add("video", path, "video/mp4", vw, vh); err != nil {
		return Result{}, err
	}
	frame, err := os.ReadFile(framePath)
	os.Remove(framePath)
	if err != nil && !errors.Is(err, fs.ErrNotExist) {
		return Result{}, err
	}
	if len(frame) == 0 {
		// Shorter than its header said: the first frame, then.
		args := append([]string{"-nostdin", "-hide_banner", "-loglevel", "error"}, inputArgs(t, src)...)
		if frame, err = run(ctx, f.FFmpeg, append(append(args, posterArgs(w, h)...), "pipe:1")...); err != nil {
			return Result{}, asCorrupt(ctx, err)
		}
	}
	m, err := bmp.Decode(bytes.NewReader(frame))
	if err != nil {
		return Result{}, refuse(CodeCorrupt, fmt.Errorf("poster frame: %w", err))
	}
	res := Result{Type: t, Width: w, Height: h, Duration: d}
	res.Placeholder, err = writePictures(fromImage(m, m.Bounds()), 1, "poster", out)
	return res, err
}

// posterTime is where the poster frame is taken: a second in, as many
// clips start black, or at the first frame of a shorter clip.
func posterTime(d time.Duration) string {
	if d > 0 && d < 2*time.Second {
		return "0"
	}
	return "1"
}

// posterArgs make the output that is the poster frame: one frame, upright
// and scaled by ffmpeg to at most feedSide, as BMP, which is uncompressed
// and says its size, so it costs nothing to write or read. It then goes
// the way of a photo: a fresh JPEG without any metadata.
func posterArgs(w, h int) []string {
	pw, ph := fit(w, h, feedSide)
	return []string{"-map", "0:V:0", "-frames:v", "1", "-an", "-sn", "-dn", "-map_metadata", "-1",
		"-vf", fmt.Sprintf("scale=%d:%d,setsar=1", pw, ph), "-c:v", "bmp", "-f", "image2pipe"}
}

// videoSize fits a picture of w by h into videoWidth by videoHeight,
// keeping its aspect, never scaling up, with even sides as 4:2:0 needs.
func videoSize(w, h int) (int, int) {
	if w > videoWidth || h > videoHeight {
		if int64(w)*videoHeight > int64(h)*videoWidth {
			w, h = videoWidth, int((int64(h)*videoWidth+int64(w)/2)/int64(w))
		} else {
			w, h = int((int64(w)*videoHeight+int64(h)/2)/int64(h)), videoHeight
		}
	}
	return max(2, w&^1), max(2, h&^1)
}

// checkTranscoded refuses a transcode whose output ran past the limit,
// which the header did not tell (or lied about), and fills in the duration
// d from the output when the header had none. The header's is preferred
// otherwise: the report gives the start of the last frame, not its end.
func checkTranscoded(limits Limits, report []byte, d *time.Duration) error {
	done := progressTime(report)
	if err := limits.checkDuration(done - durationSlack); err != nil {
		return err
	}
	if *d == 0 {
		*d = done
	}
	return nil
}

// capSeconds is the -t argument that stops a transcode just past the limit.
func capSeconds(limits Limits) string {
	return fmt.Sprintf("%.3f", (limits.MaxDuration + 2*durationSlack).Seconds())
}

// asCorrupt makes a failed run of ffmpeg a refusal of the file, unless it
// was the context that ended it.
func asCorrupt(ctx context.Context, err error) error {
	if ctx.Err() != nil {
		return ctx.Err()
	}
	return corrupt(err)
}
