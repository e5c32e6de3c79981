package store

import (
	"context"

	"github.com/pluttra/pluttra/internal/pluttra"
)

// AddPublishedPosts writes already-published posts as they are (their
// publishing time and day included), with their tags and areas, in one
// transaction and without audit entries: for generated data sets, where
// hundreds of thousands of posts would take hours one by one.
func (s *Store) AddPublishedPosts(ctx context.Context, orgID int64, posts []pluttra.Post) error {
	ctx = bulk(ctx)
	return s.inTx(ctx, func(tx *txn) error {
		for i := range posts {
			p := &posts[i]
			p.Status = pluttra.PostPublished
			if err := p.Validate(); err != nil {
				return err
			}
			id, err := tx.insert(ctx, `INSERT INTO posts (org_id, department_id, author_id, audience, status, body, reflection,
				reflection_visibility, created_at, published_at, published_on) VALUES (?, ?, ?, ?, 'published', ?, ?, ?, ?, ?, ?) RETURNING id`,
				orgID, p.DepartmentID, p.AuthorID, p.Audience, p.Body, p.Reflection, p.ReflectionVisibility,
				p.PublishedAt.UTC(), p.PublishedAt.UTC(), p.PublishedOn)
			if err != nil {
				return err
			}
			p.ID = id
			for _, c := range p.Children {
				if _, err := tx.exec(ctx, `INSERT INTO post_children (org_id, post_id, child_id) VALUES (?, ?, ?)`, orgID, id, c); err != nil {
					return err
				}
			}
			for _, a := range p.Areas {
				if _, err := tx.exec(ctx, `INSERT INTO post_areas (org_id, post_id, area) VALUES (?, ?, ?)`, orgID, id, a); err != nil {
					return err
				}
			}
		}
		return nil
	})
}
