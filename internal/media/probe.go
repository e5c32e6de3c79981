package media

import (
	"bytes"
	"context"
	"encoding/json"
	"math"
	"strconv"
	"strings"
	"time"
)

// probeInfo is the part of ffprobe's JSON that processing needs.
type probeInfo struct {
	Streams []probeStream `json:"streams"`
	Format  struct {
		Duration string `json:"duration"`
	} `json:"format"`
}

type probeStream struct {
	CodecType   string `json:"codec_type"`
	Width       int    `json:"width"`
	Height      int    `json:"height"`
	SAR         string `json:"sample_aspect_ratio"`
	Duration    string `json:"duration"`
	Disposition struct {
		AttachedPic int `json:"attached_pic"`
	} `json:"disposition"`
	Tags     map[string]string `json:"tags"`
	SideData []struct {
		Rotation float64 `json:"rotation"`
	} `json:"side_data_list"`
}

// probe asks ffprobe about the streams of src, read as type t. A file it
// cannot read is corrupt.
func (f *FFmpeg) probe(ctx context.Context, t Type, src string, limits Limits) (probeInfo, error) {
	var info probeInfo
	args := append([]string{"-v", "error", "-print_format", "json", "-show_format", "-show_streams"}, inputArgs(t, src, limits)...)
	out, err := run(ctx, f.FFprobe, args...)
	if err != nil {
		return info, asCorrupt(ctx, err)
	}
	if err := json.Unmarshal(out, &info); err != nil {
		return info, refuse(CodeCorrupt, err)
	}
	return info, nil
}

// video returns the first video stream that is a moving picture, not the
// cover art some files attach as a one-frame video stream.
func (p probeInfo) video() (probeStream, bool) {
	for _, s := range p.Streams {
		if s.CodecType == "video" && s.Disposition.AttachedPic == 0 {
			return s, true
		}
	}
	return probeStream{}, false
}

// audio returns the first audio stream.
func (p probeInfo) audio() (probeStream, bool) {
	for _, s := range p.Streams {
		if s.CodecType == "audio" {
			return s, true
		}
	}
	return probeStream{}, false
}

// duration is the container's duration, or the longest stream's; zero when
// the file does not say (a browser's WebM recording often does not).
func (p probeInfo) duration() time.Duration {
	d := seconds(p.Format.Duration)
	for _, s := range p.Streams {
		d = max(d, seconds(s.Duration))
	}
	return d
}

// seconds parses ffprobe's decimal seconds; "N/A" and nonsense are zero.
func seconds(s string) time.Duration {
	v, err := strconv.ParseFloat(s, 64)
	if err != nil || math.IsNaN(v) || v <= 0 || v > 1e9 {
		return 0
	}
	return time.Duration(v * float64(time.Second))
}

// displaySize is the size the stream shows at: phones record sideways and
// say in a display matrix (or an older rotate tag) how to turn the picture,
// and some cameras store pixels that are not square. ffmpeg turns the
// picture before any filter of ours, the same way, when the angle is within
// a degree of a quarter turn.
func (s probeStream) displaySize() (int, int) {
	w, h := s.Width, s.Height
	if num, den, ok := strings.Cut(s.SAR, ":"); ok {
		n, err1 := strconv.Atoi(num)
		d, err2 := strconv.Atoi(den)
		if err1 == nil && err2 == nil && n > 0 && d > 0 && n != d && n <= 16*d && d <= 16*n {
			w = int((int64(w)*int64(n) + int64(d)/2) / int64(d))
		}
	}
	rotation := 0.0
	for _, sd := range s.SideData {
		if sd.Rotation != 0 {
			rotation = sd.Rotation
		}
	}
	if r, err := strconv.ParseFloat(s.Tags["rotate"], 64); err == nil && rotation == 0 {
		rotation = r
	}
	turn := math.Mod(math.Abs(rotation), 180)
	if math.Abs(turn-90) < 1 {
		return h, w
	}
	return w, h
}

// progressTime reads how far ffmpeg's output got from its -progress
// report (lines of key=value): the last out_time_us, in microseconds.
func progressTime(report []byte) time.Duration {
	var d time.Duration
	for line := range bytes.Lines(report) {
		if v, ok := bytes.CutPrefix(bytes.TrimSpace(line), []byte("out_time_us=")); ok {
			if us, err := strconv.ParseInt(string(v), 10, 64); err == nil && us > 0 {
				d = max(d, time.Duration(us)*time.Microsecond)
			}
		}
	}
	return d
}
