package media

import (
	"fmt"
	"image"
	"image/color"
)

// plane is one channel of a picture, a byte a sample: luma, a chroma
// channel, or red, green or blue. Scaling and turning work plane by plane,
// so a JPEG's chroma stays at its own, smaller, resolution throughout and
// its luma is never converted to RGB: less memory and less work.
type plane struct {
	pix          []byte
	w, h, stride int
}

// newPlane allocates a plane with no padding between rows.
func newPlane(w, h int) plane {
	return plane{pix: make([]byte, w*h), w: w, h: h, stride: w}
}

// row returns the samples of row y.
func (p plane) row(y int) []byte {
	return p.pix[y*p.stride : y*p.stride+p.w]
}

// model says how a picture's planes make colour.
type model int

const (
	// modelYCbCr is JPEG's own: Y, Cb, Cr; chroma may be smaller.
	modelYCbCr model = iota
	// modelGray is luma alone.
	modelGray
	// modelRGB is red, green and blue, all full size, over white.
	modelRGB
)

// picture is an image as planes; the first plane has the picture's size.
type picture struct {
	model  model
	planes []plane
}

// size is the picture's width and height.
func (p picture) size() (int, int) { return p.planes[0].w, p.planes[0].h }

// fromImage takes a decoded image's pixels as planes, without a copy for
// the common JPEG results (YCbCr, gray). Anything else becomes RGB over a
// white background of the canvas size: JPEG has no transparency, and white
// is what a transparent PNG or GIF looks like on the page.
func fromImage(m image.Image, canvas image.Rectangle) picture {
	switch m := m.(type) {
	case *image.YCbCr:
		if m.Rect == canvas {
			r := m.Rect
			cw, ch := chromaSize(r, m.SubsampleRatio)
			co := m.COffset(r.Min.X, r.Min.Y)
			return picture{model: modelYCbCr, planes: []plane{
				{pix: m.Y[m.YOffset(r.Min.X, r.Min.Y):], w: r.Dx(), h: r.Dy(), stride: m.YStride},
				{pix: m.Cb[co:], w: cw, h: ch, stride: m.CStride},
				{pix: m.Cr[co:], w: cw, h: ch, stride: m.CStride},
			}}
		}
	case *image.Gray:
		if m.Rect == canvas {
			r := m.Rect
			return picture{model: modelGray, planes: []plane{
				{pix: m.Pix[m.PixOffset(r.Min.X, r.Min.Y):], w: r.Dx(), h: r.Dy(), stride: m.Stride},
			}}
		}
	}
	return toRGB(m, canvas)
}

// chromaSize is the size of a YCbCr image's chroma planes, as the image
// package lays them out.
func chromaSize(r image.Rectangle, s image.YCbCrSubsampleRatio) (int, int) {
	switch s {
	case image.YCbCrSubsampleRatio422:
		return (r.Max.X+1)/2 - r.Min.X/2, r.Dy()
	case image.YCbCrSubsampleRatio420:
		return (r.Max.X+1)/2 - r.Min.X/2, (r.Max.Y+1)/2 - r.Min.Y/2
	case image.YCbCrSubsampleRatio440:
		return r.Dx(), (r.Max.Y+1)/2 - r.Min.Y/2
	case image.YCbCrSubsampleRatio411:
		return (r.Max.X+3)/4 - r.Min.X/4, r.Dy()
	case image.YCbCrSubsampleRatio410:
		return (r.Max.X+3)/4 - r.Min.X/4, (r.Max.Y+1)/2 - r.Min.Y/2
	}
	return r.Dx(), r.Dy()
}

// toImage wraps a picture's planes as the image the JPEG encoder takes
// fastest: YCbCr 4:2:0 and gray as they are, RGB interleaved.
func (p picture) toImage() image.Image {
	w, h := p.size()
	rect := image.Rect(0, 0, w, h)
	switch p.model {
	case modelYCbCr:
		y, cb, cr := p.planes[0], p.planes[1], p.planes[2]
		return &image.YCbCr{Y: y.pix, Cb: cb.pix, Cr: cr.pix, YStride: y.stride, CStride: cb.stride,
			SubsampleRatio: image.YCbCrSubsampleRatio420, Rect: rect}
	case modelGray:
		return &image.Gray{Pix: p.planes[0].pix, Stride: p.planes[0].stride, Rect: rect}
	}
	m := image.NewRGBA(rect)
	for y := range h {
		r, g, b := p.planes[0].row(y), p.planes[1].row(y), p.planes[2].row(y)
		d := m.Pix[y*m.Stride:]
		for x := range w {
			d[4*x], d[4*x+1], d[4*x+2], d[4*x+3] = r[x], g[x], b[x], 0xFF
		}
	}
	return m
}

// average is the mean colour as "#rrggbb": the placeholder shown before
// the picture loads. Averaging Y, Cb and Cr then converting equals
// averaging RGB, as the conversion is affine.
func (p picture) average() string {
	var sums [3]uint64
	var counts [3]uint64
	for i, pl := range p.planes {
		for y := range pl.h {
			for _, v := range pl.row(y) {
				sums[i] += uint64(v)
			}
		}
		counts[i] = uint64(pl.w * pl.h)
	}
	var c [3]uint8
	for i := range p.planes {
		if counts[i] > 0 {
			c[i] = uint8((sums[i] + counts[i]/2) / counts[i])
		}
	}
	switch p.model {
	case modelYCbCr:
		c[0], c[1], c[2] = color.YCbCrToRGB(c[0], c[1], c[2])
	case modelGray:
		c[1], c[2] = c[0], c[0]
	}
	return fmt.Sprintf("#%02x%02x%02x", c[0], c[1], c[2])
}
