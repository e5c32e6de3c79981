package store

import (
	"context"
	"database/sql"

	"github.com/pluttra/pluttra/internal/pluttra"
)

// AddComment saves a comment on a post; it is audited, and in the access
// log of every child the post tags.
func (s *Store) AddComment(ctx context.Context, orgID int64, c *pluttra.Comment) error {
	if err := c.Validate(); err != nil {
		return err
	}
	c.OrgID, c.CreatedAt = orgID, s.now().UTC()
	var thread any
	if c.ThreadID != 0 {
		thread = c.ThreadID
	}
	err := s.changeChildren(ctx, orgID, pluttra.ChangeCommentAdd, "comment", func(tx *txn) (int64, []int64, error) {
		id, err := tx.insert(ctx, `INSERT INTO comments (org_id, post_id, author_id, thread_id, body, created_at)
			VALUES (?, ?, ?, ?, ?, ?) RETURNING id`, orgID, c.PostID, c.AuthorID, thread, c.Body, c.CreatedAt)
		if err != nil {
			return 0, nil, err
		}
		c.ID = id
		tagged, err := commentChildren(ctx, tx, orgID, id)
		return id, tagged, err
	})
	return domainError(err, "comment", "")
}

// commentChildren lists the children tagged on the comment's post: a
// comment is part of the post's thread about them.
func commentChildren(ctx context.Context, tx *txn, orgID, commentID int64) ([]int64, error) {
	rows, err := tx.query(ctx, `SELECT pc.child_id FROM comments c
		JOIN post_children pc ON pc.org_id = c.org_id AND pc.post_id = c.post_id
		WHERE c.org_id = ? AND c.id = ? ORDER BY pc.child_id`, orgID, commentID)
	return reachIDs(rows, err)
}

const commentColumns = `id, org_id, post_id, author_id, thread_id, body, created_at, hidden_at, hidden_by`

func scanComment(r interface{ Scan(...any) error }) (pluttra.Comment, error) {
	var c pluttra.Comment
	var thread, hiddenBy sql.NullInt64
	var hidden sql.NullTime
	err := r.Scan(&c.ID, &c.OrgID, &c.PostID, &c.AuthorID, &thread, &c.Body, &c.CreatedAt, &hidden, &hiddenBy)
	c.ThreadID, c.HiddenAt, c.HiddenBy = thread.Int64, hidden.Time, hiddenBy.Int64
	return c, err
}

// Comments lists a post's comments, oldest first.
func (s *Store) Comments(ctx context.Context, orgID, postID int64) ([]pluttra.Comment, error) {
	rows, err := s.query(ctx, `SELECT `+commentColumns+` FROM comments WHERE org_id = ? AND post_id = ? ORDER BY id LIMIT 1000`, orgID, postID)
	return collect(rows, err, func(r *sql.Rows) (pluttra.Comment, error) { return scanComment(r) })
}

// HideComment hides a comment from everyone but staff and its author; it
// is audited, and in the access log of every child the post tags.
func (s *Store) HideComment(ctx context.Context, orgID, commentID, byUserID int64) error {
	return s.changeChildren(ctx, orgID, pluttra.ChangeCommentHide, "comment", func(tx *txn) (int64, []int64, error) {
		res, err := tx.exec(ctx, `UPDATE comments SET hidden_at = ?, hidden_by = ? WHERE org_id = ? AND id = ? AND hidden_at IS NULL`,
			s.now().UTC(), byUserID, orgID, commentID)
		if err := requireOne(res, err, "comment"); err != nil {
			return 0, nil, err
		}
		tagged, err := commentChildren(ctx, tx, orgID, commentID)
		return commentID, tagged, err
	})
}

// DeleteComment removes a comment; it is audited, and in the access log
// of every child the post tags.
func (s *Store) DeleteComment(ctx context.Context, orgID, commentID int64) error {
	return s.changeChildren(ctx, orgID, pluttra.ChangeCommentDelete, "comment", func(tx *txn) (int64, []int64, error) {
		tagged, err := commentChildren(ctx, tx, orgID, commentID)
		if err != nil {
			return 0, nil, err
		}
		res, err := tx.exec(ctx, `DELETE FROM comments WHERE org_id = ? AND id = ?`, orgID, commentID)
		return commentID, tagged, requireOne(res, err, "comment")
	})
}

// CommentFacts gathers what the policy decides a comment on: its author,
// its thread and the post it is on.
func (s *Store) CommentFacts(ctx context.Context, orgID, commentID int64, day pluttra.Date) (*pluttra.CommentFacts, error) {
	c, err := scanComment(s.queryRow(ctx, `SELECT `+commentColumns+` FROM comments WHERE org_id = ? AND id = ?`, orgID, commentID))
	if err != nil {
		return nil, domainError(err, "comment", "")
	}
	f := &pluttra.CommentFacts{CommentID: c.ID, AuthorID: c.AuthorID, ThreadID: c.ThreadID, Hidden: !c.HiddenAt.IsZero()}
	if f.Post, err = s.PostFacts(ctx, orgID, c.PostID, day); err != nil {
		return nil, err
	}
	return f, nil
}

// SetHeart gives or takes back a heart; giving twice is one heart.
func (s *Store) SetHeart(ctx context.Context, orgID, postID, userID int64, on bool) error {
	if !on {
		_, err := s.exec(ctx, `DELETE FROM hearts WHERE org_id = ? AND post_id = ? AND user_id = ?`, orgID, postID, userID)
		return err
	}
	_, err := s.exec(ctx, `INSERT INTO hearts (org_id, post_id, user_id, created_at) VALUES (?, ?, ?, ?)
		ON CONFLICT (post_id, user_id) DO NOTHING`, orgID, postID, userID, s.now().UTC())
	return domainError(err, "heart", "")
}

// Hearts lists who has given the post a heart, in the order given.
func (s *Store) Hearts(ctx context.Context, orgID, postID int64) ([]int64, error) {
	rows, err := s.query(ctx, `SELECT user_id FROM hearts WHERE org_id = ? AND post_id = ? ORDER BY created_at, user_id`, orgID, postID)
	return collect(rows, err, func(r *sql.Rows) (int64, error) {
		var id int64
		err := r.Scan(&id)
		return id, err
	})
}
