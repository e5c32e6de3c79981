package media

import "math"

// resize scales a picture to w by h. YCbCr chroma goes to half that size
// whatever its own subsampling, so every output is 4:2:0, the layout the
// JPEG encoder takes directly.
func (p picture) resize(w, h int) picture {
	out := picture{model: p.model, planes: make([]plane, len(p.planes))}
	for i, pl := range p.planes {
		if p.model == modelYCbCr && i > 0 {
			out.planes[i] = resizePlane(pl, (w+1)/2, (h+1)/2)
		} else {
			out.planes[i] = resizePlane(pl, w, h)
		}
	}
	return out
}

// resizePlane scales a plane the way vips does, for speed at good quality:
// first an integer box average (each output sample the mean of kx by ky
// inputs, one cheap pass over the full-size data), then a Catmull-Rom
// resample of the remaining factor, below 2, on the far smaller result.
func resizePlane(src plane, w, h int) plane {
	if src.w == w && src.h == h {
		return src
	}
	kx, ky := max(1, src.w/w), max(1, src.h/h)
	box := src
	if kx > 1 || ky > 1 {
		box = boxShrink(src, kx, ky)
	}
	// The box's samples stand for kx by ky source samples; the last ones
	// may stand for fewer, so the remaining scale is taken from the source.
	if src.w != kx*w {
		box = resampleRows(box, w, float64(src.w)/float64(kx*w))
	}
	if src.h != ky*h {
		box = resampleColumns(box, h, float64(src.h)/float64(ky*h))
	}
	return box
}

// boxShrink averages blocks of kx by ky samples; blocks at the right and
// bottom edges may be smaller and are averaged over what they have.
func boxShrink(src plane, kx, ky int) plane {
	if kx == 2 && ky == 2 && src.w%2 == 0 && src.h%2 == 0 {
		return halve(src)
	}
	w, h := (src.w+kx-1)/kx, (src.h+ky-1)/ky
	dst := newPlane(w, h)
	sums := make([]uint32, w)
	full := src.w / kx
	for by := range h {
		clear(sums)
		y0, y1 := by*ky, min((by+1)*ky, src.h)
		for y := y0; y < y1; y++ {
			row := src.row(y)
			for bx := range full {
				var s uint32
				for _, v := range row[bx*kx : bx*kx+kx] {
					s += uint32(v)
				}
				sums[bx] += s
			}
			if full < w {
				for _, v := range row[full*kx:] {
					sums[full] += uint32(v)
				}
			}
		}
		n := uint32((y1 - y0) * kx)
		out := dst.row(by)
		for bx := range full {
			out[bx] = uint8((sums[bx] + n/2) / n)
		}
		if full < w {
			n := uint32((y1 - y0) * (src.w - full*kx))
			out[full] = uint8((sums[full] + n/2) / n)
		}
	}
	return dst
}

// halve is boxShrink by two each way, the most common case (a 12
// megapixel photo to the feed), in one tight pass.
func halve(src plane) plane {
	dst := newPlane(src.w/2, src.h/2)
	for y := range dst.h {
		r0, r1, out := src.row(2*y), src.row(2*y+1), dst.row(y)
		r0, r1 = r0[:2*len(out)], r1[:2*len(out)]
		for x := range out {
			out[x] = uint8((uint32(r0[2*x]) + uint32(r0[2*x+1]) + uint32(r1[2*x]) + uint32(r1[2*x+1]) + 2) >> 2)
		}
	}
	return dst
}

// filter holds, for each output sample, the first input sample and the
// fixed-point weights of the inputs that follow it.
type filter struct {
	start   []int
	count   []int
	taps    int     // weights per output sample in weights
	weights []int32 // len(start)*taps, scaled by 1<<filterBits
}

// filterBits is the fixed-point precision of the weights: enough that
// rounding stays below a level, small enough that sums fit an int32.
const filterBits = 14

// catmullRom is the cubic resampling kernel with support 2: sharp without
// the ringing of Lanczos, and cheap.
func catmullRom(x float64) float64 {
	x = math.Abs(x)
	switch {
	case x < 1:
		return (1.5*x-2.5)*x*x + 1
	case x < 2:
		return ((-0.5*x+2.5)*x-4)*x + 2
	}
	return 0
}

// newFilter maps n inputs onto out outputs; scale is inputs per output
// (n/out, except where the box shrink left a partial last sample). When
// shrinking, the kernel widens with the scale, so it averages enough
// inputs not to alias.
func newFilter(n, out int, scale float64) filter {
	support := 2 * max(scale, 1)
	taps := int(math.Ceil(2*support)) + 1
	f := filter{start: make([]int, out), count: make([]int, out), taps: taps, weights: make([]int32, out*taps)}
	ws := make([]float64, taps)
	for i := range out {
		centre := (float64(i) + 0.5) * scale
		lo := max(0, int(math.Floor(centre-support)))
		hi := min(n, int(math.Ceil(centre+support)))
		hi = min(hi, lo+taps)
		var sum float64
		for j := lo; j < hi; j++ {
			ws[j-lo] = catmullRom((float64(j) + 0.5 - centre) / max(scale, 1))
			sum += ws[j-lo]
		}
		f.start[i], f.count[i] = lo, hi-lo
		w := f.weights[i*taps : i*taps+taps]
		var total int32
		for j := range hi - lo {
			w[j] = int32(math.Round(ws[j] / sum * (1 << filterBits)))
			total += w[j]
		}
		// Rounding must not change the sum, or flat areas would shift.
		if hi > lo {
			w[(hi-lo)/2] += 1<<filterBits - total
		}
	}
	return f
}

// clampByte turns a fixed-point sum back into a sample; the kernel's
// negative lobes can overshoot either way.
func clampByte(v int32) uint8 {
	v = (v + 1<<(filterBits-1)) >> filterBits
	return uint8(min(max(v, 0), 255))
}

// resampleRows scales each row to w samples.
func resampleRows(src plane, w int, scale float64) plane {
	f := newFilter(src.w, w, scale)
	dst := newPlane(w, src.h)
	for y := range src.h {
		in, out := src.row(y), dst.row(y)
		for x := range out {
			s := in[f.start[x] : f.start[x]+f.count[x]]
			ws := f.weights[x*f.taps : x*f.taps+len(s)]
			var acc int32
			for k, v := range s {
				acc += ws[k] * int32(v)
			}
			out[x] = clampByte(acc)
		}
	}
	return dst
}

// resampleColumns scales each column to h samples, a row at a time so the
// reads stay sequential.
func resampleColumns(src plane, h int, scale float64) plane {
	f := newFilter(src.h, h, scale)
	dst := newPlane(src.w, h)
	acc := make([]int32, src.w)
	for y := range h {
		clear(acc)
		for k := range f.count[y] {
			wk := f.weights[y*f.taps+k]
			in := src.row(f.start[y] + k)
			acc := acc[:len(in)]
			for x, v := range in {
				acc[x] += wk * int32(v)
			}
		}
		out := dst.row(y)
		for x, v := range acc {
			out[x] = clampByte(v)
		}
	}
	return dst
}
