package store

import (
	"context"
	"database/sql"
	"fmt"
	"strings"
	"time"

	"github.com/pluttra/pluttra/internal/pluttra"
)

// maxCandidateBatch bounds one round of candidates when the filter keeps
// refusing them (posts showing other families' children without consent).
const maxCandidateBatch = 1000

// postsFromChildren pages through the posts tied to f.FromChildren. It
// reads the next candidates in feed order from the indexes of those
// children's tags and of their departments' posts (each source stops at
// the batch size), applies f to those rows alone, and reads further only
// when f refused some. A page thus costs tens of rows whatever the size of
// the organisation.
func (s *Store) postsFromChildren(ctx context.Context, orgID int64, f pluttra.Filter, page pluttra.PostPage, limit int) ([]pluttra.Post, error) {
	placements, err := s.placementsOfChildren(ctx, orgID, f.FromChildren)
	if err != nil {
		return nil, err
	}
	var out []pluttra.Post
	batch := limit
	for {
		ids, last, err := s.postCandidates(ctx, orgID, f.FromChildren, placements, page, batch)
		if err != nil || len(ids) == 0 {
			return out, err
		}
		allowed, err := s.allowedPosts(ctx, orgID, f, ids)
		if err != nil {
			return nil, err
		}
		out = append(out, allowed[:min(len(allowed), limit-len(out))]...)
		if len(out) >= limit || len(ids) < batch {
			return out, nil
		}
		page.Before = last
		batch = min(batch*2, maxCandidateBatch)
	}
}

// allowedPosts reads the posts among ids that f allows, in the order of
// ids. The order is applied here rather than by the query: SQLite plans a
// statement with a sort anew on every run.
func (s *Store) allowedPosts(ctx context.Context, orgID int64, f pluttra.Filter, ids []int64) ([]pluttra.Post, error) {
	args := []any{orgID}
	for _, id := range ids {
		args = append(args, id)
	}
	rows, err := s.query(ctx, `SELECT `+postColumns+` FROM posts po WHERE po.org_id = ? AND po.status = 'published'
		AND po.id IN (`+placeholders(len(ids))+`) AND (`+f.SQL+`)`, append(args, f.Args...)...)
	found, err := collect(rows, err, func(r *sql.Rows) (pluttra.Post, error) { return scanPost(r) })
	if err != nil {
		return nil, err
	}
	byID := make(map[int64]pluttra.Post, len(found))
	for _, p := range found {
		byID[p.ID] = p
	}
	out := make([]pluttra.Post, 0, len(found))
	for _, id := range ids {
		if p, ok := byID[id]; ok {
			out = append(out, p)
		}
	}
	return out, nil
}

// CountPostsSince counts, up to most, the published posts matching the
// access filter f (over posts aliased po) published after since: the
// unread count.
func (s *Store) CountPostsSince(ctx context.Context, orgID int64, f pluttra.Filter, since time.Time, most int) (int, error) {
	if f.FromChildren != nil {
		posts, err := s.postsFromChildren(ctx, orgID, f, pluttra.PostPage{After: since}, most)
		return len(posts), err
	}
	cond := []string{"po.org_id = ?", "po.status = 'published'", "po.published_at > ?", "(" + f.SQL + ")"}
	args := append([]any{orgID, since.UTC()}, f.Args...)
	var n int
	err := s.queryRow(ctx, `SELECT COUNT(*) FROM (SELECT 1 FROM posts po WHERE `+strings.Join(cond, " AND ")+` LIMIT ?) AS c`,
		append(args, most)...).Scan(&n)
	return n, err
}

// placementsOfChildren lists every placement, past and future, of the
// children: a department post reaches a child placed there on its day.
func (s *Store) placementsOfChildren(ctx context.Context, orgID int64, children []int64) ([]pluttra.Placement, error) {
	if len(children) == 0 {
		return nil, nil
	}
	args := []any{orgID}
	for _, c := range children {
		args = append(args, c)
	}
	rows, err := s.query(ctx, `SELECT child_id, department_id, from_date, to_date FROM placements
		WHERE org_id = ? AND child_id IN (`+placeholders(len(children))+`)`, args...)
	return collect(rows, err, func(r *sql.Rows) (pluttra.Placement, error) {
		var p pluttra.Placement
		return p, r.Scan(&p.ChildID, &p.DepartmentID, &p.From, &p.To)
	})
}

// postCandidates returns the ids of the next n posts of the page, newest
// first, that tag one of the children or went to a department while one
// of them was placed there, and the cursor after the last of them. Every
// source is a query that walks an index in feed order and stops after n.
func (s *Store) postCandidates(ctx context.Context, orgID int64, children []int64, placements []pluttra.Placement, page pluttra.PostPage, n int) ([]int64, pluttra.PostCursor, error) {
	var arms []string
	var args []any
	pageCond, pageArgs := pageConditions(orgID, page)
	tagArgs := []any{orgID}
	for _, c := range children {
		tagArgs = append(tagArgs, c)
	}
	arms = append(arms, `SELECT po.id, po.published_at FROM post_children pc
		JOIN posts po ON po.org_id = pc.org_id AND po.id = pc.post_id
		WHERE pc.org_id = ? AND pc.child_id IN (`+placeholders(len(children))+`) AND `+strings.Join(pageCond, " AND ")+`
		ORDER BY po.published_at DESC, po.id DESC LIMIT ?`)
	args = append(append(append(args, tagArgs...), pageArgs...), n)
	for _, p := range placements {
		cond := append(pageCond[:len(pageCond):len(pageCond)], "po.department_id = ?", "po.audience = 'department'", "po.published_on >= ?")
		a := append(append([]any{}, pageArgs...), p.DepartmentID, p.From)
		if !p.To.IsZero() {
			cond, a = append(cond, "po.published_on <= ?"), append(a, p.To)
		}
		arms = append(arms, `SELECT po.id, po.published_at FROM posts po WHERE `+strings.Join(cond, " AND ")+`
			ORDER BY po.published_at DESC, po.id DESC LIMIT ?`)
		args = append(append(args, a...), n)
	}
	for i, arm := range arms {
		arms[i] = fmt.Sprintf("SELECT id, published_at FROM (%s) AS arm%d", arm, i)
	}
	rows, err := s.query(ctx, strings.Join(arms, "\nUNION\n")+"\nORDER BY published_at DESC, id DESC LIMIT ?", append(args, n)...)
	type candidate struct {
		id int64
		at time.Time
	}
	found, err := collect(rows, err, func(r *sql.Rows) (candidate, error) {
		var c candidate
		var at sql.NullTime
		err := r.Scan(&c.id, &at)
		c.at = at.Time
		return c, err
	})
	if err != nil || len(found) == 0 {
		return nil, pluttra.PostCursor{}, err
	}
	ids := make([]int64, len(found))
	for i, c := range found {
		ids[i] = c.id
	}
	last := found[len(found)-1]
	return ids, pluttra.PostCursor{At: last.at, ID: last.id}, nil
}
