package access

import (
	"time"

	"github.com/pluttra/pluttra/internal/pluttra"
)

// decideComment: a comment exists for those who may read it (docs/design.md
// section 2); of them, staff may hide it and its author may delete it.
func decideComment(p Principal, a Action, f *pluttra.CommentFacts) Decision {
	if f == nil || f.Post == nil || viewPost(p, f.Post) != Allow {
		return Hidden
	}
	staff := p.Is(pluttra.KindStaff)
	c := pluttra.Comment{AuthorID: f.AuthorID, ThreadID: f.ThreadID}
	if f.Hidden {
		c.HiddenAt = hiddenMark
	}
	if !pluttra.CommentVisible(&c, p.User.ID, staff) {
		return Hidden
	}
	switch {
	case a == HideComment && staff:
		return Allow
	case a == DeleteComment && p.User.ID == f.AuthorID:
		return Allow
	}
	return Deny
}

// hiddenMark is any non-zero time: CommentVisible asks only whether a
// comment was hidden, not when.
var hiddenMark = time.Unix(1, 0)
