package media

import (
	"context"
	"errors"
	"io"
	"os"
)

// Processor turns an upload into the files Pluttra serves. It holds no
// state between calls, so one Processor serves any number of goroutines.
type Processor struct {
	// FFmpeg is nil when ffmpeg is missing: video and audio are then
	// refused with CodeNoFFmpeg, and photos still work.
	FFmpeg *FFmpeg
	// Limits are applied to every file; zero fields take DefaultLimits.
	Limits Limits
}

// sniffSize is how much of a file Sniff is given.
const sniffSize = 4096

// Process reads the upload at src, decides its type from its bytes and
// writes the outputs into workDir under fixed names (feed.jpg, thumb.jpg,
// poster.jpg, video.mp4, audio.m4a). The caller owns workDir; on failure
// nothing of this run is left in it. A refusal is an *Error; any other
// error (cancellation, a full disk) is worth trying again.
func (p *Processor) Process(ctx context.Context, src, workDir string) (res Result, err error) {
	head, err := readHead(src)
	if err != nil {
		return Result{}, err
	}
	t, err := Sniff(head)
	if err != nil {
		return Result{}, err
	}
	out := &outputs{dir: workDir}
	defer func() {
		if err != nil {
			out.removeAll()
			res = Result{Type: t}
		}
	}()
	limits := p.Limits.orDefault()
	switch {
	case t.Kind == KindImage:
		res, err = processImage(ctx, t, src, limits, out)
	case p.FFmpeg == nil:
		return Result{}, refuse(CodeNoFFmpeg, errors.New("ffmpeg and ffprobe were not found when the server started"))
	default:
		res, err = p.FFmpeg.process(ctx, t, src, limits, out)
	}
	res.Outputs = out.list
	return res, err
}

// readHead reads the first sniffSize bytes, or the whole file if smaller.
func readHead(path string) ([]byte, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	head := make([]byte, sniffSize)
	n, err := io.ReadFull(f, head)
	if err != nil && err != io.ErrUnexpectedEOF && err != io.EOF {
		return nil, err
	}
	return head[:n], nil
}
