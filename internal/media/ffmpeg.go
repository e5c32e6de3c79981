package media

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"time"
)

// FFmpeg locates the ffmpeg and ffprobe executables. Video and audio go
// through them as separate processes: their decoders cover every codec a
// phone records, and a crash or hang in one stays outside the server and
// dies with its context.
type FFmpeg struct {
	FFmpeg, FFprobe string
}

// FindFFmpeg looks for ffmpeg and ffprobe on PATH. Its error names what is
// missing; the server logs it at start and then refuses video and audio.
func FindFFmpeg() (*FFmpeg, error) {
	var missing []string
	ff, err := exec.LookPath("ffmpeg")
	if err != nil {
		missing = append(missing, "ffmpeg")
	}
	fp, err := exec.LookPath("ffprobe")
	if err != nil {
		missing = append(missing, "ffprobe")
	}
	if len(missing) > 0 {
		return nil, fmt.Errorf("media: %s not found on PATH; video and audio will be refused", strings.Join(missing, " and "))
	}
	return &FFmpeg{FFmpeg: ff, FFprobe: fp}, nil
}

// demuxers names, for each type, the one ffmpeg demuxer allowed to read
// it. Forcing it keeps ffmpeg from probing its way into formats that open
// other files or URLs (HLS and concat playlists): the bytes were sniffed
// as this type, and they are read as nothing else.
var demuxers = map[string]string{
	"mp4": "mov", "mov": "mov", "m4a": "mov",
	"webm": "matroska", "mp3": "mp3", "ogg": "ogg", "wav": "wav",
}

// inputArgs are the arguments that open src as type t, reading that file
// alone, with the decoder refusing any picture over the pixel limit: the
// size checked before decoding is the header's, and a header can lie.
func inputArgs(t Type, src string, limits Limits) []string {
	return []string{"-protocol_whitelist", "file", "-max_pixels", strconv.FormatInt(limits.MaxPixels, 10),
		"-f", demuxers[t.Name], "-i", "file:" + src}
}

// stderrKeep is how much of a tool's error output goes into an error: the
// first lines say what went wrong; the rest repeats it.
const stderrKeep = 1024

// run runs one of the tools under ctx, which kills it (and its process
// group) on cancellation, and returns its standard output. The tool never
// outlives the server (bindToServer). A failure carries the start of its
// error output for the logs; a cancellation returns the context's error.
func run(ctx context.Context, path string, args ...string) ([]byte, error) {
	cmd := exec.CommandContext(ctx, path, args...)
	var stdout, stderr bytes.Buffer
	cmd.Stdout = &stdout
	cmd.Stderr = &limitedBuffer{buf: &stderr, max: stderrKeep}
	cmd.WaitDelay = 5 * time.Second
	bindToServer(cmd)
	defer holdThread()()
	err := cmd.Start()
	if err == nil {
		lowerPriority(cmd.Process.Pid)
		err = cmd.Wait()
	}
	if ctx.Err() != nil {
		return nil, ctx.Err()
	}
	if err != nil {
		msg := strings.Join(strings.Fields(strings.ReplaceAll(stderr.String(), "\n", " ; ")), " ")
		if msg == "" {
			return nil, fmt.Errorf("%s: %w", filepath.Base(path), err)
		}
		return nil, fmt.Errorf("%s: %w: %s", filepath.Base(path), err, msg)
	}
	return stdout.Bytes(), nil
}

// limitedBuffer keeps the first max bytes written and drops the rest
// while still reporting success, so a chatty process never blocks.
type limitedBuffer struct {
	buf *bytes.Buffer
	max int
}

// Write keeps what fits and claims the whole of p was written.
func (l *limitedBuffer) Write(p []byte) (int, error) {
	if room := l.max - l.buf.Len(); room > 0 {
		l.buf.Write(p[:min(len(p), room)])
	}
	return len(p), nil
}

// process sends a video or audio file down its pipeline.
func (f *FFmpeg) process(ctx context.Context, t Type, src string, limits Limits, out *outputs) (Result, error) {
	info, ok := probeInfo{}, false
	if t.Name == "mp4" || t.Name == "mov" {
		info, ok = mp4Header(src)
	}
	if !ok {
		var err error
		if info, err = f.probe(ctx, t, src, limits); err != nil {
			return Result{}, err
		}
	}
	if t.Kind == KindVideo {
		if _, ok := info.video(); ok {
			return f.processVideo(ctx, t, src, info, limits, out)
		}
		// A WebM or MP4 with sound alone is a recording.
		t.Kind = KindAudio
	}
	if _, ok := info.audio(); !ok {
		return Result{}, refuse(CodeUnsupported, errors.New("no video or audio stream"))
	}
	return f.processAudio(ctx, t, src, info, limits, out)
}
