// Package blobtest is the conformance suite every blob store passes: disk
// and S3 alike.
package blobtest

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"slices"
	"sync"
	"testing"

	"github.com/pluttra/pluttra/internal/blob"
)

// Opener returns a fresh, empty store for one test.
type Opener func(t testing.TB) blob.Store

var ctx = context.Background()

// Run runs the suite.
func Run(t *testing.T, open Opener) {
	t.Run("PutOpenRoundTrip", func(t *testing.T) { t.Parallel(); roundTrip(t, open(t)) })
	t.Run("RangesBySeeking", func(t *testing.T) { t.Parallel(); ranges(t, open(t)) })
	t.Run("PutReplaces", func(t *testing.T) { t.Parallel(); replaces(t, open(t)) })
	t.Run("ErrNotFound", func(t *testing.T) { t.Parallel(); notFound(t, open(t)) })
	t.Run("DeleteIsIdempotent", func(t *testing.T) { t.Parallel(); deletes(t, open(t)) })
	t.Run("ListByPrefix", func(t *testing.T) { t.Parallel(); lists(t, open(t)) })
	t.Run("FailedPutLeavesNothing", func(t *testing.T) { t.Parallel(); failedPut(t, open(t)) })
	t.Run("ErrBadKey", func(t *testing.T) { t.Parallel(); badKeys(t, open(t)) })
	t.Run("ConcurrentPuts", func(t *testing.T) { t.Parallel(); concurrent(t, open(t)) })
}

func must(t testing.TB, err error) {
	t.Helper()
	if err != nil {
		t.Fatal(err)
	}
}

func put(t testing.TB, s blob.Store, key string, data []byte) {
	t.Helper()
	must(t, s.Put(ctx, key, bytes.NewReader(data), int64(len(data))))
}

func read(t testing.TB, s blob.Store, key string) []byte {
	t.Helper()
	o, err := s.Open(ctx, key)
	must(t, err)
	defer o.Close()
	b, err := io.ReadAll(o)
	must(t, err)
	if o.Info().Size != int64(len(b)) {
		t.Fatalf("%s: size %d, read %d bytes", key, o.Info().Size, len(b))
	}
	return b
}

// payload is size bytes that differ from position to position, so a
// wrong offset shows.
func payload(size int) []byte {
	b := make([]byte, size)
	for i := range b {
		b[i] = byte(i*7 + i/251)
	}
	return b
}

func roundTrip(t *testing.T, s blob.Store) {
	for _, size := range []int{0, 1, 100 << 10, 6 << 20} {
		key := fmt.Sprintf("media/1/%d/original", size)
		data := payload(size)
		put(t, s, key, data)
		if got := read(t, s, key); !bytes.Equal(got, data) {
			t.Fatalf("%d bytes: read back differs", size)
		}
	}
	// Unknown length, as from a stream.
	data := payload(300 << 10)
	must(t, s.Put(ctx, "media/2/stream", bytes.NewReader(data), -1))
	if !bytes.Equal(read(t, s, "media/2/stream"), data) {
		t.Fatal("streamed put: read back differs")
	}
}

func ranges(t *testing.T, s blob.Store) {
	data := payload(1 << 20)
	put(t, s, "media/3/video", data)
	o, err := s.Open(ctx, "media/3/video")
	must(t, err)
	defer o.Close()
	for _, off := range []int64{500000, 17, 1<<20 - 10} {
		if _, err := o.Seek(off, io.SeekStart); err != nil {
			t.Fatal(err)
		}
		buf := make([]byte, 10)
		if _, err := io.ReadFull(o, buf); err != nil {
			t.Fatalf("read at %d: %v", off, err)
		}
		if !bytes.Equal(buf, data[off:off+10]) {
			t.Fatalf("bytes at %d differ", off)
		}
	}
	end, err := o.Seek(0, io.SeekEnd)
	must(t, err)
	if end != int64(len(data)) {
		t.Fatalf("end = %d", end)
	}
}

func replaces(t *testing.T, s blob.Store) {
	put(t, s, "media/4/thumb", []byte("first"))
	put(t, s, "media/4/thumb", []byte("second, longer"))
	if got := string(read(t, s, "media/4/thumb")); got != "second, longer" {
		t.Fatalf("got %q", got)
	}
}

func notFound(t *testing.T, s blob.Store) {
	if _, err := s.Open(ctx, "media/5/none"); !errors.Is(err, blob.ErrNotFound) {
		t.Fatalf("err = %v", err)
	}
}

func deletes(t *testing.T, s blob.Store) {
	put(t, s, "media/6/a", []byte("a"))
	must(t, s.Delete(ctx, "media/6/a"))
	must(t, s.Delete(ctx, "media/6/a"))
	if _, err := s.Open(ctx, "media/6/a"); !errors.Is(err, blob.ErrNotFound) {
		t.Fatalf("after delete: %v", err)
	}
}

func lists(t *testing.T, s blob.Store) {
	for _, k := range []string{"media/7/a", "media/7/b", "media/70/c", "other/7/d"} {
		put(t, s, k, []byte(k))
	}
	var keys []string
	must(t, s.List(ctx, "media/7/", func(i blob.Info) error {
		keys = append(keys, i.Key)
		if i.Size != int64(len(i.Key)) || i.ModTime.IsZero() {
			t.Errorf("%s: info %+v", i.Key, i)
		}
		return nil
	}))
	slices.Sort(keys)
	if !slices.Equal(keys, []string{"media/7/a", "media/7/b"}) {
		t.Fatalf("keys = %v", keys)
	}
	stop := errors.New("stop")
	n := 0
	err := s.List(ctx, "", func(blob.Info) error { n++; return stop })
	if !errors.Is(err, stop) || n != 1 {
		t.Fatalf("fn's error: n = %d, err = %v", n, err)
	}
}

// failingReader gives some bytes, then fails, as a dropped upload does.
type failingReader struct{ n int }

func (f *failingReader) Read(p []byte) (int, error) {
	if f.n <= 0 {
		return 0, errors.New("connection reset")
	}
	n := min(len(p), f.n)
	f.n -= n
	return n, nil
}

func failedPut(t *testing.T, s blob.Store) {
	for _, size := range []int64{2 << 20, -1} {
		err := s.Put(ctx, "media/8/broken", &failingReader{n: 1 << 20}, size)
		if err == nil {
			t.Fatalf("size %d: a failing reader was stored", size)
		}
		if _, err := s.Open(ctx, "media/8/broken"); !errors.Is(err, blob.ErrNotFound) {
			t.Fatalf("size %d: after a failed put: %v", size, err)
		}
	}
	var keys []string
	must(t, s.List(ctx, "", func(i blob.Info) error { keys = append(keys, i.Key); return nil }))
	if len(keys) != 0 {
		t.Fatalf("a failed put left %v", keys)
	}
}

func badKeys(t *testing.T, s blob.Store) {
	for _, k := range []string{"", "../etc/passwd", "media/../../x", "/abs", "media//x", "media/x y", "media/ä", "media/."} {
		if err := s.Put(ctx, k, bytes.NewReader([]byte("x")), 1); !errors.Is(err, blob.ErrBadKey) {
			t.Errorf("put %q: %v", k, err)
		}
		if _, err := s.Open(ctx, k); !errors.Is(err, blob.ErrBadKey) {
			t.Errorf("open %q: %v", k, err)
		}
	}
}

func concurrent(t *testing.T, s blob.Store) {
	var wg sync.WaitGroup
	for i := range 8 {
		wg.Go(func() {
			data := payload(64<<10 + i)
			if err := s.Put(ctx, fmt.Sprintf("media/9/%d", i), bytes.NewReader(data), int64(len(data))); err != nil {
				t.Error(err)
			}
		})
	}
	wg.Wait()
	for i := range 8 {
		if got := read(t, s, fmt.Sprintf("media/9/%d", i)); len(got) != 64<<10+i {
			t.Fatalf("object %d: %d bytes", i, len(got))
		}
	}
}
