package bench

import (
	"runtime"
	"runtime/metrics"
	"sync"
	"time"
)

// peakHeap samples the live heap while work runs and returns the highest
// value in MiB: the benchmark's own peak, which is what the import's
// memory promise is about.
func peakHeap(work func()) float64 {
	runtime.GC()
	sample := []metrics.Sample{{Name: "/memory/classes/heap/objects:bytes"}}
	var peak uint64
	var mu sync.Mutex
	done := make(chan struct{})
	go func() {
		t := time.NewTicker(5 * time.Millisecond)
		defer t.Stop()
		for {
			metrics.Read(sample)
			mu.Lock()
			peak = max(peak, sample[0].Value.Uint64())
			mu.Unlock()
			select {
			case <-done:
				return
			case <-t.C:
			}
		}
	}()
	work()
	close(done)
	mu.Lock()
	defer mu.Unlock()
	return float64(peak) / (1 << 20)
}
