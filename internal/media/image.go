package media

import (
	"context"
	"math"
)

// The long side of the picture outputs, in pixels: the feed fills a
// phone's screen at its pixel density; the thumbnail fills a grid cell.
const (
	feedSide  = 1600
	thumbSide = 400
)

// processImage makes the feed and thumbnail of a photo.
func processImage(ctx context.Context, t Type, src string, limits Limits, out *outputs) (Result, error) {
	pic, orientation, err := loadImage(t, src, limits)
	if err != nil {
		return Result{}, err
	}
	if err := ctx.Err(); err != nil {
		return Result{}, err
	}
	w, h := pic.size()
	if swapsSides(orientation) {
		w, h = h, w
	}
	res := Result{Type: t, Width: w, Height: h}
	res.Placeholder, err = writePictures(pic, orientation, "feed", out)
	return res, err
}

// writePictures writes a picture, turned upright, as the output called
// name (at most feedSide) and as "thumb" (at most thumbSide), and returns
// its average colour. It scales before turning, as turning the small
// result is cheaper, and makes the thumbnail from the feed-sized picture
// rather than the original, which is already gone by then.
func writePictures(pic picture, orientation int, name string, out *outputs) (string, error) {
	w, h := pic.size()
	fw, fh := fit(w, h, feedSide)
	feed := pic.resize(fw, fh).orient(orientation)
	if err := out.writeJPEG(name, feed); err != nil {
		return "", err
	}
	tw, th := fit(fw, fh, thumbSide)
	if swapsSides(orientation) {
		tw, th = th, tw
	}
	thumb := feed.resize(tw, th)
	if err := out.writeJPEG("thumb", thumb); err != nil {
		return "", err
	}
	return thumb.average(), nil
}

// fit scales w by h down so its long side is at most side, keeping the
// aspect; it never scales up.
func fit(w, h, side int) (int, int) {
	if w <= side && h <= side {
		return w, h
	}
	if w >= h {
		return side, max(1, int(math.Round(float64(h)*float64(side)/float64(w))))
	}
	return max(1, int(math.Round(float64(w)*float64(side)/float64(h)))), side
}
