package access

import (
	"sync"

	"github.com/pluttra/pluttra/internal/pluttra"
)

// knownFactsEntries bounds the facts kept; past it they are all dropped
// and read again as users come back.
const knownFactsEntries = 20000

// knownFacts keeps each user's facts as read at an organisation epoch on a
// day. Every change to memberships, guardianships, placements and accounts
// raises the epoch (store migration 0015), so facts kept for the current
// epoch and day are the facts the store would give.
type knownFacts struct {
	mu    sync.Mutex
	facts map[[2]int64]keptFacts
}

type keptFacts struct {
	epoch int64
	day   pluttra.Date
	facts pluttra.PrincipalFacts
}

func (k *knownFacts) get(org, user, epoch int64, day pluttra.Date) (pluttra.PrincipalFacts, bool) {
	k.mu.Lock()
	defer k.mu.Unlock()
	f, ok := k.facts[[2]int64{org, user}]
	if !ok || f.epoch != epoch || f.day != day {
		return pluttra.PrincipalFacts{}, false
	}
	return f.facts, true
}

func (k *knownFacts) put(org, user, epoch int64, day pluttra.Date, f pluttra.PrincipalFacts) {
	k.mu.Lock()
	defer k.mu.Unlock()
	if k.facts == nil || len(k.facts) >= knownFactsEntries {
		k.facts = map[[2]int64]keptFacts{}
	}
	k.facts[[2]int64{org, user}] = keptFacts{epoch: epoch, day: day, facts: f}
}
