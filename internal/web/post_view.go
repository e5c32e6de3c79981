package web

import (
	"net/http"
	"strconv"

	"github.com/pluttra/pluttra/internal/access"
	"github.com/pluttra/pluttra/internal/pluttra"
)

type postPageData struct {
	Post     postView
	Comments *commentSection
	CanEdit  bool
	Guardian bool // shows the reminder not to share pictures further
}

// postView shows one post to someone the policy lets see it.
func (s *Server) postShow(req *request) error {
	p, err := s.deps.Store.Post(req.R.Context(), req.P.OrgID(), req.ID)
	if err != nil {
		return err
	}
	views, err := s.postViews(req, []pluttra.Post{*p})
	if err != nil {
		return err
	}
	data := postPageData{Post: views[0], Guardian: req.P.Is(pluttra.KindGuardian)}
	if data.CanEdit, err = s.allowed(req, access.EditPost, p.ID); err != nil {
		return err
	}
	if p.Status == pluttra.PostPublished {
		if data.Comments, err = s.loadComments(req, p); err != nil {
			return err
		}
	}
	return s.render(req, http.StatusOK, "post", "post.title", data)
}

// postDelete removes a post and returns to its department's feed.
func (s *Server) postDelete(req *request) error {
	p, err := s.deps.Store.Post(req.R.Context(), req.P.OrgID(), req.ID)
	if err != nil {
		return err
	}
	items, err := s.deps.Store.MediaOfPosts(req.R.Context(), req.P.OrgID(), []int64{p.ID})
	if err != nil {
		return err
	}
	if err := s.deps.Store.DeletePost(req.R.Context(), req.P.OrgID(), p.ID); err != nil {
		return err
	}
	// The rows are gone; the bytes go now, or with the next sweep.
	for _, m := range items[p.ID] {
		s.deleteBlob(req.R.Context(), pluttra.MediaOriginalKey(m.OrgID, m.ID))
		for _, f := range m.Files {
			s.deleteBlob(req.R.Context(), f.Key)
		}
	}
	http.Redirect(req.W, req.R, "/departments/"+strconv.FormatInt(p.DepartmentID, 10)+"/feed", http.StatusSeeOther)
	return nil
}
