package media_test

import (
	"bytes"
	"context"
	"encoding/binary"
	"encoding/json"
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/pluttra/pluttra/internal/media"
	"github.com/pluttra/pluttra/internal/testrig"
)

// Metadata the generated clips carry: a title and the position of the
// preschool, which no output may keep.
var clipMetadata = []string{"-metadata", "title=Secret title", "-metadata", "location=+59.3293+018.0686/", "-metadata", "comment=Secret comment"}

// makeClips runs ffmpeg once with args, whose outputs are written as
// "out:name" and become files of that name in a new temporary directory;
// it returns that directory. One run makes all of a test's inputs, as
// every start of ffmpeg costs a good part of a second.
func makeClips(t *testing.T, ff *media.FFmpeg, args ...string) string {
	t.Helper()
	dir := t.TempDir()
	full := []string{"-nostdin", "-hide_banner", "-loglevel", "error", "-y"}
	for _, a := range args {
		if name, ok := strings.CutPrefix(a, "out:"); ok {
			a = filepath.Join(dir, name)
		}
		full = append(full, a)
	}
	if out, err := exec.Command(ff.FFmpeg, full...).CombinedOutput(); err != nil {
		t.Fatalf("making clips: %v: %s", err, out)
	}
	return dir
}

// probed is what the tests read back from ffprobe about an output.
type probed struct {
	Streams []struct {
		CodecType string            `json:"codec_type"`
		CodecName string            `json:"codec_name"`
		PixFmt    string            `json:"pix_fmt"`
		Width     int               `json:"width"`
		Height    int               `json:"height"`
		Tags      map[string]string `json:"tags"`
		SideData  []json.RawMessage `json:"side_data_list"`
	} `json:"streams"`
	Format struct {
		Tags map[string]string `json:"tags"`
	} `json:"format"`
}

func probe(t *testing.T, ff *media.FFmpeg, path string) probed {
	t.Helper()
	out, err := exec.Command(ff.FFprobe, "-v", "error", "-print_format", "json", "-show_format", "-show_streams", path).Output()
	if err != nil {
		t.Fatalf("ffprobe %s: %v", path, err)
	}
	var p probed
	if err := json.Unmarshal(out, &p); err != nil {
		t.Fatal(err)
	}
	return p
}

// Tags the muxer and encoders write themselves; anything else is metadata
// that came from the upload.
var (
	muxerTags  = []string{"major_brand", "minor_version", "compatible_brands", "encoder"}
	streamTags = []string{"language", "handler_name", "vendor_id", "encoder"}
)

// wantClean fails if an output kept any tag of the upload's, its text, or
// a display matrix that would turn the picture a second time.
func wantClean(t *testing.T, p probed, path string) {
	t.Helper()
	for k := range p.Format.Tags {
		if !slices.Contains(muxerTags, k) {
			t.Errorf("output keeps format tag %s=%q", k, p.Format.Tags[k])
		}
	}
	for _, s := range p.Streams {
		for k := range s.Tags {
			if !slices.Contains(streamTags, k) {
				t.Errorf("output %s stream keeps tag %s=%q", s.CodecType, k, s.Tags[k])
			}
		}
		if len(s.SideData) > 0 {
			t.Errorf("output %s stream has side data %s", s.CodecType, s.SideData)
		}
	}
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	for _, leak := range []string{"Secret", "+59.3293", "Exif"} {
		if bytes.Contains(b, []byte(leak)) {
			t.Errorf("output contains %q", leak)
		}
	}
}

// wantFastStart fails unless the MP4's index (moov) comes before its media
// data, so playback starts before the download ends.
func wantFastStart(t *testing.T, path string) {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	var boxes []string
	for p := 0; p+8 <= len(b); {
		size := int(binary.BigEndian.Uint32(b[p:]))
		boxes = append(boxes, string(b[p+4:p+8]))
		if size < 8 {
			break
		}
		p += size
	}
	moov, mdat := slices.Index(boxes, "moov"), slices.Index(boxes, "mdat")
	if moov < 0 || mdat < 0 || moov > mdat {
		t.Fatalf("top-level boxes %v: moov must come before mdat", boxes)
	}
}

// streamsOf lists the codec of each stream, "h264 yuv420p" for video.
func streamsOf(p probed) []string {
	var out []string
	for _, s := range p.Streams {
		if s.CodecType == "video" {
			out = append(out, s.CodecName+" "+s.PixFmt)
		} else {
			out = append(out, s.CodecName)
		}
	}
	return out
}

func wantDuration(t *testing.T, got, want time.Duration) {
	t.Helper()
	if got < want-150*time.Millisecond || got > want+150*time.Millisecond {
		t.Fatalf("duration %v, want about %v", got, want)
	}
}

func processFile(t *testing.T, p *media.Processor, src string) (media.Result, string, error) {
	t.Helper()
	dir := t.TempDir()
	res, err := p.Process(context.Background(), src, dir)
	return res, dir, err
}

func TestVideo(t *testing.T) {
	t.Parallel()
	ff := testrig.FFmpeg(t)
	p := &media.Processor{FFmpeg: ff}
	meta := func(args ...string) []string { return append(args, clipMetadata...) }
	x264 := []string{"-c:v", "libx264", "-preset", "ultrafast"}
	args := []string{
		"-f", "lavfi", "-i", "testsrc=size=320x240:rate=10:duration=2",
		"-f", "lavfi", "-i", "sine=frequency=440:duration=2",
		"-f", "lavfi", "-i", "testsrc2=size=1920x1080:rate=2:duration=1",
		"-f", "lavfi", "-i", "sine=frequency=300:duration=1",
		"-f", "lavfi", "-i", "testsrc=size=64x48:rate=5:duration=5",
		"-f", "lavfi", "-i", "color=size=640x64:rate=1:duration=1",
	}
	args = append(args, meta("-map", "0:v", "-map", "1:a", "-c:v", "mjpeg", "-c:a", "pcm_s16le")...)
	args = append(args, "out:clip.mov", "-map", "2:v")
	args = append(append(args, x264...), "out:big.mp4", "-map", "0:v", "-t", "1")
	args = append(append(args, x264...), "out:flat.mp4")
	args = append(args, meta("-map", "3:a", "-c:a", "libopus")...)
	args = append(args, "out:voice.webm", "-map", "4:v", "-t", "3")
	args = append(append(args, x264...), "out:long.mp4")
	// A live WebM, as a browser records, says nothing of its length.
	args = append(args, "-map", "4:v", "-c:v", "libvpx", "-live", "1", "-f", "webm", "out:live.webm", "-map", "5:v")
	args = append(append(args, x264...), "out:wide.mp4")
	dir := makeClips(t, ff, args...)
	clip := func(name string) string { return filepath.Join(dir, name) }
	// The rotate tag becomes a display matrix, as phones write it.
	sideways := filepath.Join(makeClips(t, ff, "-i", clip("flat.mp4"), "-c", "copy", "-metadata:s:v:0", "rotate=90", "out:sideways.mp4"), "sideways.mp4")

	t.Run("StripsMetadataAndTranscodes", func(t *testing.T) {
		t.Parallel()
		res, _, err := processFile(t, p, clip("clip.mov"))
		if err != nil {
			t.Fatal(err)
		}
		if res.Type != (media.Type{Kind: media.KindVideo, Name: "mov"}) || res.Width != 320 || res.Height != 240 {
			t.Fatalf("result %+v", res)
		}
		wantDuration(t, res.Duration, 2*time.Second)
		if !placeholderRE.MatchString(res.Placeholder) {
			t.Fatalf("placeholder %q", res.Placeholder)
		}
		video := output(t, res, "video")
		got := probe(t, ff, video.Path)
		if s := streamsOf(got); !slices.Equal(s, []string{"h264 yuv420p", "aac"}) {
			t.Fatalf("output streams %v, want h264 yuv420p and aac", s)
		}
		if video.ContentType != "video/mp4" || video.Width != 320 || video.Height != 240 {
			t.Fatalf("video output %+v", video)
		}
		wantClean(t, got, video.Path)
		wantFastStart(t, video.Path)
		poster := output(t, res, "poster")
		if decodeOutput(t, poster); poster.Width != 320 || poster.Height != 240 {
			t.Fatalf("poster %+v", poster)
		}
		decodeOutput(t, output(t, res, "thumb"))
		wantNoMetadata(t, res)
	})

	t.Run("1080pBecomes720p", func(t *testing.T) {
		t.Parallel()
		res, _, err := processFile(t, p, clip("big.mp4"))
		if err != nil {
			t.Fatal(err)
		}
		video := output(t, res, "video")
		got := probe(t, ff, video.Path)
		if res.Width != 1920 || res.Height != 1080 || video.Width != 1280 || video.Height != 720 ||
			got.Streams[0].Width != 1280 || got.Streams[0].Height != 720 {
			t.Fatalf("result %dx%d, video %+v; want 1920x1080 and 1280x720", res.Width, res.Height, got.Streams[0])
		}
		if s := streamsOf(got); !slices.Equal(s, []string{"h264 yuv420p"}) {
			t.Fatalf("output streams %v", s)
		}
		poster, thumb := output(t, res, "poster"), output(t, res, "thumb")
		if poster.Width != 1600 || poster.Height != 900 || thumb.Width != 400 || thumb.Height != 225 {
			t.Fatalf("poster %dx%d, thumb %dx%d", poster.Width, poster.Height, thumb.Width, thumb.Height)
		}
		wantDuration(t, res.Duration, time.Second)
	})

	t.Run("PhoneRecordedSideways", func(t *testing.T) {
		t.Parallel()
		res, _, err := processFile(t, p, sideways)
		if err != nil {
			t.Fatal(err)
		}
		video := output(t, res, "video")
		got := probe(t, ff, video.Path)
		if res.Width != 240 || res.Height != 320 || got.Streams[0].Width != 240 || got.Streams[0].Height != 320 {
			t.Fatalf("result %dx%d, output %dx%d; want both upright at 240x320", res.Width, res.Height, got.Streams[0].Width, got.Streams[0].Height)
		}
		wantClean(t, got, video.Path)
		poster := output(t, res, "poster")
		if poster.Width != 240 || poster.Height != 320 {
			t.Fatalf("poster %dx%d, want 240x320", poster.Width, poster.Height)
		}
		// testsrc's colour bars run left to right; upright, they run down.
		m := decodeOutput(t, poster)
		if top, bottom := m.At(120, 40), m.At(120, 280); top == bottom {
			t.Fatalf("poster is not turned: %v at top and bottom", top)
		}
	})

	t.Run("WebMWithSoundOnlyIsAudio", func(t *testing.T) {
		t.Parallel()
		res, _, err := processFile(t, p, clip("voice.webm"))
		if err != nil {
			t.Fatal(err)
		}
		if res.Type != (media.Type{Kind: media.KindAudio, Name: "webm"}) || len(res.Outputs) != 1 {
			t.Fatalf("result %+v", res)
		}
		audio := output(t, res, "audio")
		got := probe(t, ff, audio.Path)
		if s := streamsOf(got); !slices.Equal(s, []string{"aac"}) || audio.ContentType != "audio/mp4" {
			t.Fatalf("output streams %v, %+v", s, audio)
		}
		wantClean(t, got, audio.Path)
		wantDuration(t, res.Duration, time.Second)
	})

	refusals := map[string]struct {
		src    string
		limits media.Limits
		code   string
	}{
		"TooLong": {clip("long.mp4"), media.Limits{MaxDuration: time.Second}, media.CodeTooLong},
		// The transcode stops at the limit and its output is measured.
		"TooLongWithoutStatedDuration": {clip("live.webm"), media.Limits{MaxDuration: time.Second}, media.CodeTooLong},
		"TooWide":                      {clip("wide.mp4"), media.Limits{MaxSide: 320}, media.CodeTooLarge},
	}
	for name, c := range refusals {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			_, dir, err := processFile(t, &media.Processor{FFmpeg: ff, Limits: c.limits}, c.src)
			wantCode(t, err, c.code)
			wantEmptyDir(t, dir)
		})
	}

	t.Run("Corrupt", func(t *testing.T) {
		t.Parallel()
		b, err := os.ReadFile(clip("flat.mp4"))
		if err != nil {
			t.Fatal(err)
		}
		for name, data := range map[string][]byte{
			"HeaderThenNoise": append(ftyp("isom", "isom", "mp41"), bytes.Repeat([]byte("noise"), 500)...),
			"CutShort":        b[:len(b)/2], // the index (moov) comes last and is gone
		} {
			t.Run(name, func(t *testing.T) {
				t.Parallel()
				_, dir, err := processFile(t, p, writeFile(t, "upload", data))
				wantCode(t, err, media.CodeCorrupt)
				wantEmptyDir(t, dir)
			})
		}
	})

	t.Run("CancelledContext", func(t *testing.T) {
		t.Parallel()
		ctx, cancel := context.WithCancel(context.Background())
		cancel()
		dir := t.TempDir()
		_, err := p.Process(ctx, clip("flat.mp4"), dir)
		if !errors.Is(err, context.Canceled) {
			t.Fatalf("error %v, want the context's", err)
		}
		if me, ok := errors.AsType[*media.Error](err); ok {
			t.Fatalf("a cancellation reads as a refusal: %v", me)
		}
		wantEmptyDir(t, dir)
	})
}

func TestAudio(t *testing.T) {
	t.Parallel()
	ff := testrig.FFmpeg(t)
	p := &media.Processor{FFmpeg: ff}
	cover := writeFile(t, "cover.png", pngOf(t, 32, 32))
	meta := func(args ...string) []string { return append(args, clipMetadata...) }
	args := []string{"-f", "lavfi", "-i", "sine=frequency=500:duration=1", "-i", cover}
	args = append(args, meta("-map", "0:a", "-map", "1:v", "-c:a", "libmp3lame", "-c:v", "mjpeg",
		"-disposition:v", "attached_pic", "-id3v2_version", "3")...)
	args = append(args, "out:song.mp3")
	args = append(append(args, meta("-map", "0:a", "-c:a", "aac")...), "out:note.m4a")
	args = append(append(args, meta("-map", "0:a", "-c:a", "libvorbis")...), "out:note.ogg")
	args = append(append(args, meta("-map", "0:a", "-c:a", "pcm_s16le")...), "out:note.wav")
	dir := makeClips(t, ff, args...)
	for file, want := range map[string]media.Type{
		"song.mp3": {Kind: media.KindAudio, Name: "mp3"}, // with tags and cover art
		"note.m4a": {Kind: media.KindAudio, Name: "m4a"},
		"note.ogg": {Kind: media.KindAudio, Name: "ogg"},
		"note.wav": {Kind: media.KindAudio, Name: "wav"},
	} {
		t.Run(file, func(t *testing.T) {
			t.Parallel()
			src := filepath.Join(dir, file)
			if b, _ := os.ReadFile(src); !bytes.Contains(b, []byte("Secret")) {
				t.Fatal("the fixture lacks its metadata")
			}
			res, _, err := processFile(t, p, src)
			if err != nil {
				t.Fatal(err)
			}
			if res.Type != want || len(res.Outputs) != 1 {
				t.Fatalf("result %+v", res)
			}
			audio := output(t, res, "audio")
			got := probe(t, ff, audio.Path)
			if s := streamsOf(got); !slices.Equal(s, []string{"aac"}) {
				t.Fatalf("output streams %v, want aac alone", s)
			}
			wantClean(t, got, audio.Path)
			wantDuration(t, res.Duration, time.Second)
			if !strings.HasSuffix(audio.Path, ".m4a") || audio.Size == 0 {
				t.Fatalf("audio output %+v", audio)
			}
		})
	}
}

// TestWithoutFFmpeg: a server without ffmpeg refuses clips by name, and
// still takes photos.
func TestWithoutFFmpeg(t *testing.T) {
	t.Parallel()
	p := &media.Processor{}
	_, dir, err := process(t, p, append(ftyp("isom", "isom"), make([]byte, 100)...))
	wantCode(t, err, media.CodeNoFFmpeg)
	wantEmptyDir(t, dir)
	if _, _, err := process(t, p, encodeJPEG(t, quadrants(32, 32))); err != nil {
		t.Fatal(err)
	}
}
