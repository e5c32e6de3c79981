package pluttra

import (
	"context"
	"strings"
	"time"
	"unicode/utf8"
)

// Comment is a word on a post. Who reads it follows docs/design.md section 2:
// on a post about children (audience children), staff and those
// children's guardians; on a department post, a guardian's comment is
// between that guardian and the staff, so each guardian has a thread of
// their own, and staff answer in it.
type Comment struct {
	ID       int64
	OrgID    int64
	PostID   int64
	AuthorID int64
	// ThreadID is, on a department post, the guardian whose conversation
	// with the staff the comment belongs to; 0 for a comment everyone who
	// reads the post may read (staff's on a department post, any on a post
	// about children).
	ThreadID  int64
	Body      string
	CreatedAt time.Time
	HiddenAt  time.Time // zero unless staff hid it
	HiddenBy  int64
}

// MaxCommentBody is the longest comment, in characters.
const MaxCommentBody = 2000

// Validate checks a comment as written.
func (c *Comment) Validate() error {
	c.Body = strings.TrimSpace(c.Body)
	switch {
	case c.Body == "":
		return Invalid("comment", "error.required")
	case utf8.RuneCountInString(c.Body) > MaxCommentBody:
		return Invalid("comment", "comment.error.too_long")
	}
	return nil
}

// CommentVisible says whether a viewer may read a comment on a post they
// may read: staff read every comment, and authors their own; a hidden
// comment no one else; on a department post a thread is its guardian's
// and the staff's; otherwise every reader of the post reads it.
func CommentVisible(c *Comment, viewerID int64, viewerIsStaff bool) bool {
	switch {
	case viewerIsStaff, c.AuthorID == viewerID:
		return true
	case !c.HiddenAt.IsZero():
		return false
	case c.ThreadID != 0:
		return c.ThreadID == viewerID
	}
	return true
}

// CommentFacts is what the access policy needs about a comment.
type CommentFacts struct {
	CommentID int64
	AuthorID  int64
	ThreadID  int64
	Hidden    bool
	Post      *PostFacts
}

// CommentStore keeps comments and hearts.
type CommentStore interface {
	AddComment(ctx context.Context, orgID int64, c *Comment) error
	// Comments lists a post's comments, oldest first, hidden ones too
	// (staff see them marked; others do not see them).
	Comments(ctx context.Context, orgID, postID int64) ([]Comment, error)
	HideComment(ctx context.Context, orgID, commentID, byUserID int64) error
	DeleteComment(ctx context.Context, orgID, commentID int64) error
	CommentFacts(ctx context.Context, orgID, commentID int64, day Date) (*CommentFacts, error)
	// SetHeart gives (on) or takes back the user's heart on a post.
	SetHeart(ctx context.Context, orgID, postID, userID int64, on bool) error
	// Hearts lists who has given a post a heart.
	Hearts(ctx context.Context, orgID, postID int64) ([]int64, error)
}
