package web

import (
	"net/http"
	"sync"
	"time"
)

// Pages kept in memory: a feed reloaded, or opened by a guardian whose
// children nothing has happened to, is served without reading or rendering
// it again. An entry is used only while the organisation's epoch is the
// one it was made at (any change to what pages show raises it, on any
// node), on the same day, in the same language, for the same user, and for
// at most pageCacheLife, well inside the life of the media URLs it holds.
const (
	pageCacheLife    = time.Minute
	pageCacheEntries = 4096
)

type pageKey struct {
	org, user, epoch int64
	day, lang, uri   string
}

type cachedPage struct {
	made   time.Time
	body   []byte
	shown  []int64 // children the page shows, for the access log
	header http.Header
}

type pageCache struct {
	mu    sync.Mutex
	pages map[pageKey]cachedPage
	// making holds the pages being rendered: requests for the same page
	// wait for that render instead of each making their own, so a change
	// under load costs one render per reader, not one per request.
	making map[pageKey]chan struct{}
}

func newPageCache() *pageCache {
	return &pageCache{pages: map[pageKey]cachedPage{}, making: map[pageKey]chan struct{}{}}
}

// begin claims the making of k. The first caller gets made == nil and
// must call done; the others get a channel closed when it is done.
func (c *pageCache) begin(k pageKey) (made <-chan struct{}) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if ch, ok := c.making[k]; ok {
		return ch
	}
	c.making[k] = make(chan struct{})
	return nil
}

// done ends the making of k, kept or not, and wakes those waiting.
func (c *pageCache) done(k pageKey) {
	c.mu.Lock()
	defer c.mu.Unlock()
	close(c.making[k])
	delete(c.making, k)
}

func (c *pageCache) get(k pageKey, now time.Time) (cachedPage, bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	p, ok := c.pages[k]
	if ok && (now.Sub(p.made) >= pageCacheLife || now.Before(p.made)) {
		delete(c.pages, k)
		return cachedPage{}, false
	}
	return p, ok
}

// put keeps a page; when full it first drops the expired pages and, if
// that is not enough, everything: a refill costs one render per reader.
func (c *pageCache) put(k pageKey, p cachedPage) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if len(c.pages) >= pageCacheEntries {
		for key, old := range c.pages {
			// Expired, or made before the organisation's latest change:
			// never to be served again.
			if p.made.Sub(old.made) >= pageCacheLife || (key.org == k.org && key.epoch != k.epoch) {
				delete(c.pages, key)
			}
		}
		if len(c.pages) >= pageCacheEntries {
			clear(c.pages)
		}
	}
	c.pages[k] = p
}
