package web

import (
	"net/http"

	"github.com/pluttra/pluttra/internal/access"
	"github.com/pluttra/pluttra/internal/pluttra"
)

type feedData struct {
	Feed     *feedPage
	Guardian bool
	// On a department's feed: the department, the viewer's drafts and
	// whether they may write.
	Department *pluttra.Department
	Drafts     []postView
	CanWrite   bool
	// On a child's portfolio: the child and the area chosen.
	Child *pluttra.Child
	Areas []pluttra.CurriculumArea
	Area  pluttra.CurriculumArea
	Base  string // the page's path, for the next-page link
	// Live: new posts appear on the page as they are published.
	Live bool
}

// feedView is the viewer's own feed: everything they may see, newest
// first. For guardians that is what concerns their children.
//
// Posts published since the viewer last opened the feed are marked new;
// opening the first page marks everything up to now as seen.
func (s *Server) feedView(req *request) error {
	ctx := req.R.Context()
	seen, err := s.deps.Store.FeedSeen(ctx, req.P.OrgID(), req.P.User.ID)
	if err != nil {
		return err
	}
	now := s.deps.Now()
	feed, err := s.loadFeed(req, pluttra.PostPage{})
	if err != nil {
		return err
	}
	for i := range feed.Posts {
		feed.Posts[i].Unread = !seen.IsZero() && feed.Posts[i].Post.PublishedAt.After(seen)
	}
	data := feedData{Feed: feed, Guardian: req.P.Is(pluttra.KindGuardian), Base: "/feed", Live: true}
	if err := s.render(req, http.StatusOK, "feed", "feed.title", data); err != nil {
		return err
	}
	// Only a page that showed something new moves the mark: reloading a
	// feed read before writes nothing.
	if req.R.URL.Query().Get("before") == "" && len(feed.Posts) > 0 && feed.Posts[0].Post.PublishedAt.After(seen) {
		return s.deps.Store.MarkFeedSeen(ctx, req.P.OrgID(), req.P.User.ID, now)
	}
	return nil
}

// departmentFeed is a department's documentation for its staff, with the
// viewer's drafts on top.
func (s *Server) departmentFeed(req *request) error {
	ctx := req.R.Context()
	d, err := s.deps.Store.Department(ctx, req.P.OrgID(), req.ID)
	if err != nil {
		return err
	}
	feed, err := s.loadFeed(req, pluttra.PostPage{DepartmentID: d.ID})
	if err != nil {
		return err
	}
	drafts, err := s.deps.Store.Drafts(ctx, req.P.OrgID(), req.P.User.ID, d.ID)
	if err != nil {
		return err
	}
	data := feedData{Feed: feed, Department: d, Base: req.R.URL.Path, Live: true}
	if data.Drafts, err = s.postViews(req, drafts); err != nil {
		return err
	}
	if data.CanWrite, err = s.allowed(req, access.WritePost, d.ID); err != nil {
		return err
	}
	return s.render(req, http.StatusOK, "feed", "department.feed", data)
}

// childPortfolio is everything documented about one child that the
// viewer may see, optionally one curriculum area only.
func (s *Server) childPortfolio(req *request) error {
	c, err := s.deps.Store.Child(req.R.Context(), req.P.OrgID(), req.ID)
	if err != nil {
		return err
	}
	area := pluttra.CurriculumArea(req.R.URL.Query().Get("area"))
	if !area.Valid() {
		area = ""
	}
	feed, err := s.loadFeed(req, pluttra.PostPage{ChildID: c.ID, Area: area})
	if err != nil {
		return err
	}
	req.showsChildren(c.ID)
	data := feedData{Feed: feed, Child: c, Areas: pluttra.CurriculumAreas, Area: area, Guardian: req.P.Is(pluttra.KindGuardian), Base: req.R.URL.Path}
	return s.render(req, http.StatusOK, "feed", "portfolio.title", data)
}
