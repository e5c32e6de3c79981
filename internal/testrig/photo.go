package testrig

import (
	"bytes"
	"encoding/binary"
	"image"
	"image/color"
	"image/jpeg"
)

// GPSMarker is the latitude reference written into PhotoWithGPS; finding
// it, or "Exif", in served bytes means metadata leaked.
const GPSMarker = "GPSLatitude"

// PhotoWithGPS is a JPEG of w x h pixels (a gradient, so it is not flat)
// carrying an EXIF block with the GPS position of a preschool garden and
// an orientation tag: what a phone's camera writes.
func PhotoWithGPS(w, h int) []byte {
	img := image.NewRGBA(image.Rect(0, 0, w, h))
	for y := range h {
		for x := range w {
			img.Set(x, y, color.RGBA{uint8(x * 255 / w), uint8(y * 255 / h), 120, 255})
		}
	}
	var plain bytes.Buffer
	if err := jpeg.Encode(&plain, img, &jpeg.Options{Quality: 90}); err != nil {
		panic(err)
	}
	exif := exifWithGPS()
	out := append([]byte{}, plain.Bytes()[:2]...) // SOI
	out = append(out, 0xFF, 0xE1)
	out = binary.BigEndian.AppendUint16(out, uint16(len(exif)+2))
	out = append(out, exif...)
	return append(out, plain.Bytes()[2:]...)
}

// exifWithGPS builds a little-endian TIFF structure: IFD0 with the
// orientation (1, upright) and a pointer to a GPS IFD holding latitude
// and longitude, plus a maker-style comment naming the GPS tag so a leak
// is easy to find by text.
func exifWithGPS() []byte {
	le := binary.LittleEndian
	var b []byte
	b = append(b, "Exif\x00\x00"...)
	tiff := []byte{'I', 'I', 42, 0, 8, 0, 0, 0}
	entry := func(buf []byte, tag, typ uint16, count, value uint32) []byte {
		buf = le.AppendUint16(buf, tag)
		buf = le.AppendUint16(buf, typ)
		buf = le.AppendUint32(buf, count)
		return le.AppendUint32(buf, value)
	}
	const (
		short, long, ascii, rational = 3, 4, 2, 5
	)
	// IFD0 at 8: 3 entries (12 bytes each), then the next-IFD offset.
	ifd0 := 8
	desc := GPSMarker + " 59.3293 N 18.0686 E\x00"
	descAt := ifd0 + 2 + 3*12 + 4
	gpsAt := descAt + len(desc)
	tiff = le.AppendUint16(tiff, 3)
	tiff = entry(tiff, 0x010E, ascii, uint32(len(desc)), uint32(descAt)) // ImageDescription
	tiff = entry(tiff, 0x0112, short, 1, 1)                              // Orientation: upright
	tiff = entry(tiff, 0x8825, long, 1, uint32(gpsAt))                   // GPSInfo
	tiff = le.AppendUint32(tiff, 0)
	tiff = append(tiff, desc...)
	// GPS IFD: 4 entries, then two rational triplets.
	ratAt := gpsAt + 2 + 4*12 + 4
	tiff = le.AppendUint16(tiff, 4)
	tiff = entry(tiff, 0x0001, ascii, 2, uint32('N'))
	tiff = entry(tiff, 0x0002, rational, 3, uint32(ratAt))
	tiff = entry(tiff, 0x0003, ascii, 2, uint32('E'))
	tiff = entry(tiff, 0x0004, rational, 3, uint32(ratAt+24))
	tiff = le.AppendUint32(tiff, 0)
	for _, v := range []uint32{59, 1, 19, 1, 4548, 100, 18, 1, 4, 1, 698, 100} {
		tiff = le.AppendUint32(tiff, v)
	}
	return append(b, tiff...)
}
