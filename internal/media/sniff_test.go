package media_test

import (
	"bytes"
	"encoding/binary"
	"testing"

	"github.com/pluttra/pluttra/internal/media"
)

// ftyp builds the start of an ISO base media file with these brands.
func ftyp(major string, compatible ...string) []byte {
	payload := append([]byte(major), 0, 0, 0, 0)
	for _, c := range compatible {
		payload = append(payload, c...)
	}
	return box("ftyp", payload)
}

// ebml builds a Matroska header with the given DocType.
func ebml(doc string) []byte {
	body := []byte{0x42, 0x86, 0x81, 0x01} // EBMLVersion 1
	body = append(body, 0x42, 0x82, 0x80|byte(len(doc)))
	body = append(body, doc...)
	return append([]byte{0x1A, 0x45, 0xDF, 0xA3, 0x80 | byte(len(body))}, body...)
}

func TestSniff(t *testing.T) {
	t.Parallel()
	riff := func(form string) []byte {
		b := append([]byte("RIFF"), binary.LittleEndian.AppendUint32(nil, 100)...)
		return append(b, form...)
	}
	known := map[string]struct {
		head []byte
		want media.Type
	}{
		"JPEG":         {[]byte{0xFF, 0xD8, 0xFF, 0xE1, 0, 0}, media.Type{Kind: media.KindImage, Name: "jpeg"}},
		"PNG":          {[]byte("\x89PNG\r\n\x1a\n\x00\x00"), media.Type{Kind: media.KindImage, Name: "png"}},
		"GIF89a":       {[]byte("GIF89a\x01\x00"), media.Type{Kind: media.KindImage, Name: "gif"}},
		"GIF87a":       {[]byte("GIF87a\x01\x00"), media.Type{Kind: media.KindImage, Name: "gif"}},
		"WebP":         {riff("WEBPVP8 "), media.Type{Kind: media.KindImage, Name: "webp"}},
		"HEIC":         {ftyp("heic", "mif1", "heic"), media.Type{Kind: media.KindImage, Name: "heic"}},
		"HEIFMif1":     {ftyp("mif1", "heic"), media.Type{Kind: media.KindImage, Name: "heic"}},
		"MP4":          {ftyp("isom", "isom", "iso2", "avc1", "mp41"), media.Type{Kind: media.KindVideo, Name: "mp4"}},
		"MP4Android":   {ftyp("mp42", "isom", "mp42"), media.Type{Kind: media.KindVideo, Name: "mp4"}},
		"3GP":          {ftyp("3gp4", "isom", "3gp4"), media.Type{Kind: media.KindVideo, Name: "mp4"}},
		"MOV":          {ftyp("qt  ", "qt  "), media.Type{Kind: media.KindVideo, Name: "mov"}},
		"M4A":          {ftyp("M4A ", "M4A ", "mp42", "isom"), media.Type{Kind: media.KindAudio, Name: "m4a"}},
		"WebM":         {ebml("webm"), media.Type{Kind: media.KindVideo, Name: "webm"}},
		"Ogg":          {[]byte("OggS\x00\x02"), media.Type{Kind: media.KindAudio, Name: "ogg"}},
		"MP3WithID3":   {[]byte("ID3\x04\x00\x00\x00\x00\x00\x00"), media.Type{Kind: media.KindAudio, Name: "mp3"}},
		"MP3FrameOnly": {[]byte{0xFF, 0xFB, 0x90, 0x64}, media.Type{Kind: media.KindAudio, Name: "mp3"}},
		"WAV":          {riff("WAVEfmt "), media.Type{Kind: media.KindAudio, Name: "wav"}},
	}
	for name, c := range known {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			got, err := media.Sniff(c.head)
			if err != nil || got != c.want {
				t.Fatalf("Sniff = %+v, %v; want %+v", got, err, c.want)
			}
		})
	}
	refused := map[string][]byte{
		"SVG":        []byte(`<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"/>`),
		"XML":        []byte(`<?xml version="1.0" encoding="UTF-8"?><svg/>`),
		"HTML":       []byte("<!doctype html><title>x</title>"),
		"HTMLSpaced": []byte("\n\n  <html><script>alert(1)</script>"),
		"PDF":        []byte("%PDF-1.4\n%\xe2\xe3\xcf\xd3"),
		"ZIP":        []byte("PK\x03\x04\x14\x00\x00\x00"),
		"GZIP":       {0x1F, 0x8B, 0x08, 0x00},
		"RAR":        []byte("Rar!\x1a\x07\x00"),
		"SevenZip":   []byte("7z\xbc\xaf\x27\x1c"),
		"ELF":        []byte("\x7fELF\x02\x01\x01"),
		"WindowsEXE": []byte("MZ\x90\x00\x03\x00"),
		"MachO":      {0xCF, 0xFA, 0xED, 0xFE, 7, 0, 0, 1},
		"Script":     []byte("#!/bin/sh\nrm -rf /"),
		"AVIF":       ftyp("avif", "mif1", "miaf", "avif"),
		"AVIFMif1":   ftyp("mif1", "avif", "miaf"),
		"JPEG2000":   ftyp("jp2 ", "jp2 "),
		"Matroska":   ebml("matroska"),
		"ADTSAAC":    {0xFF, 0xF1, 0x50, 0x80},
		"FLAC":       []byte("fLaC\x00\x00\x00\x22"),
		"TIFF":       []byte("II*\x00\x08\x00\x00\x00"),
		"BMP":        []byte("BM\x36\x00\x00\x00"),
		"Empty":      {},
		"OneByte":    {0xFF},
		"Text":       bytes.Repeat([]byte("hello "), 100),
	}
	for name, head := range refused {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			got, err := media.Sniff(head)
			if err == nil {
				t.Fatalf("Sniff = %+v, want a refusal", got)
			}
			wantCode(t, err, media.CodeUnsupported)
		})
	}
}
