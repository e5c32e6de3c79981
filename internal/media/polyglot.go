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

// jpegTrailerOK reports whether what follows a JPEG's end from p is made
// only of what cameras append: further JPEGs, an ISO media file (motion
// photo video), Samsung's trailer, padding between and after them. Each
// step moves past a whole part, so hostile input costs linear time.
func jpegTrailerOK(b []byte, p int) bool {
	samsung, hasSamsung := samsungTrailerStart(b)
	for p < len(b) {
		rest := b[p:]
		switch {
		case hasSamsung && p == samsung, isPadding(rest):
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
		case rest[0] == 0:
			p = skipZeros(b, p)
		default:
			return false
		}
	}
	return true
}

// skipZeros moves past zero padding from p, but not into the size of a box
// that follows it: a box's size starts with zero bytes too.
func skipZeros(b []byte, p int) int {
	q := p
	for q < len(b) && b[q] == 0 {
		q++
	}
	for s := max(p+1, q-3); s < q; s++ {
		if s+8 <= len(b) && string(b[s+4:s+8]) == "ftyp" {
			return s
		}
	}
	return q
}

// samsungTrailerStart finds the Samsung trailer that ends b, if there is
// one: data blocks, then an "SEFH" directory of them, its length and
// "SEFT". Galaxy phones append one to most photos. It returns where the
// first block starts.
func samsungTrailerStart(b []byte) (int, bool) {
	n := len(b)
	if n < 8+12 || string(b[n-4:]) != "SEFT" {
		return 0, false
	}
	dirLen := int(binary.LittleEndian.Uint32(b[n-8:]))
	dir := n - 8 - dirLen
	if dirLen < 12 || dir < 0 || string(b[dir:dir+4]) != "SEFH" {
		return 0, false
	}
	count := int(binary.LittleEndian.Uint32(b[dir+8:]))
	if count > (dirLen-12)/12 {
		return 0, false
	}
	first := 0
	for i := range count {
		e := dir + 12 + 12*i
		off := int(binary.LittleEndian.Uint32(b[e+4:])) // back from the directory
		size := int(binary.LittleEndian.Uint32(b[e+8:]))
		if off > dir || size > off || size < 8 {
			return 0, false
		}
		first = max(first, off)
	}
	return dir - first, true
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
