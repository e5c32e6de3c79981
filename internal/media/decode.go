package media

import (
	"bytes"
	"errors"
	"fmt"
	"image"
	"image/gif"
	"image/jpeg"
	"image/png"
	"io"
	"os"

	"github.com/gen2brain/heic"
	"golang.org/x/image/webp"
)

// maxImageFile bounds how much of an image file is read into memory. The
// largest photo the pixel limits allow is far smaller; a bigger file is
// padding or a trick, and refused as too large.
const maxImageFile = 256 << 20

// heicMinWidth is the narrowest HEIC taken. The HEIF decoder (gen2brain/heic
// v0.4.5, libheif in WebAssembly) assumes plane strides that libheif does
// not use for planes under 64 samples wide, and returns wrong colours for
// them; no camera makes such small HEIC files.
const heicMinWidth = 128

// loadImage reads an image file, checks it and decodes it: structure and
// trailing data first, then the dimensions from the header, and only then
// the pixels, so a pixel flood costs a header read and no memory. It
// returns the pixels as stored and the EXIF orientation to apply.
func loadImage(t Type, path string, limits Limits) (picture, int, error) {
	data, err := readFile(path, maxImageFile)
	if err != nil {
		return picture{}, 0, err
	}
	if err := checkEnd(t, data); err != nil {
		return picture{}, 0, err
	}
	cfg, err := decodeConfig(t, data)
	if err != nil {
		return picture{}, 0, corrupt(err)
	}
	if err := limits.checkSize(cfg.Width, cfg.Height); err != nil {
		return picture{}, 0, err
	}
	orientation := 1
	if t.Name == "jpeg" {
		orientation = jpegOrientation(data)
	}
	m, err := decode(t, data)
	if err != nil {
		return picture{}, 0, corrupt(err)
	}
	canvas := m.Bounds()
	if t.Name == "gif" {
		// A GIF's first frame may cover only part of its screen.
		canvas = image.Rect(0, 0, cfg.Width, cfg.Height)
	}
	if err := limits.checkSize(canvas.Dx(), canvas.Dy()); err != nil {
		return picture{}, 0, err
	}
	return fromImage(m, canvas), orientation, nil
}

// readFile reads a whole file, refusing one over limit bytes.
func readFile(path string, limit int64) ([]byte, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	st, err := f.Stat()
	if err != nil {
		return nil, err
	}
	if st.Size() > limit {
		return nil, refuse(CodeTooLarge, fmt.Errorf("file of %d bytes", st.Size()))
	}
	// One allocation of the stated size; a file that grew since the
	// Stat shows as a byte too many.
	data := make([]byte, st.Size())
	if _, err := io.ReadFull(f, data); err != nil {
		return nil, err
	}
	if n, _ := f.Read(make([]byte, 1)); n > 0 {
		return nil, fmt.Errorf("%s changed while being read", path)
	}
	return data, nil
}

// decodeConfig reads the dimensions from the header alone.
func decodeConfig(t Type, data []byte) (cfg image.Config, err error) {
	defer recoverDecoder(&err)
	r := bytes.NewReader(data)
	switch t.Name {
	case "jpeg":
		return jpeg.DecodeConfig(r)
	case "png":
		return png.DecodeConfig(r)
	case "gif":
		return gif.DecodeConfig(r)
	case "webp":
		if len(data) >= 21 && string(data[12:16]) == "VP8X" && data[20]&0x02 != 0 {
			return cfg, refuse(CodeUnsupported, errors.New("animated WebP"))
		}
		return webp.DecodeConfig(r)
	case "heic":
		cfg, err = heic.DecodeConfig(r)
		if err == nil && cfg.Width < heicMinWidth {
			return cfg, refuse(CodeUnsupported, fmt.Errorf("HEIC %d pixels wide, under %d", cfg.Width, heicMinWidth))
		}
		return cfg, err
	}
	return cfg, fmt.Errorf("no decoder for %s", t.Name)
}

// decode decodes the pixels; for a GIF, those of its first frame.
func decode(t Type, data []byte) (m image.Image, err error) {
	defer recoverDecoder(&err)
	r := bytes.NewReader(data)
	switch t.Name {
	case "jpeg":
		return jpeg.Decode(r)
	case "png":
		return png.Decode(r)
	case "gif":
		return gif.Decode(r)
	case "webp":
		return webp.Decode(r)
	case "heic":
		return heic.Decode(r)
	}
	return nil, fmt.Errorf("no decoder for %s", t.Name)
}

// recoverDecoder turns a decoder's panic on hostile input into an error:
// one bad upload must not take the server down.
func recoverDecoder(err *error) {
	if r := recover(); r != nil {
		*err = fmt.Errorf("decoder panic: %v", r)
	}
}
