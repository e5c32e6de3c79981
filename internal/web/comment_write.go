package web

import (
	"net/http"
	"strconv"

	"github.com/pluttra/pluttra/internal/pluttra"
)

// commentAdd saves a comment. On a department post a guardian's comment
// opens (or continues) their own conversation with the staff; staff
// answer into the conversation they name, or write to every reader.
func (s *Server) commentAdd(req *request) error {
	ctx := req.R.Context()
	p, err := s.deps.Store.Post(ctx, req.P.OrgID(), req.ID)
	if err != nil {
		return err
	}
	if err := req.R.ParseForm(); err != nil {
		return pluttra.Invalid("form", "error.invalid")
	}
	c := &pluttra.Comment{PostID: p.ID, AuthorID: req.P.User.ID, Body: req.R.PostForm.Get("comment")}
	if p.Audience == pluttra.AudienceDepartment {
		if req.P.Is(pluttra.KindGuardian) {
			c.ThreadID = req.P.User.ID
		} else if t, err := strconv.ParseInt(req.R.PostForm.Get("thread"), 10, 64); err == nil && t != 0 {
			if !s.threadExists(req, p.ID, t) {
				return pluttra.Invalid("thread", "error.invalid")
			}
			c.ThreadID = t
		}
	}
	if err := s.deps.Store.AddComment(ctx, req.P.OrgID(), c); err != nil {
		return err
	}
	http.Redirect(req.W, req.R, "/posts/"+strconv.FormatInt(p.ID, 10)+"#comment-"+strconv.FormatInt(c.ID, 10), http.StatusSeeOther)
	return nil
}

// threadExists: staff answer only into a conversation a guardian began.
func (s *Server) threadExists(req *request, postID, guardianID int64) bool {
	all, err := s.deps.Store.Comments(req.R.Context(), req.P.OrgID(), postID)
	if err != nil {
		return false
	}
	for _, c := range all {
		if c.ThreadID == guardianID && c.AuthorID == guardianID {
			return true
		}
	}
	return false
}

// heartToggle gives or takes back the viewer's heart.
func (s *Server) heartToggle(req *request) error {
	if err := req.R.ParseForm(); err != nil {
		return pluttra.Invalid("form", "error.invalid")
	}
	on := req.R.PostForm.Get("heart") == "1"
	if err := s.deps.Store.SetHeart(req.R.Context(), req.P.OrgID(), req.ID, req.P.User.ID, on); err != nil {
		return err
	}
	http.Redirect(req.W, req.R, "/posts/"+strconv.FormatInt(req.ID, 10)+"#hearts", http.StatusSeeOther)
	return nil
}

// commentConfirm asks before a comment is hidden or deleted.
func (s *Server) commentConfirm(verb string) func(*request) error {
	return func(req *request) error {
		c, err := s.commentOf(req)
		if err != nil {
			return err
		}
		return s.render(req, http.StatusOK, "comment_confirm", "comment."+verb+".title", map[string]any{"Comment": c, "Verb": verb})
	}
}

// commentHide hides a comment from everyone but staff and its author.
func (s *Server) commentHide(req *request) error {
	c, err := s.commentOf(req)
	if err != nil {
		return err
	}
	if err := s.deps.Store.HideComment(req.R.Context(), req.P.OrgID(), c.Comment.ID, req.P.User.ID); err != nil && pluttra.ErrorCode(err) != pluttra.ENOTFOUND {
		return err
	}
	http.Redirect(req.W, req.R, "/posts/"+strconv.FormatInt(c.Comment.PostID, 10)+"#comments", http.StatusSeeOther)
	return nil
}

// commentDelete removes the author's own comment.
func (s *Server) commentDelete(req *request) error {
	c, err := s.commentOf(req)
	if err != nil {
		return err
	}
	if err := s.deps.Store.DeleteComment(req.R.Context(), req.P.OrgID(), c.Comment.ID); err != nil {
		return err
	}
	http.Redirect(req.W, req.R, "/posts/"+strconv.FormatInt(c.Comment.PostID, 10)+"#comments", http.StatusSeeOther)
	return nil
}

// commentOf reads the comment the route names, as the viewer sees it. A
// comment belongs to its post's thread about the children the post tags,
// so a page showing it is in their access log.
func (s *Server) commentOf(req *request) (*commentView, error) {
	f, err := s.deps.Store.CommentFacts(req.R.Context(), req.P.OrgID(), req.ID, s.deps.Policy.Today())
	if err != nil {
		return nil, err
	}
	req.showsChildren(f.Post.Tagged...)
	all, err := s.deps.Store.Comments(req.R.Context(), req.P.OrgID(), f.Post.PostID)
	if err != nil {
		return nil, err
	}
	for _, c := range all {
		if c.ID == req.ID {
			v, err := s.commentView(req.R.Context(), s.newNames(req.P.OrgID()), req, c)
			return &v, err
		}
	}
	return nil, pluttra.NotFound("comment")
}
