package media

import (
	"bytes"
	"encoding/binary"
	"errors"
	"fmt"
)

// paddingSlack is how many bytes of anything may follow an image's end:
// some writers pad, and nothing useful hides in sixteen bytes.
const paddingSlack = 16

// checkEnd finds where the image's own structure ends and refuses a file
// that goes on after it, the classic polyglot: a JPEG that is also a ZIP
// (or HTML, or a program), readable as either by whoever opens it. The
// outputs are re-encoded anyway; this keeps such originals out of storage.
//
// Phones append legitimate data after a JPEG's end marker: further JPEGs
// (MPF depth maps, Ultra HDR gain maps), an MP4 (Google motion photos) and
// Samsung's trailer. Those are walked by their structure and allowed; what
// matches no structure is refused.
func checkEnd(t Type, b []byte) error {
	var end int
	var err error
	switch t.Name {
	case "jpeg":
		end, err = jpegEnd(b, 0)
	case "png":
		end, err = pngEnd(b)
	case "gif":
		end, err = gifEnd(b)
	case "webp":
		end, err = webpEnd(b)
	case "heic":
		end = bmffEnd(b, 0)
	}
	if err != nil {
		return refuse(CodeCorrupt, err)
	}
	if hasZipEnd(b) {
		return refuse(CodePolyglot, errors.New("a ZIP archive ends the file"))
	}
	rest := b[end:]
	if isPadding(rest) || t.Name == "jpeg" && jpegTrailerOK(b, end) {
		return nil
	}
	return refuse(CodePolyglot, fmt.Errorf("%d bytes after the end of the %s, starting % x", len(rest), t.Name, rest[:min(16, len(rest))]))
}

var errTruncated = errors.New("truncated")

// isPadding reports whether b is short enough or blank enough to be
// padding rather than a second file.
func isPadding(b []byte) bool {
	if len(b) <= paddingSlack {
		return true
	}
	for _, c := range b {
		if c != 0 && c != 0xFF {
			return false
		}
	}
	return true
}

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
// data starting at p, skipping stuffed zeros and restart markers, or -1.
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

// jpegTrailerOK reports whether what follows a JPEG's end from p is made
// only of what cameras append: further JPEGs, an ISO media file (motion
// photo video), Samsung's trailer, padding.
func jpegTrailerOK(b []byte, p int) bool {
	for p < len(b) {
		rest := b[p:]
		switch {
		case isPadding(rest), samsungTrailerAt(b, p):
			return true
		case bytes.HasPrefix(rest, []byte{0xFF, 0xD8, 0xFF}):
			q, err := jpegEnd(b, p)
			if err != nil {
				return false
			}
			p = q
		case len(rest) >= 8 && string(rest[4:8]) == "ftyp":
			q := bmffEnd(b, p)
			if q == p {
				return false
			}
			p = q
		default:
			return false
		}
	}
	return true
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

// samsungTrailerAt reports whether b from p to its end is exactly a Samsung
// trailer: data blocks, then an "SEFH" directory of them, its length and
// "SEFT". Galaxy phones append one to most photos.
func samsungTrailerAt(b []byte, p int) bool {
	n := len(b)
	if n-p < 8+12 || string(b[n-4:]) != "SEFT" {
		return false
	}
	dirLen := int(binary.LittleEndian.Uint32(b[n-8:]))
	dir := n - 8 - dirLen
	if dirLen < 12 || dir < p || string(b[dir:dir+4]) != "SEFH" {
		return false
	}
	count := int(binary.LittleEndian.Uint32(b[dir+8:]))
	if count > (dirLen-12)/12 {
		return false
	}
	first := 0
	for i := range count {
		e := dir + 12 + 12*i
		off := int(binary.LittleEndian.Uint32(b[e+4:]))
		size := int(binary.LittleEndian.Uint32(b[e+8:]))
		if off > dir-p || size > off || size < 8 {
			return false
		}
		first = max(first, off)
	}
	return dir-first == p
}

// hasZipEnd reports whether b ends as a ZIP archive does: an end of central
// directory record whose comment runs exactly to the end of the file, which
// is where every ZIP reader looks, whatever comes before.
func hasZipEnd(b []byte) bool {
	from := max(0, len(b)-(22+0xFFFF))
	sig := []byte("PK\x05\x06")
	for end := len(b); end > from; {
		i := bytes.LastIndex(b[from:end], sig)
		if i < 0 {
			return false
		}
		i += from
		if i+22 <= len(b) && int(binary.LittleEndian.Uint16(b[i+20:])) == len(b)-i-22 {
			return true
		}
		end = i
	}
	return false
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
// of bytes is the end, not an error.
func gifEnd(b []byte) (int, error) {
	if len(b) < 13 {
		return 0, fmt.Errorf("GIF %w in its header", errTruncated)
	}
	p := 13
	if f := b[10]; f&0x80 != 0 {
		p += 3 << (f&7 + 1)
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
