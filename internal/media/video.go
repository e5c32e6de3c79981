package media

import (
	"bytes"
	"context"
	"fmt"
	"os"
	"time"

	"golang.org/x/image/bmp"
)

// The video output: H.264 and AAC in MP4, what every phone and browser
// plays, at most 1280x720, which is plenty for a clip watched in a feed
// and a quarter of 1080p's bytes. ffmpeg turns the picture upright itself
// (its default autorotate) and then writes no display matrix, so nothing
// turns it a second time. Only the first picture and sound streams are
// mapped: subtitles, data, chapters and metadata stay behind. [video] is
// the scaled picture of the filter graph (videoGraph).
var videoArgs = []string{
	"-map", "[video]", "-map", "0:a:0?",
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

// processVideo transcodes a clip and, beside it, takes its poster frame.
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
	posterPath := out.path("poster.bmp")
	defer os.Remove(posterPath) // read below, never an output
	args := append([]string{"-nostdin", "-hide_banner", "-loglevel", "error", "-nostats", "-progress", "pipe:1", "-y"}, inputArgs(t, src, limits)...)
	args = append(args, "-filter_complex", videoGraph(vw, vh, w, h, d))
	// The cap holds even when the header lies about the duration or has
	// none; how far the output got is read from the progress report.
	args = append(args, "-t", capSeconds(limits))
	args = append(append(args, videoArgs...), "file:"+path)
	args = append(args, "-map", "[poster]", "-frames:v", "1", "-c:v", "bmp", "-f", "image2", "-update", "1", "file:"+posterPath)
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
	pic, err := readPoster(posterPath)
	if err != nil {
		// A clip shorter than its header said never reached the poster's
		// second: take its first frame in a run of its own.
		if pic, err = f.posterFrame(ctx, t, src, d, w, h, limits); err != nil {
			return Result{}, err
		}
	}
	res := Result{Type: t, Width: w, Height: h, Duration: d}
	res.Placeholder, err = writePictures(pic, 1, "poster", out)
	return res, err
}

// videoGraph splits the decoded picture (already upright: ffmpeg's
// autorotate) in two: the video, scaled to vw by vh, and the poster, the
// first frame a second in (a clip often starts black; from the start when
// shorter than two seconds) scaled to the feed's size. The poster's branch
// drops every other frame before scaling, so it costs next to nothing, and
// the clip is decoded once for both.
func videoGraph(vw, vh, w, h int, d time.Duration) string {
	pw, ph := fit(w, h, feedSide)
	at := 1
	if d > 0 && d < 2*time.Second {
		at = 0
	}
	return fmt.Sprintf("[0:V:0]split[v][p];[v]scale=%d:%d,setsar=1[video];[p]select='gte(t\\,%d)*isnan(prev_selected_t)',scale=%d:%d,setsar=1[poster]",
		vw, vh, at, pw, ph)
}

// readPoster decodes the poster frame the transcode wrote, if it did.
func readPoster(path string) (picture, error) {
	f, err := os.Open(path)
	if err != nil {
		return picture{}, err
	}
	defer f.Close()
	m, err := bmp.Decode(f)
	if err != nil {
		return picture{}, refuse(CodeCorrupt, fmt.Errorf("poster frame: %w", err))
	}
	return fromImage(m, m.Bounds()), nil
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

// posterFrame takes, in a run of its own, the frame a second in, or the
// first of a clip shorter than two seconds, upright and scaled by ffmpeg
// to at most feedSide. BMP is uncompressed and says its size, so
// the pipe costs nothing to write or read. The frame then goes the way of
// a photo: a fresh JPEG without any metadata.
func (f *FFmpeg) posterFrame(ctx context.Context, t Type, src string, d time.Duration, w, h int, limits Limits) (picture, error) {
	pw, ph := fit(w, h, feedSide)
	at := "1"
	if d > 0 && d < 2*time.Second {
		at = "0"
	}
	for {
		args := []string{"-nostdin", "-hide_banner", "-loglevel", "error", "-ss", at}
		args = append(args, inputArgs(t, src, limits)...)
		args = append(args, "-map", "0:V:0", "-frames:v", "1", "-an", "-sn", "-dn", "-map_metadata", "-1",
			"-vf", fmt.Sprintf("scale=%d:%d,setsar=1", pw, ph), "-c:v", "bmp", "-f", "image2pipe", "pipe:1")
		b, err := run(ctx, f.FFmpeg, args...)
		if err != nil {
			return picture{}, asCorrupt(ctx, err)
		}
		if len(b) == 0 && at != "0" {
			at = "0" // shorter than its header said, or said nothing
			continue
		}
		m, err := bmp.Decode(bytes.NewReader(b))
		if err != nil {
			return picture{}, refuse(CodeCorrupt, fmt.Errorf("poster frame: %w", err))
		}
		return fromImage(m, m.Bounds()), nil
	}
}
