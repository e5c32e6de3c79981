package pluttra

import "time"

// ConsentLevel is a guardian's answer about photos, video and audio of a
// child (docs/design.md section 3), ordered from most to least restrictive.
type ConsentLevel string

// The consent levels.
const (
	// ConsentNone: never in photo, video or audio.
	ConsentNone ConsentLevel = "none"
	// ConsentOwn: only in documentation shown to staff and the child's own guardians.
	ConsentOwn ConsentLevel = "own"
	// ConsentShared: may appear in what other guardians of the department see.
	ConsentShared ConsentLevel = "shared"
)

func (l ConsentLevel) rank() int {
	switch l {
	case ConsentNone:
		return 0
	case ConsentOwn:
		return 1
	case ConsentShared:
		return 2
	}
	return -1
}

// Valid reports whether l is one of the levels.
func (l ConsentLevel) Valid() bool { return l.rank() >= 0 }

// AtLeast reports whether l permits everything o permits.
func (l ConsentLevel) AtLeast(o ConsentLevel) bool { return l.rank() >= o.rank() }

// Consent is one answer, kept forever: a change is a new row, so the history
// says who answered what and when.
type Consent struct {
	ID         int64
	OrgID      int64
	ChildID    int64
	GuardianID int64
	Level      ConsentLevel
	At         time.Time
}

// EffectiveConsent is the level that rules a child's photos: the most
// restrictive latest answer among the active guardians, where a guardian
// who has not answered counts as own, and protected identity caps it at own.
func EffectiveConsent(protected bool, activeGuardians []int64, latest map[int64]ConsentLevel) ConsentLevel {
	level := ConsentShared
	if len(activeGuardians) == 0 {
		level = ConsentOwn
	}
	for _, g := range activeGuardians {
		answer, ok := latest[g]
		if !ok {
			answer = ConsentOwn
		}
		if !answer.AtLeast(level) {
			level = answer
		}
	}
	if protected && level.AtLeast(ConsentShared) {
		level = ConsentOwn
	}
	return level
}
