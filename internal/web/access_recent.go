package web

import (
	"sync"
	"time"

	"github.com/pluttra/pluttra/internal/pluttra"
)

// accessCoalesce is how long a read stays recorded: the same viewer
// reading the same child's data by the same action again within it (a
// reload, the next page of a feed) adds no entry. The log still says who
// read what, to the minute, without a row per reload, and a busy feed does
// not write on every request.
const accessCoalesce = time.Minute

// recentAccess remembers, on this node, the reads recorded within
// accessCoalesce. Another node records its own first read, so a viewer
// moving between nodes may get one entry per node: more, never fewer.
type recentAccess struct {
	mu     sync.Mutex
	at     map[accessKey]time.Time
	pruned time.Time
}

type accessKey struct {
	org, user, child int64
	action           string
}

func newRecentAccess() *recentAccess { return &recentAccess{at: map[accessKey]time.Time{}} }

// unrecorded returns the entries not recorded within the window before now.
func (r *recentAccess) unrecorded(org int64, now time.Time, entries []pluttra.AccessEntry) []pluttra.AccessEntry {
	r.mu.Lock()
	defer r.mu.Unlock()
	out := entries[:0:0]
	for _, e := range entries {
		at, ok := r.at[accessKey{org, e.UserID, e.ChildID, e.Action}]
		if !ok || now.Sub(at) >= accessCoalesce || now.Before(at) {
			out = append(out, e)
		}
	}
	return out
}

// recorded notes entries written at now, and forgets expired ones now and
// then so the map holds only the last window's reads.
func (r *recentAccess) recorded(org int64, now time.Time, entries []pluttra.AccessEntry) {
	r.mu.Lock()
	defer r.mu.Unlock()
	if now.Sub(r.pruned) >= accessCoalesce {
		for k, at := range r.at {
			if now.Sub(at) >= accessCoalesce {
				delete(r.at, k)
			}
		}
		r.pruned = now
	}
	for _, e := range entries {
		r.at[accessKey{org, e.UserID, e.ChildID, e.Action}] = now
	}
}
