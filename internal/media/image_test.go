package media_test

import (
	"bytes"
	"encoding/binary"
	"fmt"
	"image"
	"image/color"
	"image/color/palette"
	"image/gif"
	"image/png"
	"os"
	"regexp"
	"testing"

	"github.com/pluttra/pluttra/internal/media"
)

// leaks are byte strings no output may contain: the EXIF header, the GPS
// and camera text of the test EXIF, XMP, ICC, the comment.
var leaks = []string{"Exif", secretMake, secretDatum, secretXMP, "ICC_PROFILE", secretNote}

func wantNoMetadata(t *testing.T, res media.Result) {
	t.Helper()
	for _, o := range res.Outputs {
		b, err := os.ReadFile(o.Path)
		if err != nil {
			t.Fatal(err)
		}
		for _, leak := range leaks {
			if bytes.Contains(b, []byte(leak)) {
				t.Errorf("%s output contains %q", o.Name, leak)
			}
		}
	}
}

var placeholderRE = regexp.MustCompile(`^#[0-9a-f]{6}$`)

func TestPhotoWithGPSIsStrippedAndTurned(t *testing.T) {
	t.Parallel()
	segments := append([][]byte{exifAPP1(binary.LittleEndian, 6)}, metadataSegments()...)
	data := encodeJPEG(t, quadrants(640, 480), segments...)
	for _, leak := range leaks[1:] {
		if !bytes.Contains(data, []byte(leak)) {
			t.Fatalf("the fixture lacks %q", leak)
		}
	}
	res, _, err := process(t, &media.Processor{}, data)
	if err != nil {
		t.Fatal(err)
	}
	if res.Type != (media.Type{Kind: media.KindImage, Name: "jpeg"}) || res.Width != 480 || res.Height != 640 {
		t.Fatalf("result %+v, want a 480x640 JPEG (turned a quarter)", res)
	}
	if !placeholderRE.MatchString(res.Placeholder) {
		t.Fatalf("placeholder %q", res.Placeholder)
	}
	wantNoMetadata(t, res)
	feed := decodeOutput(t, output(t, res, "feed"))
	if b := feed.Bounds(); b.Dx() != 480 || b.Dy() != 640 {
		t.Fatalf("feed is %v, want 480x640: never upscaled, sides swapped", b)
	}
	// Turned a quarter clockwise: the red top left is now the top right.
	if got, want := corners(feed), [4]string{"blue", "red", "green", "blue"}; got != want {
		t.Fatalf("feed corners %v, want %v", got, want)
	}
	thumb := decodeOutput(t, output(t, res, "thumb"))
	if b := thumb.Bounds(); b.Dx() != 300 || b.Dy() != 400 {
		t.Fatalf("thumb is %v, want 300x400", b)
	}
	for _, o := range res.Outputs {
		if o.ContentType != "image/jpeg" || o.Size <= 0 {
			t.Fatalf("output %+v", o)
		}
	}
}

// TestEveryOrientation follows the red and green quadrants through the
// eight EXIF orientations, in both TIFF byte orders.
func TestEveryOrientation(t *testing.T) {
	t.Parallel()
	// Corners clockwise from the top left, for orientations 1 to 8.
	want := [9][4]string{
		1: {"red", "green", "blue", "blue"},
		2: {"green", "red", "blue", "blue"},
		3: {"blue", "blue", "red", "green"},
		4: {"blue", "blue", "green", "red"},
		5: {"red", "blue", "blue", "green"},
		6: {"blue", "red", "green", "blue"},
		7: {"blue", "green", "red", "blue"},
		8: {"green", "blue", "blue", "red"},
	}
	for _, order := range []byteOrder{binary.LittleEndian, binary.BigEndian} {
		for o := 1; o <= 8; o++ {
			t.Run(fmt.Sprintf("%v/%d", order, o), func(t *testing.T) {
				t.Parallel()
				res, _, err := process(t, &media.Processor{}, encodeJPEG(t, quadrants(96, 64), exifAPP1(order, uint16(o))))
				if err != nil {
					t.Fatal(err)
				}
				w, h := 96, 64
				if o >= 5 {
					w, h = h, w
				}
				feed := decodeOutput(t, output(t, res, "feed"))
				if res.Width != w || res.Height != h || feed.Bounds().Dx() != w {
					t.Fatalf("result %dx%d, feed %v, want %dx%d", res.Width, res.Height, feed.Bounds(), w, h)
				}
				if got := corners(feed); got != want[o] {
					t.Fatalf("corners %v, want %v", got, want[o])
				}
			})
		}
	}
}

func TestLargePhotoIsScaledDown(t *testing.T) {
	t.Parallel()
	res, _, err := process(t, &media.Processor{}, encodeJPEG(t, quadrants(2000, 600)))
	if err != nil {
		t.Fatal(err)
	}
	feed := decodeOutput(t, output(t, res, "feed"))
	thumb := decodeOutput(t, output(t, res, "thumb"))
	if feed.Bounds().Dx() != 1600 || feed.Bounds().Dy() != 480 || thumb.Bounds().Dx() != 400 || thumb.Bounds().Dy() != 120 {
		t.Fatalf("feed %v thumb %v, want 1600x480 and 400x120", feed.Bounds(), thumb.Bounds())
	}
	if got, want := corners(feed), [4]string{"red", "green", "blue", "blue"}; got != want {
		t.Fatalf("feed corners %v", got)
	}
	// The flat quadrants keep their colour through the scaling.
	r, g, b, _ := feed.At(400, 120).RGBA()
	if r>>8 < 200 || g>>8 > 25 || b>>8 > 25 {
		t.Fatalf("red quadrant reads %d,%d,%d", r>>8, g>>8, b>>8)
	}
}

func TestPNGWithTransparencyAndText(t *testing.T) {
	t.Parallel()
	m := image.NewNRGBA(image.Rect(0, 0, 40, 30))
	for y := range 30 {
		for x := range 40 {
			if x < 20 {
				m.SetNRGBA(x, y, color.NRGBA{0, 0, 200, 255})
			} // the right half stays transparent
		}
	}
	var b bytes.Buffer
	if err := png.Encode(&b, m); err != nil {
		t.Fatal(err)
	}
	data := insertPNGChunk(b.Bytes(), "tEXt", []byte("Comment\x00"+secretNote))
	res, _, err := process(t, &media.Processor{}, data)
	if err != nil {
		t.Fatal(err)
	}
	wantNoMetadata(t, res)
	feed := decodeOutput(t, output(t, res, "feed"))
	if r, g, b, _ := feed.At(35, 15).RGBA(); r>>8 < 240 || g>>8 < 240 || b>>8 < 240 {
		t.Fatalf("transparency became %d,%d,%d, want white", r>>8, g>>8, b>>8)
	}
	if res.Type.Name != "png" || res.Width != 40 || res.Height != 30 {
		t.Fatalf("result %+v", res)
	}
}

// insertPNGChunk puts a chunk right after IHDR.
func insertPNGChunk(p []byte, typ string, data []byte) []byte {
	const afterIHDR = 8 + 12 + 13
	chunk := binary.BigEndian.AppendUint32(nil, uint32(len(data)))
	chunk = append(chunk, typ...)
	chunk = append(chunk, data...)
	chunk = binary.BigEndian.AppendUint32(chunk, crc(chunk[4:]))
	return append(append(append([]byte{}, p[:afterIHDR]...), chunk...), p[afterIHDR:]...)
}

func TestGIFFirstFrame(t *testing.T) {
	t.Parallel()
	frame := func(c color.Color) *image.Paletted {
		m := image.NewPaletted(image.Rect(0, 0, 32, 32), palette.Plan9)
		for i := range m.Pix {
			m.Pix[i] = uint8(m.Palette.Index(c))
		}
		return m
	}
	var b bytes.Buffer
	err := gif.EncodeAll(&b, &gif.GIF{Image: []*image.Paletted{frame(color.RGBA{0, 200, 0, 255}), frame(color.RGBA{220, 0, 0, 255})}, Delay: []int{10, 10}})
	if err != nil {
		t.Fatal(err)
	}
	res, _, err := process(t, &media.Processor{}, b.Bytes())
	if err != nil {
		t.Fatal(err)
	}
	if got := colourAt(decodeOutput(t, output(t, res, "feed")), 0.5, 0.5); got != "green" {
		t.Fatalf("feed shows %s, want the first frame's green", got)
	}
}

// The WebP and HEIC fixtures are the quadrant picture at 128x96: quad.webp
// written by vips (libvips-tools) and quad.heic by heif-enc
// (libheif-examples), as neither format has an encoder in Go.
func TestWebPAndHEIC(t *testing.T) {
	t.Parallel()
	for _, name := range []string{"webp", "heic"} {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			data, err := os.ReadFile("testdata/quad." + name)
			if err != nil {
				t.Fatal(err)
			}
			res, _, err := process(t, &media.Processor{}, data)
			if err != nil {
				t.Fatal(err)
			}
			if res.Type.Name != name || res.Width != 128 || res.Height != 96 {
				t.Fatalf("result %+v", res)
			}
			if got, want := corners(decodeOutput(t, output(t, res, "feed"))), [4]string{"red", "green", "blue", "blue"}; got != want {
				t.Fatalf("corners %v, want %v", got, want)
			}
		})
	}
}

// TestNarrowHEICRefused: testdata/narrow.heic is the quadrant picture at
// 64x48 (heif-enc), which the HEIF decoder would return in wrong colours.
func TestNarrowHEICRefused(t *testing.T) {
	t.Parallel()
	data, err := os.ReadFile("testdata/narrow.heic")
	if err != nil {
		t.Fatal(err)
	}
	_, dir, err := process(t, &media.Processor{}, data)
	wantCode(t, err, media.CodeUnsupported)
	wantEmptyDir(t, dir)
}
