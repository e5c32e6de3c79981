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

// picture is an image as planes; w and h are the size of the first plane,
// the picture's own size.
type picture struct {
	model  model
	planes []plane
}

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

// toRGB converts any image to RGB planes over white, with fast paths for
// what PNG, GIF and WebP decoders return.
func toRGB(m image.Image, canvas image.Rectangle) picture {
	w, h := canvas.Dx(), canvas.Dy()
	pic := picture{model: modelRGB, planes: []plane{newPlane(w, h), newPlane(w, h), newPlane(w, h)}}
	r, g, b := pic.planes[0].pix, pic.planes[1].pix, pic.planes[2].pix
	bounds := m.Bounds().Intersect(canvas)
	if bounds != canvas {
		for i := range r {
			r[i], g[i], b[i] = 0xFF, 0xFF, 0xFF
		}
	}
	for y := bounds.Min.Y; y < bounds.Max.Y; y++ {
		o := (y-canvas.Min.Y)*w - canvas.Min.X
		switch m := m.(type) {
		case *image.NRGBA:
			s := m.Pix[m.PixOffset(bounds.Min.X, y):]
			for x := bounds.Min.X; x < bounds.Max.X; x++ {
				r[o+x], g[o+x], b[o+x] = blend(s[0], s[3]), blend(s[1], s[3]), blend(s[2], s[3])
				s = s[4:]
			}
		case *image.RGBA:
			s := m.Pix[m.PixOffset(bounds.Min.X, y):]
			for x := bounds.Min.X; x < bounds.Max.X; x++ {
				r[o+x], g[o+x], b[o+x] = over(s[0], s[3]), over(s[1], s[3]), over(s[2], s[3])
				s = s[4:]
			}
		case *image.Paletted:
			pal := paletteOverWhite(m.Palette)
			s := m.Pix[m.PixOffset(bounds.Min.X, y):]
			for x := bounds.Min.X; x < bounds.Max.X; x++ {
				c := pal[s[0]]
				r[o+x], g[o+x], b[o+x] = c[0], c[1], c[2]
				s = s[1:]
			}
		default:
			for x := bounds.Min.X; x < bounds.Max.X; x++ {
				cr, cg, cb, ca := m.At(x, y).RGBA()
				r[o+x] = uint8((cr + 0xFFFF - ca) >> 8)
				g[o+x] = uint8((cg + 0xFFFF - ca) >> 8)
				b[o+x] = uint8((cb + 0xFFFF - ca) >> 8)
			}
		}
	}
	return pic
}

// over puts a premultiplied sample of alpha a onto white.
func over(c, a uint8) uint8 { return c + (0xFF - a) }

// blend puts a non-premultiplied sample of alpha a onto white.
func blend(c, a uint8) uint8 {
	return uint8((uint32(c)*uint32(a) + 0xFF*uint32(0xFF-a) + 0x7F) / 0xFF)
}

// paletteOverWhite resolves a palette once instead of once a pixel; indexes
// beyond the palette read as white rather than panicking.
func paletteOverWhite(p color.Palette) *[256][3]uint8 {
	var out [256][3]uint8
	for i := range out {
		out[i] = [3]uint8{0xFF, 0xFF, 0xFF}
	}
	for i, c := range p[:min(len(p), 256)] {
		r, g, b, a := c.RGBA()
		out[i] = [3]uint8{uint8((r + 0xFFFF - a) >> 8), uint8((g + 0xFFFF - a) >> 8), uint8((b + 0xFFFF - a) >> 8)}
	}
	return &out
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
