package media

import (
	"bytes"
	"context"
	"encoding/binary"
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"testing"
	"time"
)

// TestMP4HeaderAgreesWithFFprobe: for the clips phones and cameras make
// (turned, with non-square pixels, MOV with a timecode track, sound and
// picture, HEVC), the index read in process gives the sizes, turn and
// duration ffprobe gives; and what it does not know is left to ffprobe.
func TestMP4HeaderAgreesWithFFprobe(t *testing.T) {
	ff, err := FindFFmpeg()
	if err != nil {
		t.Skip("ffmpeg not installed:", err)
	}
	t.Parallel()
	dir := t.TempDir()
	src := "testsrc2=size=320x240:rate=10:duration=3"
	sound := []string{"-f", "lavfi", "-i", "sine=frequency=440:duration=3"}
	clips := map[string][]string{
		"plain.mp4":    append(append([]string{"-f", "lavfi", "-i", src}, sound...), "-c:v", "libx264", "-c:a", "aac", "-shortest"),
		"sideways.mp4": {"-f", "lavfi", "-i", src, "-c:v", "libx264", "-metadata:s:v", "rotate=90"},
		"wide.mp4":     {"-f", "lavfi", "-i", src, "-c:v", "libx264", "-vf", "setsar=4/3"},
		"camera.mov":   append(append([]string{"-f", "lavfi", "-i", src}, sound...), "-c:v", "libx264", "-c:a", "aac", "-timecode", "10:00:00:00", "-shortest"),
		"hevc.mp4":     {"-f", "lavfi", "-i", src, "-c:v", "libx265", "-tag:v", "hvc1", "-x265-params", "log-level=none"},
		"mpeg4.mp4":    {"-f", "lavfi", "-i", src, "-c:v", "mpeg4"},
	}
	ctx := context.Background()
	for name, args := range clips {
		path := filepath.Join(dir, name)
		all := append(append([]string{"-nostdin", "-hide_banner", "-loglevel", "error", "-y"}, args...), path)
		if out, err := exec.Command(ff.FFmpeg, all...).CombinedOutput(); err != nil {
			t.Fatalf("%s: %v\n%s", name, err, out)
		}
		head, err := readHead(path)
		if err != nil {
			t.Fatal(err)
		}
		typ, err := Sniff(head)
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		want, err := ff.probe(ctx, typ, path, DefaultLimits())
		if err != nil {
			t.Fatal(err)
		}
		got, ok := mp4Header(path)
		if !ok {
			t.Errorf("%s: the index was not read", name)
			continue
		}
		gv, _ := got.video()
		wv, _ := want.video()
		gw, gh := gv.displaySize()
		ww, wh := wv.displaySize()
		if gw != ww || gh != wh || gv.Width != wv.Width || gv.Height != wv.Height {
			t.Errorf("%s: %dx%d shown %dx%d, ffprobe %dx%d shown %dx%d", name, gv.Width, gv.Height, gw, gh, wv.Width, wv.Height, ww, wh)
		}
		if d := got.duration() - want.duration(); d.Abs() > 100*time.Millisecond {
			t.Errorf("%s: duration %v, ffprobe %v", name, got.duration(), want.duration())
		}
		_, ga := got.audio()
		_, wa := want.audio()
		if ga != wa {
			t.Errorf("%s: sound %v, ffprobe %v", name, ga, wa)
		}
	}

	t.Run("NotAnIndexLeftToFFprobe", func(t *testing.T) {
		junk := filepath.Join(dir, "junk.mp4")
		os.WriteFile(junk, []byte("\x00\x00\x00\x18ftypisom\x00\x00\x02\x00isomiso2\x00\x00\x00\x08moov"), 0o644)
		if _, ok := mp4Header(junk); ok {
			t.Fatal("an index without tracks was taken as read")
		}
		sound := filepath.Join(dir, "sound.m4a")
		if out, err := exec.Command(ff.FFmpeg, "-nostdin", "-loglevel", "error", "-f", "lavfi", "-i", "sine=duration=1", "-c:a", "aac", sound).CombinedOutput(); err != nil {
			t.Fatalf("%v\n%s", err, out)
		}
		if _, ok := mp4Header(sound); ok {
			t.Fatal("a file without a picture was taken as read")
		}
	})
}

// TestLyingHeaderStillRefused: a clip whose index claims a small picture
// while its stream is 1920x1080 passes the header's size check, and the
// decoder's own pixel limit refuses it all the same.
func TestLyingHeaderStillRefused(t *testing.T) {
	ff, err := FindFFmpeg()
	if err != nil {
		t.Skip("ffmpeg not installed:", err)
	}
	t.Parallel()
	dir := t.TempDir()
	path := filepath.Join(dir, "lying.mp4")
	if out, err := exec.Command(ff.FFmpeg, "-nostdin", "-loglevel", "error", "-f", "lavfi", "-i", "testsrc2=size=1920x1080:rate=5:duration=1",
		"-c:v", "libx264", path).CombinedOutput(); err != nil {
		t.Fatalf("%v\n%s", err, out)
	}
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	// The avc1 sample entry's width and height, 28 and 30 bytes after its
	// type, say 64x48.
	sd := bytes.Index(b, []byte("stsd"))
	i := bytes.Index(b[max(sd, 0):], []byte("avc1")) + sd
	if sd < 0 || i < sd {
		t.Fatal("no avc1 entry")
	}
	binary.BigEndian.PutUint16(b[i+28:], 64)
	binary.BigEndian.PutUint16(b[i+30:], 48)
	os.WriteFile(path, b, 0o644)
	if info, ok := mp4Header(path); !ok {
		t.Fatal("the index was not read")
	} else if v, _ := info.video(); v.Width != 64 || v.Height != 48 {
		t.Fatalf("the index says %dx%d, the test wants it to lie", v.Width, v.Height)
	}
	p := &Processor{FFmpeg: ff, Limits: Limits{MaxPixels: 100_000}}
	_, err = p.Process(context.Background(), path, t.TempDir())
	var refused *Error
	if !errors.As(err, &refused) {
		t.Fatalf("a 1920x1080 stream under a 64x48 header = %v, want refused", err)
	}
}
