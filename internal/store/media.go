package store

import (
	"cmp"
	"context"
	"database/sql"
	"slices"
	"strings"
	"time"

	"github.com/pluttra/pluttra/internal/pluttra"
)

const mediaColumns = `m.id, m.org_id, m.department_id, m.uploader_id, m.post_id, m.message_id, m.position, m.status, m.kind, m.error_code,
	m.size, m.width, m.height, m.duration_ms, m.placeholder, m.attempts, m.created_at`

func scanMedia(r interface{ Scan(...any) error }) (pluttra.Media, error) {
	var m pluttra.Media
	var post, message sql.NullInt64
	var ms int64
	err := r.Scan(&m.ID, &m.OrgID, &m.DepartmentID, &m.UploaderID, &post, &message, &m.Position, &m.Status, &m.Kind, &m.ErrorCode,
		&m.Size, &m.Width, &m.Height, &ms, &m.Placeholder, &m.Attempts, &m.CreatedAt)
	m.PostID, m.MessageID, m.Duration = post.Int64, message.Int64, time.Duration(ms)*time.Millisecond
	return m, err
}

// CreateMedia records an upload that is starting, its uploader's until a
// post is saved with it.
func (s *Store) CreateMedia(ctx context.Context, orgID int64, m *pluttra.Media) error {
	m.OrgID, m.Status, m.CreatedAt = orgID, pluttra.MediaUploading, s.now().UTC()
	id, err := s.insert(ctx, `INSERT INTO media (org_id, department_id, uploader_id, status, size, created_at)
		VALUES (?, ?, ?, 'uploading', ?, ?) RETURNING id`, orgID, m.DepartmentID, m.UploaderID, m.Size, m.CreatedAt)
	if err != nil {
		return domainError(err, "media", "")
	}
	m.ID = id
	return nil
}

// MediaUploaded marks the upload complete and due for processing now.
func (s *Store) MediaUploaded(ctx context.Context, orgID, mediaID, size int64) error {
	res, err := s.exec(ctx, `UPDATE media SET status = 'pending', size = ?, next_attempt_at = ? WHERE org_id = ? AND id = ? AND status = 'uploading'`,
		size, s.now().UTC(), orgID, mediaID)
	return requireOne(res, err, "media")
}

// Media reads one item with its files.
func (s *Store) Media(ctx context.Context, orgID, mediaID int64) (*pluttra.Media, error) {
	m, err := scanMedia(s.queryRow(ctx, `SELECT `+mediaColumns+` FROM media m WHERE m.org_id = ? AND m.id = ?`, orgID, mediaID))
	if err != nil {
		return nil, domainError(err, "media", "")
	}
	items := []pluttra.Media{m}
	if err := s.loadMediaFiles(ctx, orgID, items); err != nil {
		return nil, err
	}
	return &items[0], nil
}

// MediaOfPosts reads the items of posts, each post's in its order.
func (s *Store) MediaOfPosts(ctx context.Context, orgID int64, postIDs []int64) (map[int64][]pluttra.Media, error) {
	out := map[int64][]pluttra.Media{}
	if len(postIDs) == 0 {
		return out, nil
	}
	args := []any{orgID}
	for _, id := range postIDs {
		args = append(args, id)
	}
	rows, err := s.query(ctx, `SELECT `+mediaColumns+` FROM media m WHERE m.org_id = ? AND m.post_id IN (`+placeholders(len(postIDs))+`)
		ORDER BY m.post_id, m.position, m.id`, args...)
	items, err := collect(rows, err, func(r *sql.Rows) (pluttra.Media, error) { return scanMedia(r) })
	if err != nil {
		return nil, err
	}
	if err := s.loadMediaFiles(ctx, orgID, items); err != nil {
		return nil, err
	}
	for _, m := range items {
		out[m.PostID] = append(out[m.PostID], m)
	}
	return out, nil
}

// MediaOfMessage reads an important message's attachments in order.
func (s *Store) MediaOfMessage(ctx context.Context, orgID, messageID int64) ([]pluttra.Media, error) {
	rows, err := s.query(ctx, `SELECT `+mediaColumns+` FROM media m WHERE m.org_id = ? AND m.message_id = ?`, orgID, messageID)
	items, err := collect(rows, err, func(r *sql.Rows) (pluttra.Media, error) { return scanMedia(r) })
	if err != nil {
		return nil, err
	}
	slices.SortFunc(items, func(a, b pluttra.Media) int {
		return cmp.Or(cmp.Compare(a.Position, b.Position), cmp.Compare(a.ID, b.ID))
	})
	return items, s.loadMediaFiles(ctx, orgID, items)
}

// UnattachedMedia lists the uploader's items in a department that no post
// has yet, oldest first: what the composer offers to attach.
func (s *Store) UnattachedMedia(ctx context.Context, orgID, uploaderID, departmentID int64) ([]pluttra.Media, error) {
	rows, err := s.query(ctx, `SELECT `+mediaColumns+` FROM media m WHERE m.org_id = ? AND m.uploader_id = ? AND m.department_id = ?
		AND m.post_id IS NULL AND m.message_id IS NULL AND m.status <> 'uploading' ORDER BY m.id LIMIT 100`, orgID, uploaderID, departmentID)
	items, err := collect(rows, err, func(r *sql.Rows) (pluttra.Media, error) { return scanMedia(r) })
	if err != nil {
		return nil, err
	}
	return items, s.loadMediaFiles(ctx, orgID, items)
}

func (s *Store) loadMediaFiles(ctx context.Context, orgID int64, items []pluttra.Media) error {
	if len(items) == 0 {
		return nil
	}
	index := map[int64]*pluttra.Media{}
	args := []any{orgID}
	for i := range items {
		index[items[i].ID] = &items[i]
		args = append(args, items[i].ID)
	}
	return s.each(ctx, func(r *sql.Rows) error {
		var id int64
		var f pluttra.MediaFile
		err := r.Scan(&id, &f.Name, &f.Key, &f.ContentType, &f.Size, &f.Width, &f.Height)
		index[id].Files = append(index[id].Files, f)
		return err
	}, `SELECT media_id, name, blob_key, content_type, size, width, height FROM media_files
		WHERE org_id = ? AND media_id IN (`+placeholders(len(items))+`) ORDER BY media_id, name`, args...)
}

func placeholders(n int) string {
	return strings.TrimSuffix(strings.Repeat("?, ", n), ", ")
}

// FinishMedia stores the processed files and makes the item ready, in one
// transaction. An item deleted while it was processed stays deleted: the
// files written for it are the sweeper's.
func (s *Store) FinishMedia(ctx context.Context, m *pluttra.Media) error {
	return s.inTx(ctx, func(tx *txn) error {
		res, err := tx.exec(ctx, `UPDATE media SET status = 'ready', kind = ?, error_code = '', width = ?, height = ?, duration_ms = ?,
			placeholder = ?, claimed_until = NULL, claimed_by = '', processed_at = ? WHERE org_id = ? AND id = ? AND status = 'pending'`,
			m.Kind, m.Width, m.Height, m.Duration.Milliseconds(), m.Placeholder, s.now().UTC(), m.OrgID, m.ID)
		if err := requireOne(res, err, "media"); err != nil {
			return err
		}
		if _, err := tx.exec(ctx, `DELETE FROM media_files WHERE org_id = ? AND media_id = ?`, m.OrgID, m.ID); err != nil {
			return err
		}
		for _, f := range m.Files {
			if _, err := tx.exec(ctx, `INSERT INTO media_files (org_id, media_id, name, blob_key, content_type, size, width, height)
				VALUES (?, ?, ?, ?, ?, ?, ?, ?)`, m.OrgID, m.ID, f.Name, f.Key, f.ContentType, f.Size, f.Width, f.Height); err != nil {
				return err
			}
		}
		m.Status = pluttra.MediaReady
		return nil
	})
}

// FailMedia records a failed attempt.
func (s *Store) FailMedia(ctx context.Context, orgID, mediaID int64, code string, permanent bool, next time.Time) error {
	status := pluttra.MediaPending
	if permanent {
		status = pluttra.MediaFailed
	}
	res, err := s.exec(ctx, `UPDATE media SET status = ?, error_code = ?, next_attempt_at = ?, claimed_until = NULL, claimed_by = ''
		WHERE org_id = ? AND id = ? AND status = 'pending'`, status, code, next.UTC(), orgID, mediaID)
	return requireOne(res, err, "media")
}

// DeleteMedia removes an item and its file rows.
func (s *Store) DeleteMedia(ctx context.Context, orgID, mediaID int64) error {
	return s.inTx(ctx, func(tx *txn) error {
		if _, err := tx.exec(ctx, `DELETE FROM media_files WHERE org_id = ? AND media_id = ?`, orgID, mediaID); err != nil {
			return err
		}
		res, err := tx.exec(ctx, `DELETE FROM media WHERE org_id = ? AND id = ?`, orgID, mediaID)
		return requireOne(res, err, "media")
	})
}

// StaleMedia lists what the sweeper removes: uploads never finished and
// items no post or message took, created before the given time.
func (s *Store) StaleMedia(ctx context.Context, before time.Time, limit int) ([]pluttra.Media, error) {
	rows, err := s.query(ctx, `SELECT `+mediaColumns+` FROM media m WHERE m.post_id IS NULL AND m.message_id IS NULL AND m.created_at < ?
		ORDER BY m.id LIMIT ?`, before.UTC(), limit)
	return collect(rows, err, func(r *sql.Rows) (pluttra.Media, error) { return scanMedia(r) })
}

// MediaExists reports whether the item has a row.
func (s *Store) MediaExists(ctx context.Context, orgID, mediaID int64) (bool, error) {
	var n int
	err := s.queryRow(ctx, `SELECT COUNT(*) FROM media WHERE org_id = ? AND id = ?`, orgID, mediaID).Scan(&n)
	return n > 0, err
}

// MediaFacts gathers what the policy decides on: the uploader, and the
// post the item follows once attached.
func (s *Store) MediaFacts(ctx context.Context, orgID, mediaID int64, day pluttra.Date, viewer int64) (*pluttra.MediaFacts, error) {
	var f pluttra.MediaFacts
	var post, message sql.NullInt64
	err := s.queryRow(ctx, `SELECT id, department_id, uploader_id, status, post_id, message_id FROM media WHERE org_id = ? AND id = ?`, orgID, mediaID).
		Scan(&f.MediaID, &f.DepartmentID, &f.UploaderID, &f.Status, &post, &message)
	if err != nil {
		return nil, domainError(err, "media", "")
	}
	if post.Valid {
		if f.Post, err = s.PostFacts(ctx, orgID, post.Int64, day); err != nil {
			return nil, err
		}
	}
	if message.Valid {
		if f.Message, err = s.MessageFacts(ctx, orgID, message.Int64, viewer); err != nil {
			return nil, err
		}
	}
	return &f, nil
}
