package media_test

import (
	"bytes"
	"context"
	"encoding/binary"
	"errors"
	"image"
	"image/color"
	"image/jpeg"
	"os"
	"path/filepath"
	"testing"

	"github.com/pluttra/pluttra/internal/media"
)

// Colours of the quadrant test picture: red top left, green top right,
// blue along the bottom. Where each lands shows how a picture was turned.
var (
	red   = color.RGBA{220, 0, 0, 255}
	green = color.RGBA{0, 200, 0, 255}
	blue  = color.RGBA{0, 0, 200, 255}
)

// quadrants paints the test picture at w by h, a row at a time, as the
// race detector makes pixel by pixel slow.
func quadrants(w, h int) *image.RGBA {
	m := image.NewRGBA(image.Rect(0, 0, w, h))
	paint := func(row []byte, c color.RGBA) {
		for i := 0; i+4 <= len(row); i += 4 {
			row[i], row[i+1], row[i+2], row[i+3] = c.R, c.G, c.B, c.A
		}
	}
	top, bottom := make([]byte, 4*w), make([]byte, 4*w)
	paint(top[:4*(w/2)], red)
	paint(top[4*(w/2):], green)
	paint(bottom, blue)
	for y := range h {
		if y < h/2 {
			copy(m.Pix[y*m.Stride:], top)
		} else {
			copy(m.Pix[y*m.Stride:], bottom)
		}
	}
	return m
}

// encodeJPEG encodes m and puts the given segments (marker and payload)
// right after the start marker, where cameras put theirs.
func encodeJPEG(t testing.TB, m image.Image, segments ...[]byte) []byte {
	t.Helper()
	var b bytes.Buffer
	if err := jpeg.Encode(&b, m, &jpeg.Options{Quality: 90}); err != nil {
		t.Fatal(err)
	}
	out := append([]byte{}, b.Bytes()[:2]...)
	for _, s := range segments {
		out = append(out, s...)
	}
	return append(out, b.Bytes()[2:]...)
}

// segment frames a JPEG segment: marker, length, payload.
func segment(marker byte, payload []byte) []byte {
	s := []byte{0xFF, marker}
	s = binary.BigEndian.AppendUint16(s, uint16(len(payload)+2))
	return append(s, payload...)
}

// Text that the EXIF and other metadata blocks carry, so a leak into an
// output shows as a plain byte search.
const (
	secretMake  = "SecretCam"
	secretDatum = "GPS-SECRET-DATUM"
	secretXMP   = "http://ns.adobe.com/xap/1.0/"
	secretNote  = "Taken at the preschool garden"
)

// exifAPP1 builds an APP1 Exif segment in the given byte order: IFD0 with
// Make, Orientation and a pointer to a GPS IFD that holds a latitude and a
// map datum, as a phone writes.
func exifAPP1(order byteOrder, orientation uint16) []byte {
	var tiff []byte
	if order == binary.BigEndian {
		tiff = append(tiff, "MM"...)
	} else {
		tiff = append(tiff, "II"...)
	}
	tiff = order.AppendUint16(tiff, 42)
	tiff = order.AppendUint32(tiff, 8)
	entry := func(tag, typ uint16, count, value uint32) {
		tiff = order.AppendUint16(tiff, tag)
		tiff = order.AppendUint16(tiff, typ)
		tiff = order.AppendUint32(tiff, count)
		if typ == 3 && count == 1 { // a SHORT sits at the start of the value field
			tiff = order.AppendUint16(tiff, uint16(value))
			tiff = append(tiff, 0, 0)
			return
		}
		tiff = order.AppendUint32(tiff, value)
	}
	const short, long, ascii, rational = 3, 4, 2, 5
	makeText := secretMake + "\x00"
	datum := secretDatum + "\x00"
	makeAt := 8 + 2 + 3*12 + 4
	gpsAt := makeAt + len(makeText)
	datumAt := gpsAt + 2 + 3*12 + 4
	latAt := datumAt + len(datum)
	tiff = order.AppendUint16(tiff, 3)
	entry(0x010F, ascii, uint32(len(makeText)), uint32(makeAt))
	entry(0x0112, short, 1, uint32(orientation))
	entry(0x8825, long, 1, uint32(gpsAt))
	tiff = order.AppendUint32(tiff, 0)
	tiff = append(tiff, makeText...)
	tiff = order.AppendUint16(tiff, 3)
	// "N\x00" fits the value field, where text starts at its first byte.
	tiff = order.AppendUint16(tiff, 0x0001)
	tiff = order.AppendUint16(tiff, ascii)
	tiff = order.AppendUint32(tiff, 2)
	tiff = append(tiff, 'N', 0, 0, 0)
	entry(0x0002, rational, 3, uint32(latAt))
	entry(0x0012, ascii, uint32(len(datum)), uint32(datumAt))
	tiff = order.AppendUint32(tiff, 0)
	tiff = append(tiff, datum...)
	for _, v := range []uint32{59, 1, 19, 1, 4548, 100} {
		tiff = order.AppendUint32(tiff, v)
	}
	return segment(0xE1, append([]byte("Exif\x00\x00"), tiff...))
}

// byteOrder is what a TIFF writer needs of a byte order.
type byteOrder interface {
	binary.ByteOrder
	binary.AppendByteOrder
}

// metadataSegments are the other blocks a camera or editor writes: XMP,
// an ICC profile, a comment.
func metadataSegments() [][]byte {
	return [][]byte{
		segment(0xE1, []byte(secretXMP+"\x00<x:xmpmeta>"+secretNote+"</x:xmpmeta>")),
		segment(0xE2, []byte("ICC_PROFILE\x00\x01\x01fake profile")),
		segment(0xFE, []byte(secretNote)),
	}
}

// writeFile puts data into a new temporary directory as name.
func writeFile(t testing.TB, name string, data []byte) string {
	t.Helper()
	path := filepath.Join(t.TempDir(), name)
	if err := os.WriteFile(path, data, 0o600); err != nil {
		t.Fatal(err)
	}
	return path
}

// process runs p on data and returns the result and the work directory.
func process(t testing.TB, p *media.Processor, data []byte) (media.Result, string, error) {
	t.Helper()
	src := writeFile(t, "upload", data)
	dir := t.TempDir()
	res, err := p.Process(context.Background(), src, dir)
	return res, dir, err
}

// wantCode fails unless err is a media refusal with that code.
func wantCode(t testing.TB, err error, code string) {
	t.Helper()
	var me *media.Error
	if !errors.As(err, &me) || me.Code != code {
		t.Fatalf("error = %v, want code %q", err, code)
	}
}

// wantEmptyDir fails if a failed run left anything behind.
func wantEmptyDir(t testing.TB, dir string) {
	t.Helper()
	entries, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	if len(entries) > 0 {
		t.Fatalf("work dir holds %d files after a failure, first %q", len(entries), entries[0].Name())
	}
}

// output finds the output called name.
func output(t testing.TB, res media.Result, name string) media.Output {
	t.Helper()
	for _, o := range res.Outputs {
		if o.Name == name {
			return o
		}
	}
	t.Fatalf("no %q output in %+v", name, res.Outputs)
	return media.Output{}
}

// decodeOutput decodes a JPEG output and checks its recorded size.
func decodeOutput(t testing.TB, o media.Output) image.Image {
	t.Helper()
	f, err := os.Open(o.Path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	m, err := jpeg.Decode(f)
	if err != nil {
		t.Fatalf("%s: %v", o.Name, err)
	}
	if b := m.Bounds(); b.Dx() != o.Width || b.Dy() != o.Height {
		t.Fatalf("%s is %dx%d, says %dx%d", o.Name, b.Dx(), b.Dy(), o.Width, o.Height)
	}
	return m
}

// colourAt names the quadrant colour nearest to m's colour at the centre
// of the given quarter (fractions of the width and height).
func colourAt(m image.Image, fx, fy float64) string {
	b := m.Bounds()
	r, g, bl, _ := m.At(b.Min.X+int(fx*float64(b.Dx())), b.Min.Y+int(fy*float64(b.Dy()))).RGBA()
	switch {
	case r > g && r > bl:
		return "red"
	case g > r && g > bl:
		return "green"
	}
	return "blue"
}

// corners names the colours at the four corners of m, clockwise from the
// top left.
func corners(m image.Image) [4]string {
	return [4]string{colourAt(m, 0.1, 0.1), colourAt(m, 0.9, 0.1), colourAt(m, 0.9, 0.9), colourAt(m, 0.1, 0.9)}
}
