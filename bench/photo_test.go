package bench

import (
	"bufio"
	"context"
	"image"
	"image/jpeg"
	"math"
	"math/rand/v2"
	"os"
	"os/exec"
	"path/filepath"
	"testing"
	"time"

	"github.com/pluttra/pluttra/internal/media"
	"github.com/pluttra/pluttra/internal/testrig"
)

// photosPerRound is how many photos each side processes per benchmark
// iteration, so that even -benchtime 1x measures more than one start-up.
const photosPerRound = 6

// writePhoto writes a 12-megapixel (4000x3000) JPEG at quality 90 that
// costs what a phone photo costs to decode: smooth gradients for the sky,
// a coarser pattern for the scene and sensor-like noise throughout, about
// 4.5 MB. A flat picture would decode several times faster than a photo.
func writePhoto(path string) error {
	const w, h = 4000, 3000
	m := image.NewYCbCr(image.Rect(0, 0, w, h), image.YCbCrSubsampleRatio420)
	r := rand.New(rand.NewPCG(1, 2))
	for y := range h {
		row := m.Y[y*m.YStride:]
		for x := range w {
			v := 128 + 60*math.Sin(float64(x)/300+float64(y)/500) + 40*math.Sin(float64(x*y)/90000) + r.NormFloat64()*10
			row[x] = uint8(min(max(v, 0), 255))
		}
	}
	for y := range h / 2 {
		for x := range w / 2 {
			m.Cb[y*m.CStride+x] = uint8(128 + 50*math.Sin(float64(x)/200) + r.NormFloat64()*3)
			m.Cr[y*m.CStride+x] = uint8(128 + 50*math.Cos(float64(y)/150) + r.NormFloat64()*3)
		}
	}
	f, err := os.Create(path)
	if err != nil {
		return err
	}
	bw := bufio.NewWriter(f)
	if err := jpeg.Encode(bw, m, &jpeg.Options{Quality: 90}); err != nil {
		f.Close()
		return err
	}
	if err := bw.Flush(); err != nil {
		f.Close()
		return err
	}
	return f.Close()
}

// BenchmarkPhotos makes the feed (1600 px) and thumbnail (400 px) of a
// 12-megapixel photo with Pluttra's processor and with vipsthumbnail, the
// anchor. The promise: at least half of vips' photos per second, at no
// more than twice its peak memory.
//
// vips is given its fastest way to the same two files: one run makes the
// feed from the photo (shrinking on load), a second the thumbnail from
// the feed, both stripped, at quality 82, as Pluttra writes them. Making
// the thumbnail from the photo instead is slower. Pluttra runs in process,
// as in the server; vipsthumbnail is a program, so it pays its start-up.
// Peak memory is the kernel's peak RSS for both, Pluttra's measured in a
// child process doing one photo; its in-process peak heap (live and not
// yet collected objects, over a round of photos) is reported too.
func BenchmarkPhotos(b *testing.B) {
	vips := testrig.Program(b, "vipsthumbnail", "libvips-tools")
	dir := b.TempDir()
	src := filepath.Join(dir, "photo.jpg")
	feed, thumb := filepath.Join(dir, "vips-feed.jpg"), filepath.Join(dir, "vips-thumb.jpg")
	vipsFeed := func() *exec.Cmd { return exec.Command(vips, src, "--size", "1600", "-o", feed+"[Q=82,strip]") }
	vipsThumb := func() *exec.Cmd { return exec.Command(vips, feed, "--size", "400", "-o", thumb+"[Q=82,strip]") }

	// The photo is made in a child: generating it takes more memory than
	// the benchmark itself.
	if out, err := child("write-photo", src, dir).CombinedOutput(); err != nil {
		b.Fatalf("writing the photo: %v: %s", err, out)
	}
	vipsRSS := max(runPeakRSS(b, vipsFeed()), runPeakRSS(b, vipsThumb()))
	rss := runPeakRSS(b, child("process", src, b.TempDir()))
	floor := runPeakRSS(b, exec.Command("true"))

	ctx := context.Background()
	p := &media.Processor{}
	var ours, theirs time.Duration
	var heap float64
	b.ResetTimer()
	for range b.N {
		work := b.TempDir()
		start := time.Now()
		heap = max(heap, peakHeap(func() {
			for range photosPerRound {
				if _, err := p.Process(ctx, src, work); err != nil {
					b.Fatal(err)
				}
			}
		}))
		ours += time.Since(start)

		start = time.Now()
		for range photosPerRound {
			for _, cmd := range []*exec.Cmd{vipsFeed(), vipsThumb()} {
				if out, err := cmd.CombinedOutput(); err != nil {
					b.Fatalf("vipsthumbnail: %v: %s", err, out)
				}
			}
		}
		theirs += time.Since(start)
	}
	b.StopTimer()
	n := float64(b.N * photosPerRound)
	b.ReportMetric(n/ours.Seconds(), "pluttra-photos/s")
	b.ReportMetric(n/theirs.Seconds(), "vips-photos/s")
	b.ReportMetric(theirs.Seconds()/ours.Seconds(), "speed-vs-vips")
	b.ReportMetric(rss, "pluttra-peak-rss-MiB")
	b.ReportMetric(heap, "pluttra-peak-heap-MiB")
	b.ReportMetric(vipsRSS, "vips-peak-rss-MiB")
	b.ReportMetric(rss/vipsRSS, "rss-vs-vips")
	b.ReportMetric(floor, "rss-floor-MiB") // what measuring adds: the peak of /usr/bin/true
}
