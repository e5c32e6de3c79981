package web

import (
	"net/http"
	"slices"
	"strconv"

	"github.com/pluttra/pluttra/internal/live"
	"github.com/pluttra/pluttra/internal/pluttra"
)

// composeData is the composer: the post as far as it is written, the
// department's children with their photo consent, and what is wrong.
type composeData struct {
	Department pluttra.Department
	Post       pluttra.Post
	Children   []composeChild
	Areas      []pluttra.CurriculumArea
	Errors     formErrors
	// Problems names the children the consent rules keep out of the post.
	Problems []consentProblemView
	Editing  bool
	// Media are the items on the post, or uploaded for it, in order.
	Media []mediaView
}

type composeChild struct {
	Child  pluttra.Child
	Level  pluttra.ConsentLevel
	Tagged bool
}

type consentProblemView struct {
	Name  string
	Level pluttra.ConsentLevel
	Key   string
}

// postNew shows an empty composer for a department.
func (s *Server) postNew(req *request) error {
	p := pluttra.Post{DepartmentID: req.ID, Audience: pluttra.AudienceDepartment, ReflectionVisibility: pluttra.ReflectionStaff}
	return s.renderComposer(req, http.StatusOK, &p, nil, nil)
}

// postCreate saves a new post as a draft or publishes it.
func (s *Server) postCreate(req *request) error {
	p := &pluttra.Post{DepartmentID: req.ID, AuthorID: req.P.User.ID}
	return s.savePost(req, p)
}

// postEdit shows the composer for an existing post.
func (s *Server) postEdit(req *request) error {
	p, err := s.deps.Store.Post(req.R.Context(), req.P.OrgID(), req.ID)
	if err != nil {
		return err
	}
	return s.renderComposer(req, http.StatusOK, p, nil, nil)
}

// postUpdate saves an edit; a published post stays published and is
// marked as edited.
func (s *Server) postUpdate(req *request) error {
	p, err := s.deps.Store.Post(req.R.Context(), req.P.OrgID(), req.ID)
	if err != nil {
		return err
	}
	return s.savePost(req, p)
}

// savePost reads the composer's form into p, applies the consent rules
// when the post is or becomes published, and saves it.
func (s *Server) savePost(req *request, p *pluttra.Post) error {
	ctx := req.R.Context()
	if err := req.R.ParseForm(); err != nil {
		return pluttra.Invalid("form", "error.invalid")
	}
	f := req.R.PostForm
	p.Body, p.Reflection = f.Get("body"), f.Get("reflection")
	p.Audience = pluttra.Audience(f.Get("audience"))
	p.ReflectionVisibility = pluttra.ReflectionVisibility(f.Get("reflection_visibility"))
	p.Areas = nil
	for _, a := range f["area"] {
		p.Areas = append(p.Areas, pluttra.CurriculumArea(a))
	}
	allowed, err := s.taggable(req, p)
	if err != nil {
		return err
	}
	errs := formErrors{}
	p.Children = nil
	for _, v := range f["child"] {
		id, err := strconv.ParseInt(v, 10, 64)
		if err != nil || !slices.Contains(allowed, id) {
			errs["children"] = "post.error.unknown_child"
			continue
		}
		if !slices.Contains(p.Children, id) {
			p.Children = append(p.Children, id)
		}
	}
	p.Media = nil
	for _, v := range f["media"] {
		id, err := strconv.ParseInt(v, 10, 64)
		if err != nil {
			errs["media"] = "post.error.unknown_media"
			continue
		}
		if !slices.Contains(p.Media, id) {
			p.Media = append(p.Media, id)
		}
	}
	if p.Status != pluttra.PostPublished {
		p.Status = pluttra.PostDraft
		if f.Get("publish") != "" {
			p.Status, p.PublishedOn = pluttra.PostPublished, s.deps.Policy.Today()
		}
	}
	if err := errs.add(p.Validate()); err != nil {
		return err
	}
	if len(errs) > 0 {
		return s.renderComposer(req, http.StatusBadRequest, p, errs, nil)
	}
	if p.Status == pluttra.PostPublished {
		levels, err := s.deps.Store.ConsentLevels(ctx, req.P.OrgID(), p.Children, s.deps.Policy.Today())
		if err != nil {
			return err
		}
		if problems := pluttra.CheckConsent(p, levels, len(p.Media) > 0); len(problems) > 0 {
			if p.ID == 0 || p.PublishedAt.IsZero() {
				p.Status = pluttra.PostDraft // not published after all
			}
			return s.renderComposer(req, http.StatusUnprocessableEntity, p, nil, problems)
		}
	}
	var notices []*pluttra.Notice
	if p.Status == pluttra.PostPublished && p.PublishedAt.IsZero() {
		// Who is told is decided before the save, and their notices are
		// saved with the post: published and told, or neither.
		if notices, err = s.postNotices(ctx, req.P.OrgID(), p, req.P.User.Name); err != nil {
			return err
		}
	}
	if err := errs.add(s.deps.Store.SavePost(ctx, req.P.OrgID(), p, notices)); err != nil {
		return err
	}
	if len(errs) > 0 {
		return s.renderComposer(req, http.StatusBadRequest, p, errs, nil)
	}
	if p.Status == pluttra.PostPublished && s.deps.Live != nil {
		s.deps.Live.Publish(ctx, live.Event{OrgID: req.P.OrgID(), Kind: "post", ID: p.ID})
	}
	if len(notices) > 0 {
		s.wakeNotices()
	}
	http.Redirect(req.W, req.R, "/posts/"+strconv.FormatInt(p.ID, 10), http.StatusSeeOther)
	return nil
}

// taggable is the children a post may tag: those placed in its department
// today, and any it already tags.
func (s *Server) taggable(req *request, p *pluttra.Post) ([]int64, error) {
	children, err := s.deps.Store.ChildrenInDepartment(req.R.Context(), req.P.OrgID(), p.DepartmentID, s.deps.Policy.Today())
	if err != nil {
		return nil, err
	}
	ids := slices.Clone(p.Children)
	for _, c := range children {
		ids = append(ids, c.ID)
	}
	return ids, nil
}

func (s *Server) renderComposer(req *request, status int, p *pluttra.Post, errs formErrors, problems []pluttra.ConsentProblem) error {
	dc, err := s.loadDepartmentConsent(req, p.DepartmentID)
	if err != nil {
		return err
	}
	children, levels := dc.Children, dc.Levels
	req.showsChildren(p.Children...) // a post being edited is shown: in the log of every child it tags
	data := composeData{Department: dc.Department, Post: *p, Areas: pluttra.CurriculumAreas, Errors: errs, Editing: p.ID != 0}
	names := map[int64]string{}
	for _, c := range children {
		names[c.ID] = c.FirstName + " " + c.LastName
		data.Children = append(data.Children, composeChild{Child: c, Level: levels[c.ID], Tagged: slices.Contains(p.Children, c.ID)})
		req.showsChildren(c.ID)
	}
	if data.Media, err = s.composerMedia(req, p); err != nil {
		return err
	}
	for _, pr := range problems {
		data.Problems = append(data.Problems, consentProblemView{Name: names[pr.ChildID], Level: pr.Level, Key: pr.Key})
	}
	return s.render(req, status, "post_compose", "post.compose.title", data)
}

// composerMedia is the post's items as the composer lists them: those the
// post has, and those the editor uploaded for it and has not saved yet.
// An id that is neither is left out (the save refuses it).
func (s *Server) composerMedia(req *request, p *pluttra.Post) ([]mediaView, error) {
	ctx := req.R.Context()
	var items []pluttra.Media
	for _, id := range p.Media {
		m, err := s.deps.Store.Media(ctx, req.P.OrgID(), id)
		if pluttra.ErrorCode(err) == pluttra.ENOTFOUND {
			continue
		}
		if err != nil {
			return nil, err
		}
		ours := (p.ID != 0 && m.PostID == p.ID) || (m.PostID == 0 && m.UploaderID == req.P.User.ID && m.DepartmentID == p.DepartmentID)
		if ours {
			items = append(items, *m)
		}
	}
	signer, err := s.mediaSigner(ctx)
	if err != nil {
		return nil, err
	}
	return s.mediaViews(req, signer, items, true), nil
}
