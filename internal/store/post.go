package store

import (
	"context"
	"database/sql"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/pluttra/pluttra/internal/pluttra"
)

const postColumns = `po.id, po.org_id, po.department_id, po.author_id, po.audience, po.status, po.body, po.reflection,
	po.reflection_visibility, po.created_at, po.published_at, po.published_on, po.edited_at`

func scanPost(r interface{ Scan(...any) error }) (pluttra.Post, error) {
	var p pluttra.Post
	var published, edited sql.NullTime
	var on *pluttra.Date
	err := r.Scan(&p.ID, &p.OrgID, &p.DepartmentID, &p.AuthorID, &p.Audience, &p.Status, &p.Body, &p.Reflection,
		&p.ReflectionVisibility, &p.CreatedAt, &published, &on, &edited)
	p.PublishedAt, p.EditedAt = published.Time, edited.Time
	if on != nil {
		p.PublishedOn = *on
	}
	return p, err
}

// SavePost creates the post (ID 0) or updates it, replacing its tags and
// areas. Publishing stamps the time once; a later edit of a published
// post is stamped as an edit. Both are audited, and recorded in the access
// log of every tagged child. When this save publishes the post, the
// notices (their recipients chosen by the caller) are queued in the same
// transaction, each linking to the post: the post and its notices commit
// together or not at all. Any other save ignores them.
func (s *Store) SavePost(ctx context.Context, orgID int64, p *pluttra.Post, notices []*pluttra.Notice) error {
	if err := p.Validate(); err != nil {
		return err
	}
	now := s.now().UTC()
	action := pluttra.ChangePostUpdate
	if p.ID == 0 {
		action = pluttra.ChangePostCreate
	}
	err := s.change(ctx, orgID, action, "post", func(tx *txn) (int64, int64, error) {
		err := s.writePost(ctx, tx, orgID, p, now, notices)
		return p.ID, 0, err
	})
	return domainError(err, "post", "error.conflict")
}

// writePost is SavePost inside a transaction: a talk's summary shared into
// the portfolio becomes a post in the same transaction that marks it
// shared.
func (s *Store) writePost(ctx context.Context, tx *txn, orgID int64, p *pluttra.Post, now time.Time, notices []*pluttra.Notice) error {
	done := pluttra.ChangePostUpdate
	if p.ID == 0 {
		done = pluttra.ChangePostCreate
		p.CreatedAt = now
		id, err := tx.insert(ctx, `INSERT INTO posts (org_id, department_id, author_id, audience, status, body, reflection,
				reflection_visibility, created_at) VALUES (?, ?, ?, ?, 'draft', ?, ?, ?, ?) RETURNING id`,
			orgID, p.DepartmentID, p.AuthorID, p.Audience, p.Body, p.Reflection, p.ReflectionVisibility, now)
		if err != nil {
			return err
		}
		p.ID = id
	} else {
		var status pluttra.PostStatus
		if err := tx.queryRow(ctx, `SELECT status FROM posts WHERE org_id = ? AND id = ?`, orgID, p.ID).Scan(&status); err != nil {
			return err
		}
		if status == pluttra.PostPublished {
			p.Status, p.EditedAt = pluttra.PostPublished, now // a published post stays published
		}
		if _, err := tx.exec(ctx, `UPDATE posts SET audience = ?, body = ?, reflection = ?, reflection_visibility = ?, edited_at = ?
				WHERE org_id = ? AND id = ?`, p.Audience, p.Body, p.Reflection, p.ReflectionVisibility, nullTime(p.EditedAt), orgID, p.ID); err != nil {
			return err
		}
	}
	if p.Status == pluttra.PostPublished && p.PublishedAt.IsZero() {
		p.PublishedAt = now
		// Only a draft becomes published: of two saves publishing the
		// same draft at once, one publishes and tells the families.
		res, err := tx.exec(ctx, `UPDATE posts SET status = 'published', published_at = ?, published_on = ? WHERE org_id = ? AND id = ? AND status = 'draft'`,
			now, p.PublishedOn, orgID, p.ID)
		if err != nil {
			return err
		}
		if published, err := res.RowsAffected(); err != nil {
			return err
		} else if published == 1 {
			link := "/posts/" + strconv.FormatInt(p.ID, 10)
			for _, n := range notices {
				n.Link = link
				if err := queueNotice(ctx, tx, now, orgID, n); err != nil {
					return err
				}
			}
		}
	}
	if err := s.replaceTags(ctx, tx, orgID, p, done); err != nil {
		return err
	}
	return s.attachMedia(ctx, tx, orgID, p)
}

// replaceTags writes the post's tags and areas anew; with an actor, the
// save (done: created or changed) goes to every tagged child's access log.
func (s *Store) replaceTags(ctx context.Context, tx *txn, orgID int64, p *pluttra.Post, done string) error {
	for _, q := range []string{`DELETE FROM post_children WHERE org_id = ? AND post_id = ?`, `DELETE FROM post_areas WHERE org_id = ? AND post_id = ?`} {
		if _, err := tx.exec(ctx, q, orgID, p.ID); err != nil {
			return err
		}
	}
	actor, audited := pluttra.ActorFrom(ctx)
	for _, c := range p.Children {
		if _, err := tx.exec(ctx, `INSERT INTO post_children (org_id, post_id, child_id) VALUES (?, ?, ?)`, orgID, p.ID, c); err != nil {
			return err
		}
		if audited {
			if _, err := tx.exec(ctx, `INSERT INTO access_log (org_id, at, user_id, child_id, action, request_id) VALUES (?, ?, ?, ?, ?, ?)`,
				orgID, s.now().UTC(), actor.UserID, c, done, actor.RequestID); err != nil {
				return err
			}
		}
	}
	for _, a := range p.Areas {
		if _, err := tx.exec(ctx, `INSERT INTO post_areas (org_id, post_id, area) VALUES (?, ?, ?)`, orgID, p.ID, a); err != nil {
			return err
		}
	}
	return nil
}

// DeletePost removes the post with its tags and its media items; their
// bytes are the caller's to remove, and the sweeper's if it cannot.
func (s *Store) DeletePost(ctx context.Context, orgID, postID int64) error {
	return s.change(ctx, orgID, pluttra.ChangePostDelete, "post", func(tx *txn) (int64, int64, error) {
		for _, q := range []string{`DELETE FROM post_children WHERE org_id = ? AND post_id = ?`, `DELETE FROM post_areas WHERE org_id = ? AND post_id = ?`,
			`DELETE FROM media_files WHERE org_id = ? AND media_id IN (SELECT id FROM media WHERE post_id = ?)`,
			`DELETE FROM media WHERE org_id = ? AND post_id = ?`,
			`DELETE FROM comments WHERE org_id = ? AND post_id = ?`, `DELETE FROM hearts WHERE org_id = ? AND post_id = ?`,
			// A talk's summary shared as this post is back to being unshared.
			`UPDATE talk_slots SET post_id = NULL WHERE org_id = ? AND post_id = ?`} {
			if _, err := tx.exec(ctx, q, orgID, postID); err != nil {
				return 0, 0, err
			}
		}
		res, err := tx.exec(ctx, `DELETE FROM posts WHERE org_id = ? AND id = ?`, orgID, postID)
		return postID, 0, requireOne(res, err, "post")
	})
}

// Post reads one post with its tags and areas.
func (s *Store) Post(ctx context.Context, orgID, postID int64) (*pluttra.Post, error) {
	p, err := scanPost(s.queryRow(ctx, `SELECT `+postColumns+` FROM posts po WHERE po.org_id = ? AND po.id = ?`, orgID, postID))
	if err != nil {
		return nil, domainError(err, "post", "")
	}
	posts := []pluttra.Post{p}
	if err := s.loadTags(ctx, orgID, posts); err != nil {
		return nil, err
	}
	err = s.each(ctx, func(r *sql.Rows) error {
		var id int64
		err := r.Scan(&id)
		posts[0].Media = append(posts[0].Media, id)
		return err
	}, `SELECT id FROM media WHERE org_id = ? AND post_id = ? ORDER BY position, id`, orgID, postID)
	return &posts[0], err
}

// loadTags fills in the tagged children and areas of a page of posts in
// two queries.
func (s *Store) loadTags(ctx context.Context, orgID int64, posts []pluttra.Post) error {
	if len(posts) == 0 {
		return nil
	}
	index := map[int64]*pluttra.Post{}
	args := []any{orgID}
	for i := range posts {
		index[posts[i].ID] = &posts[i]
		args = append(args, posts[i].ID)
	}
	in := strings.TrimSuffix(strings.Repeat("?, ", len(posts)), ", ")
	err := s.each(ctx, func(r *sql.Rows) error {
		var post, child int64
		err := r.Scan(&post, &child)
		index[post].Children = append(index[post].Children, child)
		return err
	}, `SELECT post_id, child_id FROM post_children WHERE org_id = ? AND post_id IN (`+in+`) ORDER BY post_id, child_id`, args...)
	if err != nil {
		return err
	}
	return s.each(ctx, func(r *sql.Rows) error {
		var post int64
		var area pluttra.CurriculumArea
		err := r.Scan(&post, &area)
		index[post].Areas = append(index[post].Areas, area)
		return err
	}, `SELECT post_id, area FROM post_areas WHERE org_id = ? AND post_id IN (`+in+`) ORDER BY post_id, area`, args...)
}

func nullTime(t time.Time) any {
	if t.IsZero() {
		return nil
	}
	return t.UTC()
}

// Posts lists published posts matching the access filter f (over posts
// aliased po) and the page's narrowing, newest first, strictly before the
// page's cursor.
func (s *Store) Posts(ctx context.Context, orgID int64, f pluttra.Filter, page pluttra.PostPage) ([]pluttra.Post, error) {
	limit := page.Limit
	if limit <= 0 || limit > 100 {
		limit = 20
	}
	var posts []pluttra.Post
	var err error
	if f.FromChildren != nil {
		posts, err = s.postsFromChildren(ctx, orgID, f, page, limit)
	} else {
		cond, args := pageConditions(orgID, page)
		cond, args = append(cond, "("+f.SQL+")"), append(args, f.Args...)
		posts, err = s.listPosts(ctx, cond, args, limit)
	}
	if err != nil {
		return nil, err
	}
	return posts, s.loadTags(ctx, orgID, posts)
}

// pageConditions are the conditions (over posts aliased po) of a page:
// published in the organisation, the page's narrowing and its cursor.
func pageConditions(orgID int64, page pluttra.PostPage) ([]string, []any) {
	cond := []string{"po.org_id = ?", "po.status = 'published'"}
	args := []any{orgID}
	if page.DepartmentID != 0 {
		cond, args = append(cond, "po.department_id = ?"), append(args, page.DepartmentID)
	}
	if page.ChildID != 0 {
		cond = append(cond, "EXISTS (SELECT 1 FROM post_children t WHERE t.post_id = po.id AND t.child_id = ?)")
		args = append(args, page.ChildID)
	}
	if page.Area != "" {
		cond = append(cond, "EXISTS (SELECT 1 FROM post_areas a WHERE a.post_id = po.id AND a.area = ?)")
		args = append(args, page.Area)
	}
	if !page.Before.At.IsZero() {
		cond = append(cond, "(po.published_at < ? OR (po.published_at = ? AND po.id < ?))")
		at := page.Before.At.UTC()
		args = append(args, at, at, page.Before.ID)
	}
	if !page.After.IsZero() {
		cond, args = append(cond, "po.published_at > ?"), append(args, page.After.UTC())
	}
	return cond, args
}

// listPosts reads the posts meeting every condition, newest first.
func (s *Store) listPosts(ctx context.Context, cond []string, args []any, limit int) ([]pluttra.Post, error) {
	rows, err := s.query(ctx, `SELECT `+postColumns+` FROM posts po WHERE `+strings.Join(cond, " AND ")+`
		ORDER BY po.published_at DESC, po.id DESC LIMIT ?`, append(args, limit)...)
	return collect(rows, err, func(r *sql.Rows) (pluttra.Post, error) { return scanPost(r) })
}

// Drafts lists an author's drafts in a department, newest first.
func (s *Store) Drafts(ctx context.Context, orgID, authorID, departmentID int64) ([]pluttra.Post, error) {
	rows, err := s.query(ctx, `SELECT `+postColumns+` FROM posts po WHERE po.org_id = ? AND po.author_id = ?
		AND po.department_id = ? AND po.status = 'draft' ORDER BY po.created_at DESC, po.id DESC LIMIT 100`, orgID, authorID, departmentID)
	posts, err := collect(rows, err, func(r *sql.Rows) (pluttra.Post, error) { return scanPost(r) })
	if err != nil {
		return nil, err
	}
	return posts, s.loadTags(ctx, orgID, posts)
}

// PostFacts gathers what the policy decides a post's visibility on.
func (s *Store) PostFacts(ctx context.Context, orgID, postID int64, day pluttra.Date) (*pluttra.PostFacts, error) {
	p, err := s.Post(ctx, orgID, postID)
	if err != nil {
		return nil, err
	}
	return s.PostFactsOf(ctx, orgID, p, day)
}

// PostFactsOf gathers the same facts for the post as p describes it,
// saved or not: who may read a post about to be published, so that its
// notices can be written in the transaction that publishes it.
func (s *Store) PostFactsOf(ctx context.Context, orgID int64, p *pluttra.Post, day pluttra.Date) (*pluttra.PostFacts, error) {
	f := &pluttra.PostFacts{PostID: p.ID, DepartmentID: p.DepartmentID, AuthorID: p.AuthorID, Audience: p.Audience,
		Draft: p.Status == pluttra.PostDraft, Tagged: slices.Sorted(slices.Values(p.Children))}
	if err := s.queryRow(ctx, `SELECT unit_id FROM departments WHERE org_id = ? AND id = ?`, orgID, p.DepartmentID).Scan(&f.UnitID); err != nil {
		return nil, domainError(err, "department", "")
	}
	if !f.Draft {
		err := s.each(ctx, func(r *sql.Rows) error {
			var c int64
			err := r.Scan(&c)
			f.PlacedAtPublish = append(f.PlacedAtPublish, c)
			return err
		}, `SELECT DISTINCT child_id FROM placements WHERE org_id = ? AND department_id = ? AND from_date <= ?
			AND (to_date IS NULL OR to_date >= ?) ORDER BY child_id`, orgID, p.DepartmentID, p.PublishedOn, p.PublishedOn)
		if err != nil {
			return nil, err
		}
	}
	levels, err := s.ConsentLevels(ctx, orgID, f.Tagged, day)
	if err != nil {
		return nil, err
	}
	for _, c := range f.Tagged {
		if !levels[c].AtLeast(pluttra.ConsentShared) {
			f.Restricted = append(f.Restricted, c)
		}
	}
	return f, nil
}

// ConsentLevels is each child's effective photo consent on day.
func (s *Store) ConsentLevels(ctx context.Context, orgID int64, childIDs []int64, day pluttra.Date) (map[int64]pluttra.ConsentLevel, error) {
	out := make(map[int64]pluttra.ConsentLevel, len(childIDs))
	for _, c := range childIDs {
		level, err := s.EffectiveConsent(ctx, orgID, c, day)
		if err != nil {
			return nil, err
		}
		out[c] = level
	}
	return out, nil
}

// attachMedia gives the post its listed items in order and removes the
// items it no longer lists. Only items of the post's department that are
// already the post's, or the editor's own and unattached, can be listed.
func (s *Store) attachMedia(ctx context.Context, tx *txn, orgID int64, p *pluttra.Post) error {
	editor := p.AuthorID
	if actor, ok := pluttra.ActorFrom(ctx); ok {
		editor = actor.UserID
	}
	for i, id := range p.Media {
		res, err := tx.exec(ctx, `UPDATE media SET post_id = ?, position = ? WHERE org_id = ? AND id = ? AND department_id = ?
			AND (post_id = ? OR (post_id IS NULL AND message_id IS NULL AND uploader_id = ?)) AND status <> 'uploading'`, p.ID, i, orgID, id, p.DepartmentID, p.ID, editor)
		if err != nil {
			return err
		}
		if n, _ := res.RowsAffected(); n != 1 {
			return pluttra.Invalid("media", "post.error.unknown_media")
		}
	}
	args := []any{orgID, p.ID}
	keep := ""
	if len(p.Media) > 0 {
		keep = ` AND id NOT IN (` + placeholders(len(p.Media)) + `)`
		for _, id := range p.Media {
			args = append(args, id)
		}
	}
	if _, err := tx.exec(ctx, `DELETE FROM media_files WHERE org_id = ? AND media_id IN (SELECT id FROM media WHERE post_id = ?`+keep+`)`, args...); err != nil {
		return err
	}
	_, err := tx.exec(ctx, `DELETE FROM media WHERE org_id = ? AND post_id = ?`+keep, args...)
	return err
}

// PostsTagging lists the department's published posts that tag any of
// the children, newest first: the candidates for review when their
// consent has dropped.
func (s *Store) PostsTagging(ctx context.Context, orgID, departmentID int64, childIDs []int64, limit int) ([]pluttra.Post, error) {
	if len(childIDs) == 0 {
		return nil, nil
	}
	args := []any{orgID, departmentID}
	for _, c := range childIDs {
		args = append(args, c)
	}
	rows, err := s.query(ctx, `SELECT `+postColumns+` FROM posts po WHERE po.org_id = ? AND po.department_id = ? AND po.status = 'published'
		AND EXISTS (SELECT 1 FROM post_children t WHERE t.post_id = po.id AND t.child_id IN (`+placeholders(len(childIDs))+`))
		ORDER BY po.published_at DESC, po.id DESC LIMIT ?`, append(args, limit)...)
	posts, err := collect(rows, err, func(r *sql.Rows) (pluttra.Post, error) { return scanPost(r) })
	if err != nil {
		return nil, err
	}
	return posts, s.loadTags(ctx, orgID, posts)
}
