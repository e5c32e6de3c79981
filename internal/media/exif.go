package media

import (
	"bytes"
	"encoding/binary"
)

// jpegOrientation reads the EXIF orientation tag (1 to 8) of a JPEG, or 1
// when there is none. Phones store a photo as the sensor saw it and say in
// this tag how to turn it; the outputs carry no EXIF, so the turn has to be
// made in the pixels.
//
// Only this one tag is needed, so this reads it directly: the first APP1
// "Exif" segment before the image data, its TIFF header and IFD0, with
// every offset checked against the segment.
func jpegOrientation(b []byte) int {
	if !bytes.HasPrefix(b, []byte{0xFF, 0xD8}) {
		return 1
	}
	p := 2
	for p+4 <= len(b) && b[p] == 0xFF {
		m := b[p+1]
		if m == 0xFF {
			p++ // fill byte
			continue
		}
		n := int(binary.BigEndian.Uint16(b[p+2:]))
		if m == 0xDA || m == 0xD9 || n < 2 || p+2+n > len(b) {
			return 1 // image data (or nonsense) before any EXIF
		}
		seg := b[p+4 : p+2+n]
		if m == 0xE1 && bytes.HasPrefix(seg, []byte("Exif\x00\x00")) {
			return tiffOrientation(seg[6:])
		}
		p += 2 + n
	}
	return 1
}

// tiffOrientation finds tag 0x0112 in IFD0 of a TIFF structure.
func tiffOrientation(t []byte) int {
	if len(t) < 8 {
		return 1
	}
	var order binary.ByteOrder
	switch string(t[:2]) {
	case "II":
		order = binary.LittleEndian
	case "MM":
		order = binary.BigEndian
	default:
		return 1
	}
	ifd := order.Uint32(t[4:])
	if ifd < 8 || uint64(ifd)+2 > uint64(len(t)) {
		return 1
	}
	count := int(order.Uint16(t[ifd:]))
	for i := range count {
		e := int(ifd) + 2 + 12*i
		if e+12 > len(t) {
			return 1
		}
		tag, typ := order.Uint16(t[e:]), order.Uint16(t[e+2:])
		if tag != 0x0112 {
			continue
		}
		if typ != 3 { // SHORT
			return 1
		}
		if v := int(order.Uint16(t[e+8:])); v >= 1 && v <= 8 {
			return v
		}
		return 1
	}
	return 1
}
