package web

import (
	"context"
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/pluttra/pluttra/internal/access"
	"github.com/pluttra/pluttra/internal/pluttra"
)

// postView is a post as one viewer may see it: guardians see only their
// own children among the tags, and the reflection only when it is shared
// with them.
type postView struct {
	Post        pluttra.Post
	Author      string
	Department  string
	Published   string
	Edited      bool
	Tags        []tagView
	Reflection  string
	ForStaffToo bool // the reflection is staff-only (shown to staff with a note)
	Media       []mediaView
	Unread      bool // published since the viewer last opened their feed
}

type tagView struct {
	ID   int64
	Name string
}

// names caches the names a page of posts refers to, so each is read once.
type names struct {
	s        *Server
	orgID    int64
	users    map[int64]string
	children map[int64]string
	depts    map[int64]string
}

func (s *Server) newNames(orgID int64) *names {
	return &names{s: s, orgID: orgID, users: map[int64]string{}, children: map[int64]string{}, depts: map[int64]string{}}
}

func (n *names) user(ctx context.Context, id int64) (string, error) {
	return cached(n.users, id, func() (string, error) {
		u, err := n.s.deps.Store.User(ctx, n.orgID, id)
		if err != nil {
			return "", err
		}
		return u.Name, nil
	})
}

func (n *names) child(ctx context.Context, id int64) (string, error) {
	return cached(n.children, id, func() (string, error) {
		c, err := n.s.deps.Store.Child(ctx, n.orgID, id)
		if err != nil {
			return "", err
		}
		return c.FirstName, nil
	})
}

func (n *names) department(ctx context.Context, id int64) (string, error) {
	return cached(n.depts, id, func() (string, error) {
		d, err := n.s.deps.Store.Department(ctx, n.orgID, id)
		if err != nil {
			return "", err
		}
		return d.Name, nil
	})
}

// cached returns m[id], loading and keeping it the first time.
func cached(m map[int64]string, id int64, load func() (string, error)) (string, error) {
	if v, ok := m[id]; ok {
		return v, nil
	}
	v, err := load()
	if err == nil {
		m[id] = v
	}
	return v, err
}

// postViews prepares posts for the viewer and notes, for the access log,
// every child they tag.
func (s *Server) postViews(req *request, posts []pluttra.Post) ([]postView, error) {
	ctx := req.R.Context()
	n := s.newNames(req.P.OrgID())
	guardian := req.P.Is(pluttra.KindGuardian)
	ids := make([]int64, len(posts))
	for i, p := range posts {
		ids[i] = p.ID
	}
	media, err := s.deps.Store.MediaOfPosts(ctx, req.P.OrgID(), ids)
	if err != nil {
		return nil, err
	}
	signer, err := s.mediaSigner(ctx)
	if err != nil {
		return nil, err
	}
	out := make([]postView, 0, len(posts))
	for _, p := range posts {
		v := postView{Post: p, Edited: !p.EditedAt.IsZero(), Media: s.mediaViews(req, signer, media[p.ID], false)}
		if v.Author, err = n.user(ctx, p.AuthorID); err != nil {
			return nil, err
		}
		if v.Department, err = n.department(ctx, p.DepartmentID); err != nil {
			return nil, err
		}
		at := p.PublishedAt
		if at.IsZero() {
			at = p.CreatedAt
		}
		v.Published = formatStockholm(at)
		// The post, its text and its photos, reached the viewer: it is in
		// the access log of every child it tags, named to the viewer or
		// not, so "who has seen this child's photos" has a whole answer.
		req.showsChildren(p.Children...)
		for _, c := range p.Children {
			if guardian && !pluttra.Contains(req.P.Facts.GuardianChildren, c) {
				continue // other families' children are never named to a guardian
			}
			name, err := n.child(ctx, c)
			if err != nil {
				return nil, err
			}
			v.Tags = append(v.Tags, tagView{ID: c, Name: name})
		}
		if !guardian || p.ReflectionVisibility == pluttra.ReflectionGuardians {
			v.Reflection = p.Reflection
			v.ForStaffToo = p.ReflectionVisibility == pluttra.ReflectionStaff
		}
		out = append(out, v)
	}
	return out, nil
}

// feedPage is one page of a feed and the link to the next.
type feedPage struct {
	Posts []postView
	Next  string // the cursor of the next page, empty on the last
}

const feedPageSize = 20

// readCursor reads ?before=<unix nanoseconds>-<id>; anything else starts
// at the newest post.
func readCursor(v string) pluttra.PostCursor {
	at, id, ok := strings.Cut(v, "-")
	if !ok {
		return pluttra.PostCursor{}
	}
	ns, err1 := strconv.ParseInt(at, 10, 64)
	pid, err2 := strconv.ParseInt(id, 10, 64)
	if err1 != nil || err2 != nil {
		return pluttra.PostCursor{}
	}
	return pluttra.PostCursor{At: time.Unix(0, ns), ID: pid}
}

// loadFeed reads one page of the posts the viewer may see, narrowed by page.
func (s *Server) loadFeed(req *request, page pluttra.PostPage) (*feedPage, error) {
	page.Before, page.Limit = readCursor(req.R.URL.Query().Get("before")), feedPageSize+1
	posts, err := s.deps.Store.Posts(req.R.Context(), req.P.OrgID(), access.PostsFilter(req.P, s.deps.Policy.Today()), page)
	if err != nil {
		return nil, err
	}
	out := &feedPage{}
	if len(posts) > feedPageSize {
		posts = posts[:feedPageSize]
		last := posts[len(posts)-1]
		out.Next = fmt.Sprintf("%d-%d", last.PublishedAt.UnixNano(), last.ID)
	}
	out.Posts, err = s.postViews(req, posts)
	return out, err
}
