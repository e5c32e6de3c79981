package web

import (
	"sync"

	"github.com/pluttra/pluttra/internal/pluttra"
)

// knownSessionsEntries bounds the sessions kept; past it they are all
// dropped and read again.
const knownSessionsEntries = 20000

// knownSessions keeps sessions and their users as read at an organisation
// epoch. Ending a session and every change to an account raise the epoch
// (store migration 0015), so while the epoch is unchanged the kept pair is
// what the store would give. A kept session is used only within touchEvery
// of its last recorded activity: after that the store is read, the
// activity recorded and the session kept anew.
type knownSessions struct {
	mu       sync.Mutex
	sessions map[string]knownSession
}

type knownSession struct {
	ses  pluttra.Session
	user pluttra.User
}

func (k *knownSessions) get(hash []byte) (knownSession, bool) {
	k.mu.Lock()
	defer k.mu.Unlock()
	ks, ok := k.sessions[string(hash)]
	return ks, ok
}

func (k *knownSessions) put(hash []byte, ks knownSession) {
	k.mu.Lock()
	defer k.mu.Unlock()
	if k.sessions == nil || len(k.sessions) >= knownSessionsEntries {
		k.sessions = map[string]knownSession{}
	}
	k.sessions[string(hash)] = ks
}
