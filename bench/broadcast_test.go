package bench

import (
	"fmt"
	"net/http"
	"sync"
)

// broadcastServer is the fan-out benchmark's anchor: the least a Go
// server does to broadcast server-sent events with net/http. Every
// GET /events is a stream; each POST /send goes to every stream. No
// sessions, no access decisions, no database.
func broadcastServer(addr string) error {
	var mu sync.Mutex
	streams := map[chan []byte]struct{}{}
	mux := http.NewServeMux()
	mux.HandleFunc("GET /readyz", func(w http.ResponseWriter, r *http.Request) {})
	mux.HandleFunc("GET /events", func(w http.ResponseWriter, r *http.Request) {
		ch := make(chan []byte, 32)
		mu.Lock()
		streams[ch] = struct{}{}
		mu.Unlock()
		defer func() {
			mu.Lock()
			delete(streams, ch)
			mu.Unlock()
		}()
		rc := http.NewResponseController(w)
		w.Header().Set("Content-Type", "text/event-stream")
		w.WriteHeader(http.StatusOK)
		fmt.Fprint(w, "retry: 3000\n\n")
		rc.Flush()
		for {
			select {
			case <-r.Context().Done():
				return
			case m := <-ch:
				w.Write(m)
				rc.Flush()
			}
		}
	})
	mux.HandleFunc("POST /send", func(w http.ResponseWriter, r *http.Request) {
		m := []byte("event: message\ndata: {\"id\":1}\n\n")
		mu.Lock()
		for ch := range streams {
			select {
			case ch <- m:
			default:
			}
		}
		mu.Unlock()
	})
	return http.ListenAndServe(addr, mux)
}
