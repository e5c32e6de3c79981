package media

import (
	"encoding/binary"
	"fmt"
	"testing"
)

// TestOrientPlane checks each EXIF orientation against the EXIF
// specification's description, on a 3x2 plane of the letters a to f:
//
//	a b c
//	d e f
func TestOrientPlane(t *testing.T) {
	t.Parallel()
	src := plane{pix: []byte("abcdef"), w: 3, h: 2, stride: 3}
	want := map[int]string{
		1: "abc/def",
		2: "cba/fed",  // mirrored horizontally
		3: "fed/cba",  // rotated 180°
		4: "def/abc",  // mirrored vertically
		5: "ad/be/cf", // mirrored horizontally, then rotated 270° clockwise
		6: "da/eb/fc", // rotated 90° clockwise
		7: "fc/eb/da", // mirrored horizontally, then rotated 90° clockwise
		8: "cf/be/ad", // rotated 270° clockwise
		0: "abc/def",  // unknown values leave the picture alone
		9: "abc/def",
	}
	for o, w := range want {
		got := orientPlane(src, o)
		var s string
		for y := range got.h {
			if y > 0 {
				s += "/"
			}
			s += string(got.row(y))
		}
		if s != w {
			t.Errorf("orientation %d: %s, want %s", o, s, w)
		}
	}
}

// tiffOrder is what a TIFF writer needs of a byte order.
type tiffOrder interface {
	binary.ByteOrder
	binary.AppendByteOrder
}

// exifJPEG is the start of a JPEG (JFIF APP0, then EXIF APP1, then a scan)
// whose IFD0 holds a width entry and an orientation entry of type typ.
func exifJPEG(order tiffOrder, o, typ uint16) []byte {
	tiff := []byte("II*\x00")
	if order == binary.BigEndian {
		tiff = []byte("MM\x00*")
	}
	tiff = order.AppendUint32(tiff, 8)
	tiff = order.AppendUint16(tiff, 2)
	entry := func(tag, typ uint16, count uint32, value uint16) {
		tiff = order.AppendUint16(tiff, tag)
		tiff = order.AppendUint16(tiff, typ)
		tiff = order.AppendUint32(tiff, count)
		tiff = append(order.AppendUint16(tiff, value), 0, 0)
	}
	entry(0x0100, 3, 1, 64) // ImageWidth, so the orientation is not first
	entry(0x0112, typ, 1, o)
	seg := append([]byte("Exif\x00\x00"), tiff...)
	out := []byte{0xFF, 0xD8, 0xFF, 0xE0, 0, 4, 'J', 'F', 0xFF, 0xE1}
	out = binary.BigEndian.AppendUint16(out, uint16(len(seg)+2))
	return append(append(out, seg...), 0xFF, 0xDA, 0, 2)
}

func TestJPEGOrientation(t *testing.T) {
	t.Parallel()
	for _, order := range []tiffOrder{binary.LittleEndian, binary.BigEndian} {
		for o := uint16(1); o <= 8; o++ {
			if got := jpegOrientation(exifJPEG(order, o, 3)); got != int(o) {
				t.Errorf("%v orientation %d read as %d", order, o, got)
			}
		}
		if got := jpegOrientation(exifJPEG(order, 6, 4)); got != 1 {
			t.Errorf("%v: a LONG orientation read as %d, want 1", order, got)
		}
		if got := jpegOrientation(exifJPEG(order, 42, 3)); got != 1 {
			t.Errorf("%v: orientation 42 read as %d, want 1", order, got)
		}
	}
	for name, b := range map[string][]byte{
		"Nothing":           nil,
		"StartOnly":         {0xFF, 0xD8},
		"LengthBeyondData":  {0xFF, 0xD8, 0xFF, 0xE1, 0xFF, 0xFF, 'E', 'x'},
		"IFDBeyondSegment":  append([]byte{0xFF, 0xD8, 0xFF, 0xE1, 0, 16}, "Exif\x00\x00II*\x00\xff\xff\xff\xff"...),
		"EntriesBeyondData": append([]byte{0xFF, 0xD8, 0xFF, 0xE1, 0, 18}, "Exif\x00\x00II*\x00\x08\x00\x00\x00\xff\xff"...),
	} {
		if got := jpegOrientation(b); got != 1 {
			t.Errorf("%s: orientation %d, want 1", name, got)
		}
	}
}

// TestResizeKeepsFlatColour: a flat plane stays flat at every size, so
// neither the box shrink nor the filter shifts levels or edges.
func TestResizeKeepsFlatColour(t *testing.T) {
	t.Parallel()
	for _, c := range []struct{ w, h, dw, dh int }{
		{2000, 1500, 800, 600}, {1600, 1200, 400, 300}, {1001, 777, 400, 311},
		{333, 50, 100, 15}, {10, 10, 3, 7}, {7, 5, 7, 5}, {50, 40, 100, 80},
	} {
		t.Run(fmt.Sprintf("%dx%dTo%dx%d", c.w, c.h, c.dw, c.dh), func(t *testing.T) {
			t.Parallel()
			src := newPlane(c.w, c.h)
			for i := range src.pix {
				src.pix[i] = 173
			}
			got := resizePlane(src, c.dw, c.dh)
			if got.w != c.dw || got.h != c.dh {
				t.Fatalf("size %dx%d", got.w, got.h)
			}
			for y := range got.h {
				for x, v := range got.row(y) {
					if v != 173 {
						t.Fatalf("sample %d,%d = %d, want 173", x, y, v)
					}
				}
			}
		})
	}
}

// TestResizeKeepsEdgesInPlace scales a plane whose left half is black and
// right half white: the edge must land in the middle of the output.
func TestResizeKeepsEdgesInPlace(t *testing.T) {
	t.Parallel()
	src := newPlane(4000, 8)
	for y := range src.h {
		for x := 2000; x < 4000; x++ {
			src.pix[y*src.stride+x] = 255
		}
	}
	got := resizePlane(src, 1600, 4)
	row := got.row(2)
	if row[790] > 5 || row[809] < 250 || row[0] != 0 || row[1599] != 255 {
		t.Fatalf("edge samples %v", row[790:810])
	}
}

func TestFit(t *testing.T) {
	t.Parallel()
	for _, c := range []struct{ w, h, side, ww, wh int }{
		{4000, 3000, 1600, 1600, 1200}, {3000, 4000, 1600, 1200, 1600}, {800, 600, 1600, 800, 600},
		{10000, 10, 1600, 1600, 2}, {10, 10000, 400, 1, 400}, {1600, 1600, 400, 400, 400},
	} {
		if w, h := fit(c.w, c.h, c.side); w != c.ww || h != c.wh {
			t.Errorf("fit(%d, %d, %d) = %d, %d; want %d, %d", c.w, c.h, c.side, w, h, c.ww, c.wh)
		}
	}
}
