package media

import (
	"bytes"
	"encoding/binary"
	"errors"
	"fmt"
)

// Where each image format's own structure ends: what comes after is not
// part of the picture, and checkEnd decides whether it may be there. A
// structure that breaks off before its end is corrupt.

var errTruncated = errors.New("truncated")

// jpegEnd walks a JPEG's segments and scans from p and returns the offset
// just after its EOI marker. Bytes between segments are skipped, as
// libjpeg and Go's decoder skip them.
func jpegEnd(b []byte, p int) (int, error) {
	if !bytes.HasPrefix(b[p:], []byte{0xFF, 0xD8}) {
		return 0, errors.New("no JPEG start marker")
	}
	p += 2
	for {
		i := bytes.IndexByte(b[p:], 0xFF)
		if i < 0 {
			return 0, fmt.Errorf("JPEG %w before its end marker", errTruncated)
		}
		p += i
		for p < len(b) && b[p] == 0xFF {
			p++ // fill bytes
		}
		if p >= len(b) {
			return 0, fmt.Errorf("JPEG %w in a marker", errTruncated)
		}
		m := b[p]
		p++
		switch {
		case m == 0xD9: // EOI
			return p, nil
		case m == 0xD8:
			return 0, errors.New("JPEG start marker inside the image")
		case m == 0x00, m == 0x01, m >= 0xD0 && m <= 0xD7:
			continue // stuffed byte, TEM, RSTn: no length
		}
		if p+2 > len(b) {
			return 0, fmt.Errorf("JPEG %w in a segment length", errTruncated)
		}
		n := int(binary.BigEndian.Uint16(b[p:]))
		if n < 2 || p+n > len(b) {
			return 0, fmt.Errorf("JPEG segment %#x of length %d: %w", m, n, errTruncated)
		}
		p += n
		if m == 0xDA { // SOS: entropy-coded data follows, up to the next real marker
			if p = jpegScanEnd(b, p); p < 0 {
				return 0, fmt.Errorf("JPEG scan %w", errTruncated)
			}
		}
	}
}

// jpegScanEnd returns the offset of the marker that ends the entropy-coded
// data starting at p, past stuffed zeros and restart markers, or -1.
func jpegScanEnd(b []byte, p int) int {
	for {
		i := bytes.IndexByte(b[p:], 0xFF)
		if i < 0 {
			return -1
		}
		q := p + i + 1
		for q < len(b) && b[q] == 0xFF {
			q++
		}
		if q >= len(b) {
			return -1
		}
		if m := b[q]; m != 0x00 && (m < 0xD0 || m > 0xD7) {
			return p + i
		}
		p = q + 1
	}
}

// pngEnd returns the offset just after the IEND chunk.
func pngEnd(b []byte) (int, error) {
	p := len(pngMagic)
	for {
		if p+12 > len(b) {
			return 0, fmt.Errorf("PNG %w before IEND", errTruncated)
		}
		n := binary.BigEndian.Uint32(b[p:])
		if n > 1<<31-1 || uint64(n) > uint64(len(b)-p-12) {
			return 0, fmt.Errorf("PNG chunk %q of length %d: %w", b[p+4:p+8], n, errTruncated)
		}
		typ := string(b[p+4 : p+8])
		p += 12 + int(n)
		if typ == "IEND" {
			return p, nil
		}
	}
}

// gifEnd returns the offset just after the GIF trailer, or where blocks
// stop making sense. A GIF cut short is common and decodes, so running out
// of bytes is its end, not an error.
func gifEnd(b []byte) (int, error) {
	if len(b) < 13 {
		return 0, fmt.Errorf("GIF %w in its header", errTruncated)
	}
	p := 13
	if f := b[10]; f&0x80 != 0 {
		p += 3 << (f&7 + 1) // global colour table
	}
	for p < len(b) {
		switch b[p] {
		case 0x3B: // trailer
			return p + 1, nil
		case 0x21: // extension: label, then sub-blocks
			p = gifSkipBlocks(b, p+2)
		case 0x2C: // image descriptor, local colour table, LZW code size, sub-blocks
			if p+10 > len(b) {
				return len(b), nil
			}
			f := b[p+9]
			p += 10
			if f&0x80 != 0 {
				p += 3 << (f&7 + 1)
			}
			p = gifSkipBlocks(b, p+1)
		default:
			return p, nil
		}
	}
	return len(b), nil
}

// gifSkipBlocks skips data sub-blocks up to and including the terminator.
func gifSkipBlocks(b []byte, p int) int {
	for p < len(b) {
		n := int(b[p])
		p++
		if n == 0 {
			return p
		}
		p += n
	}
	return len(b)
}

// webpEnd returns the end of the RIFF container, as its header states.
func webpEnd(b []byte) (int, error) {
	size := int64(binary.LittleEndian.Uint32(b[4:]))
	end := 8 + size + size&1
	switch {
	case end <= int64(len(b)):
		return int(end), nil
	case end-1 == int64(len(b)) && size&1 == 1:
		return len(b), nil // an odd chunk without its pad byte
	}
	return 0, fmt.Errorf("WebP of %d bytes says %d: %w", len(b), end, errTruncated)
}

// bmffEnd walks ISO base media boxes (size, type) from p and returns where
// well-formed boxes stop: len(b) for a whole file.
func bmffEnd(b []byte, p int) int {
	for p+8 <= len(b) {
		size := uint64(binary.BigEndian.Uint32(b[p:]))
		for _, c := range b[p+4 : p+8] {
			if c < 0x20 || c > 0x7E {
				return p
			}
		}
		switch size {
		case 0: // to the end of the file
			return len(b)
		case 1: // a 64-bit size follows the type
			if p+16 > len(b) {
				return p
			}
			size = binary.BigEndian.Uint64(b[p+8:])
			if size < 16 {
				return p
			}
		default:
			if size < 8 {
				return p
			}
		}
		if size > uint64(len(b)-p) {
			return p
		}
		p += int(size)
	}
	return p
}
