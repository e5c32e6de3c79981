package web

import (
	"context"
	"net/http"
	"slices"

	"github.com/pluttra/pluttra/internal/access"
	"github.com/pluttra/pluttra/internal/pluttra"
)

// commentView is a comment as one viewer may see it.
type commentView struct {
	Comment   pluttra.Comment
	Author    string
	At        string
	Hidden    bool
	CanHide   bool
	CanDelete bool
	// Thread names, for staff on a department post, whose conversation
	// with the staff the comment is in; staff answer into it.
	Thread string
}

// commentSection is what a post page shows under the post: the comments
// the viewer may read, the hearts, and whether they may write.
type commentSection struct {
	PostID     int64
	Comments   []commentView
	CanComment bool
	Staff      bool
	// Threads are the guardians whose conversations staff may answer.
	Threads    []threadView
	Hearts     int
	HeartNames []string // for staff: who gave them
	MyHeart    bool
	Department bool // a department post: a guardian's comment goes to staff only
}

type threadView struct {
	ID   int64
	Name string
}

// loadComments prepares the comment section of a post for the viewer.
func (s *Server) loadComments(req *request, p *pluttra.Post) (*commentSection, error) {
	ctx := req.R.Context()
	org := req.P.OrgID()
	staff := req.P.Is(pluttra.KindStaff)
	sec := &commentSection{PostID: p.ID, Staff: staff, Department: p.Audience == pluttra.AudienceDepartment}
	var err error
	if sec.CanComment, err = s.allowed(req, access.CommentOnPost, p.ID); err != nil {
		return nil, err
	}
	all, err := s.deps.Store.Comments(ctx, org, p.ID)
	if err != nil {
		return nil, err
	}
	n := s.newNames(org)
	for _, c := range all {
		if !pluttra.CommentVisible(&c, req.P.User.ID, staff) {
			continue
		}
		v, err := s.commentView(ctx, n, req, c)
		if err != nil {
			return nil, err
		}
		if staff && sec.Department && c.ThreadID != 0 && !slices.ContainsFunc(sec.Threads, func(t threadView) bool { return t.ID == c.ThreadID }) {
			sec.Threads = append(sec.Threads, threadView{ID: c.ThreadID, Name: v.Thread})
		}
		sec.Comments = append(sec.Comments, v)
	}
	hearts, err := s.deps.Store.Hearts(ctx, org, p.ID)
	if err != nil {
		return nil, err
	}
	sec.MyHeart = slices.Contains(hearts, req.P.User.ID)
	if staff {
		// Guardians see their own heart only: on a department post the
		// others' would say which families read it.
		sec.Hearts = len(hearts)
		for _, id := range hearts {
			name, err := n.user(ctx, id)
			if err != nil {
				return nil, err
			}
			sec.HeartNames = append(sec.HeartNames, name)
		}
	}
	return sec, nil
}

func (s *Server) commentView(ctx context.Context, n *names, req *request, c pluttra.Comment) (commentView, error) {
	v := commentView{Comment: c, Hidden: !c.HiddenAt.IsZero(), At: formatStockholm(c.CreatedAt)}
	var err error
	if v.Author, err = n.user(ctx, c.AuthorID); err != nil {
		return v, err
	}
	if c.ThreadID != 0 && req.P.Is(pluttra.KindStaff) {
		if v.Thread, err = n.user(ctx, c.ThreadID); err != nil {
			return v, err
		}
	}
	v.CanHide = req.P.Is(pluttra.KindStaff) && !v.Hidden
	v.CanDelete = c.AuthorID == req.P.User.ID
	return v, nil
}

// commentSectionPage shows a post's comment section on a page of its own:
// "comments" with the form, or "hearts" with the heart button and, for
// staff, who gave hearts.
func (s *Server) commentSectionPage(page, title string) func(*request) error {
	return func(req *request) error {
		p, err := s.deps.Store.Post(req.R.Context(), req.P.OrgID(), req.ID)
		if err != nil {
			return err
		}
		sec, err := s.loadComments(req, p)
		if err != nil {
			return err
		}
		req.showsChildren(p.Children...)
		return s.render(req, http.StatusOK, page, title, sec)
	}
}
