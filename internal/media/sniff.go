package media

import (
	"bytes"
	"encoding/binary"
	"fmt"
	"slices"
)

// Sniff decides the type from the first bytes of a file: callers pass at
// least the first 4096 bytes, or the whole file when it is smaller. Only
// the formats Pluttra processes are recognised; everything else (SVG, HTML,
// PDF, archives, programs, formats no phone sends) is refused with
// CodeUnsupported, so nothing unknown ever reaches a decoder.
func Sniff(head []byte) (Type, error) {
	switch {
	case bytes.HasPrefix(head, []byte{0xFF, 0xD8, 0xFF}):
		return Type{KindImage, "jpeg"}, nil
	case bytes.HasPrefix(head, pngMagic):
		return Type{KindImage, "png"}, nil
	case bytes.HasPrefix(head, []byte("GIF87a")), bytes.HasPrefix(head, []byte("GIF89a")):
		return Type{KindImage, "gif"}, nil
	case len(head) >= 12 && string(head[:4]) == "RIFF" && string(head[8:12]) == "WEBP":
		return Type{KindImage, "webp"}, nil
	case len(head) >= 12 && string(head[:4]) == "RIFF" && string(head[8:12]) == "WAVE":
		return Type{KindAudio, "wav"}, nil
	case len(head) >= 12 && string(head[4:8]) == "ftyp":
		return sniffFtyp(head)
	case bytes.HasPrefix(head, ebmlMagic):
		return sniffEBML(head)
	case bytes.HasPrefix(head, []byte("OggS")):
		return Type{KindAudio, "ogg"}, nil
	case bytes.HasPrefix(head, []byte("ID3")), isMP3Frame(head):
		return Type{KindAudio, "mp3"}, nil
	}
	return Type{}, refuse(CodeUnsupported, fmt.Errorf("unrecognised start % x", head[:min(len(head), 16)]))
}

var (
	pngMagic  = []byte("\x89PNG\r\n\x1a\n")
	ebmlMagic = []byte{0x1A, 0x45, 0xDF, 0xA3}
)

// ftypBrands maps the ISO base media brands phones and cameras write to
// the type they mean. AVIF is absent on purpose: the HEIF decoder has no
// AV1 decoder, so an AVIF is refused as unsupported rather than corrupt.
var ftypBrands = map[string]Type{
	"heic": {KindImage, "heic"}, "heix": {KindImage, "heic"}, "heim": {KindImage, "heic"},
	"heis": {KindImage, "heic"}, "heif": {KindImage, "heic"}, "mif1": {KindImage, "heic"},
	"qt  ": {KindVideo, "mov"},
	"M4A ": {KindAudio, "m4a"}, "M4B ": {KindAudio, "m4a"},
	"isom": {KindVideo, "mp4"}, "iso2": {KindVideo, "mp4"}, "iso3": {KindVideo, "mp4"},
	"iso4": {KindVideo, "mp4"}, "iso5": {KindVideo, "mp4"}, "iso6": {KindVideo, "mp4"},
	"mp41": {KindVideo, "mp4"}, "mp42": {KindVideo, "mp4"}, "avc1": {KindVideo, "mp4"},
	"M4V ": {KindVideo, "mp4"}, "M4VH": {KindVideo, "mp4"}, "M4VP": {KindVideo, "mp4"},
	"dash": {KindVideo, "mp4"}, "MSNV": {KindVideo, "mp4"}, "XAVC": {KindVideo, "mp4"},
	"3gp4": {KindVideo, "mp4"}, "3gp5": {KindVideo, "mp4"}, "3gp6": {KindVideo, "mp4"},
	"3g2a": {KindVideo, "mp4"}, "3g2b": {KindVideo, "mp4"}, "3g2c": {KindVideo, "mp4"},
}

// sniffFtyp reads the brands of an ISO base media file (MP4, MOV, M4A,
// HEIC): the major brand decides, then the first compatible brand known.
func sniffFtyp(head []byte) (Type, error) {
	size := int(binary.BigEndian.Uint32(head))
	end := min(max(size, 12), len(head))
	var brands []string
	for i := 8; i+4 <= end; i += 4 {
		if i == 12 {
			continue // the minor version, not a brand
		}
		brands = append(brands, string(head[i:i+4]))
	}
	if slices.Contains(brands, "avif") || slices.Contains(brands, "avis") {
		if !slices.Contains(brands, "heic") && !slices.Contains(brands, "heix") {
			return Type{}, refuse(CodeUnsupported, fmt.Errorf("AVIF (brands %q)", brands))
		}
	}
	for _, b := range brands {
		if t, ok := ftypBrands[b]; ok {
			return t, nil
		}
	}
	return Type{}, refuse(CodeUnsupported, fmt.Errorf("unknown ISO media brands %q", brands))
}

// sniffEBML reads the DocType of a Matroska header: browsers record WebM;
// other Matroska files (mkv) are not something a phone uploads.
func sniffEBML(head []byte) (Type, error) {
	p := len(ebmlMagic)
	size, n := ebmlVint(head[p:])
	if n == 0 {
		return Type{}, refuse(CodeUnsupported, fmt.Errorf("bad EBML header"))
	}
	p += n
	end := min(len(head), p+int(min(size, 4096)))
	for p < end {
		id, n := ebmlID(head[p:end])
		if n == 0 {
			break
		}
		p += n
		size, n := ebmlVint(head[p:end])
		if n == 0 || size > uint64(end-p-n) {
			break
		}
		p += n
		if id == 0x4282 { // DocType
			doc := string(bytes.TrimRight(head[p:p+int(size)], "\x00"))
			if doc != "webm" {
				return Type{}, refuse(CodeUnsupported, fmt.Errorf("matroska doctype %q", doc))
			}
			return Type{KindVideo, "webm"}, nil
		}
		p += int(size)
	}
	return Type{}, refuse(CodeUnsupported, fmt.Errorf("EBML without a DocType"))
}

// ebmlID reads an element ID, which keeps its length marker bits.
func ebmlID(b []byte) (uint32, int) {
	if len(b) == 0 || b[0] == 0 {
		return 0, 0
	}
	n := 1
	for mask := byte(0x80); b[0]&mask == 0; mask >>= 1 {
		n++
	}
	if n > 4 || n > len(b) {
		return 0, 0
	}
	var id uint32
	for _, c := range b[:n] {
		id = id<<8 | uint32(c)
	}
	return id, n
}

// ebmlVint reads a size, without its length marker.
func ebmlVint(b []byte) (uint64, int) {
	if len(b) == 0 || b[0] == 0 {
		return 0, 0
	}
	n := 1
	mask := byte(0x80)
	for ; b[0]&mask == 0; mask >>= 1 {
		n++
	}
	if n > len(b) {
		return 0, 0
	}
	v := uint64(b[0] & (mask - 1))
	for _, c := range b[1:n] {
		v = v<<8 | uint64(c)
	}
	return v, n
}

// isMP3Frame reports whether head starts with an MPEG audio layer III frame
// header: MP3 files without an ID3 tag start straight with a frame.
func isMP3Frame(head []byte) bool {
	if len(head) < 4 || head[0] != 0xFF || head[1]&0xE0 != 0xE0 {
		return false
	}
	version := head[1] >> 3 & 3
	layer := head[1] >> 1 & 3
	bitrate := head[2] >> 4
	rate := head[2] >> 2 & 3
	return version != 1 && layer == 1 && bitrate != 0 && bitrate != 15 && rate != 3
}
