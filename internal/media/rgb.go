package media

import (
	"image"
	"image/color"
)

// toRGB converts any image to RGB planes over white, with fast paths for
// what the PNG, GIF and WebP decoders return.
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
	var pal *[256][3]uint8
	if p, ok := m.(*image.Paletted); ok {
		pal = paletteOverWhite(p.Palette)
	}
	x0, x1 := bounds.Min.X, bounds.Max.X
	for y := bounds.Min.Y; y < bounds.Max.Y; y++ {
		o := (y-canvas.Min.Y)*w - canvas.Min.X // o+x indexes the planes
		switch m := m.(type) {
		case *image.NRGBA:
			s := m.Pix[m.PixOffset(x0, y):]
			for x := x0; x < x1; x, s = x+1, s[4:] {
				r[o+x], g[o+x], b[o+x] = blend(s[0], s[3]), blend(s[1], s[3]), blend(s[2], s[3])
			}
		case *image.RGBA:
			s := m.Pix[m.PixOffset(x0, y):]
			for x := x0; x < x1; x, s = x+1, s[4:] {
				r[o+x], g[o+x], b[o+x] = over(s[0], s[3]), over(s[1], s[3]), over(s[2], s[3])
			}
		case *image.Paletted:
			s := m.Pix[m.PixOffset(x0, y):]
			for x := x0; x < x1; x++ {
				c := pal[s[x-x0]]
				r[o+x], g[o+x], b[o+x] = c[0], c[1], c[2]
			}
		default:
			for x := x0; x < x1; x++ {
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
