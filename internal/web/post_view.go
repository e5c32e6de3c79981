package web

import (
	"net/http"
	"strconv"

	"github.com/pluttra/pluttra/internal/access"
	"github.com/pluttra/pluttra/internal/pluttra"
)

type postPageData struct {
	Post     postView
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
	return s.render(req, http.StatusOK, "post", "post.title", data)
}

// postDelete removes a post and returns to its department's feed.
func (s *Server) postDelete(req *request) error {
	p, err := s.deps.Store.Post(req.R.Context(), req.P.OrgID(), req.ID)
	if err != nil {
		return err
	}
	if err := s.deps.Store.DeletePost(req.R.Context(), req.P.OrgID(), p.ID); err != nil {
		return err
	}
	http.Redirect(req.W, req.R, "/departments/"+strconv.FormatInt(p.DepartmentID, 10)+"/feed", http.StatusSeeOther)
	return nil
}
