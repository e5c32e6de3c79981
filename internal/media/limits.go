package media

import (
	"fmt"
	"time"
)

// Limits bound the work one upload may cause. Decoding a picture costs
// memory by its pixel count, whatever its file size, so dimensions are
// checked from the header before any pixel is decoded.
type Limits struct {
	// MaxPixels bounds width times height (default 50 million).
	MaxPixels int64
	// MaxSide bounds the longer side (default 12000).
	MaxSide int
	// MaxDuration bounds video and audio (default 10 minutes).
	MaxDuration time.Duration
}

// DefaultLimits takes every photo a phone or camera makes today and clips
// of a few minutes, and refuses the rest before it costs anything.
func DefaultLimits() Limits {
	return Limits{MaxPixels: 50_000_000, MaxSide: 12000, MaxDuration: 10 * time.Minute}
}

// orDefault fills the zero fields, so a zero Processor is usable.
func (l Limits) orDefault() Limits {
	d := DefaultLimits()
	if l.MaxPixels <= 0 {
		l.MaxPixels = d.MaxPixels
	}
	if l.MaxSide <= 0 {
		l.MaxSide = d.MaxSide
	}
	if l.MaxDuration <= 0 {
		l.MaxDuration = d.MaxDuration
	}
	return l
}

// checkSize refuses dimensions over the limits, and nonsense ones.
func (l Limits) checkSize(w, h int) error {
	if w <= 0 || h <= 0 {
		return refuse(CodeCorrupt, fmt.Errorf("dimensions %dx%d", w, h))
	}
	if w > l.MaxSide || h > l.MaxSide || int64(w)*int64(h) > l.MaxPixels {
		return refuse(CodeTooLarge, fmt.Errorf("dimensions %dx%d over %d pixels or %d a side", w, h, l.MaxPixels, l.MaxSide))
	}
	return nil
}

// checkDuration refuses a clip over the length limit.
func (l Limits) checkDuration(d time.Duration) error {
	if d > l.MaxDuration {
		return refuse(CodeTooLong, fmt.Errorf("duration %v over %v", d.Round(time.Second), l.MaxDuration))
	}
	return nil
}
