package media

// orient turns and mirrors a picture as EXIF orientation o (1 to 8) says,
// so it shows the right way up without the tag. Orientations 5 to 8 swap
// width and height; 4:2:0 chroma stays 4:2:0, as its halving is the same
// both ways.
func (p picture) orient(o int) picture {
	if o <= 1 || o > 8 {
		return p
	}
	out := picture{model: p.model, planes: make([]plane, len(p.planes))}
	for i, pl := range p.planes {
		out.planes[i] = orientPlane(pl, o)
	}
	return out
}

// swapsSides reports whether orientation o turns the picture a quarter.
func swapsSides(o int) bool { return o >= 5 && o <= 8 }

// orientPlane writes each output sample from the source sample at origin +
// x*dx + y*dy: every orientation is a choice of corner and directions.
func orientPlane(src plane, o int) plane {
	w, h, s := src.w, src.h, src.stride
	last, bottom := w-1, (h-1)*s
	var origin, dx, dy int
	switch o {
	case 2: // mirrored left to right
		origin, dx, dy = last, -1, s
	case 3: // turned half a turn
		origin, dx, dy = bottom+last, -1, -s
	case 4: // mirrored top to bottom
		origin, dx, dy = bottom, 1, -s
	case 5: // mirrored along the diagonal (transposed)
		origin, dx, dy = 0, s, 1
	case 6: // to be turned a quarter clockwise
		origin, dx, dy = bottom, -s, 1
	case 7: // mirrored along the other diagonal
		origin, dx, dy = bottom+last, -s, -1
	case 8: // to be turned a quarter anticlockwise
		origin, dx, dy = last, s, -1
	default:
		return src
	}
	dst := newPlane(w, h)
	if swapsSides(o) {
		dst = newPlane(h, w)
	}
	for y := range dst.h {
		out := dst.row(y)
		i := origin + y*dy
		for x := range out {
			out[x] = src.pix[i]
			i += dx
		}
	}
	return dst
}
