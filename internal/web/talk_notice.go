package web

import (
	"github.com/pluttra/pluttra/internal/pluttra"
)

// wakeNotices tells this node's notice worker that a change wrote notices
// in its own transaction.
func (s *Server) wakeNotices() {
	if s.deps.WakeNotices != nil {
		s.deps.WakeNotices()
	}
}

// talkNotice is the notice of a change to a booked talk, for the child's
// other guardians (the store fills them in with the change).
func talkNotice(key string, child string, sl *pluttra.TalkSlot, by string) *pluttra.Notice {
	return &pluttra.Notice{Category: pluttra.NoticeTalk, Key: key,
		Args: map[string]string{"Child": child, "When": pluttra.TalkWhen(sl.Start), "By": by}}
}
