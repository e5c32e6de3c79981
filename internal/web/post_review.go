package web

import (
	"net/http"

	"github.com/pluttra/pluttra/internal/pluttra"
)

// reviewData is the list of published posts that the children's photo
// consent, as it is today, no longer allows as they stand.
type reviewData struct {
	Department pluttra.Department
	Items      []reviewItem
}

type reviewItem struct {
	Post     postView
	Problems []consentProblemView
}

// postReview lists the department's published posts that break the
// consent rules after a guardian lowered their answer. Such a post has
// already stopped reaching other families; staff edit it (untag the
// child, remove the picture) or delete it, and it leaves the list.
func (s *Server) postReview(req *request) error {
	ctx := req.R.Context()
	org, day := req.P.OrgID(), s.deps.Policy.Today()
	dc, err := s.loadDepartmentConsent(req, req.ID)
	if err != nil {
		return err
	}
	levels := dc.Levels
	names := map[int64]string{}
	var restricted []int64
	for _, c := range dc.Children {
		names[c.ID] = c.FirstName
		if !levels[c.ID].AtLeast(pluttra.ConsentShared) {
			restricted = append(restricted, c.ID)
		}
	}
	posts, err := s.deps.Store.PostsTagging(ctx, org, dc.Department.ID, restricted, 200)
	if err != nil {
		return err
	}
	postIDs := make([]int64, len(posts))
	for i, p := range posts {
		postIDs[i] = p.ID
	}
	media, err := s.deps.Store.MediaOfPosts(ctx, org, postIDs)
	if err != nil {
		return err
	}
	data := reviewData{Department: dc.Department}
	var flagged []pluttra.Post
	var problems [][]consentProblemView
	for _, p := range posts {
		// Children tagged who have since left the department count too.
		var missing []int64
		for _, c := range p.Children {
			if _, ok := levels[c]; !ok {
				missing = append(missing, c)
			}
		}
		if len(missing) > 0 {
			more, err := s.deps.Store.ConsentLevels(ctx, org, missing, day)
			if err != nil {
				return err
			}
			for c, l := range more {
				levels[c] = l
			}
		}
		found := pluttra.CheckConsent(&p, levels, len(media[p.ID]) > 0)
		if len(found) == 0 {
			continue
		}
		var views []consentProblemView
		for _, pr := range found {
			name := names[pr.ChildID]
			if name == "" {
				c, err := s.deps.Store.Child(ctx, org, pr.ChildID)
				if err != nil {
					return err
				}
				name = c.FirstName
			}
			views = append(views, consentProblemView{Name: name, Level: pr.Level, Key: pr.Key})
		}
		flagged, problems = append(flagged, p), append(problems, views)
	}
	pv, err := s.postViews(req, flagged)
	if err != nil {
		return err
	}
	for i := range pv {
		data.Items = append(data.Items, reviewItem{Post: pv[i], Problems: problems[i]})
	}
	return s.render(req, http.StatusOK, "post_review", "review.title", data)
}
