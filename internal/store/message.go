package store

import (
	"cmp"
	"context"
	"database/sql"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/pluttra/pluttra/internal/pluttra"
)

const messageColumns = `m.id, m.org_id, m.sender_id, m.scope, m.department_id, m.unit_id, m.title, m.body, m.requires_ack, m.urgent, m.sent_at`

func scanMessage(r interface{ Scan(...any) error }, extra ...any) (pluttra.Message, error) {
	var m pluttra.Message
	var dept sql.NullInt64
	err := r.Scan(append([]any{&m.ID, &m.OrgID, &m.SenderID, &m.Scope, &dept, &m.UnitID, &m.Title, &m.Body, &m.RequiresAck, &m.Urgent, &m.SentAt}, extra...)...)
	m.DepartmentID = dept.Int64
	return m, err
}

// recipientChunk is how many recipient rows go in one INSERT: a unit-wide
// message has thousands, and both databases cap a statement's parameters.
const recipientChunk = 300

// SendMessage saves a message, its recipients, its attachments and, when
// n is given, the notice telling the recipients, in one transaction.
// Recipients are the active guardians of the children placed in its
// department or unit on day; for ScopeGuardians the chosen ones, each of
// whom must be such a guardian in the department. The notice goes to the
// recipients and links to the message.
func (s *Store) SendMessage(ctx context.Context, orgID int64, m *pluttra.Message, day pluttra.Date, n *pluttra.Notice) error {
	if err := m.Validate(); err != nil {
		return err
	}
	if m.SentAt.IsZero() {
		m.SentAt = s.now()
	}
	m.SentAt = m.SentAt.UTC()
	err := s.change(ctx, orgID, pluttra.ChangeMessageSend, "message", func(tx *txn) (int64, int64, error) {
		if m.Scope != pluttra.ScopeUnit {
			if err := tx.queryRow(ctx, `SELECT unit_id FROM departments WHERE org_id = ? AND id = ?`,
				orgID, m.DepartmentID).Scan(&m.UnitID); err != nil {
				return 0, 0, domainError(err, "department", "")
			}
		} else {
			m.DepartmentID = 0
		}
		reachable, err := messageReach(ctx, tx, orgID, m, day)
		if err != nil {
			return 0, 0, err
		}
		if m.Scope == pluttra.ScopeGuardians {
			for _, id := range m.Recipients {
				if !slices.Contains(reachable, id) {
					return 0, 0, pluttra.Invalid("recipients", "message.error.unknown_recipient")
				}
			}
		} else {
			m.Recipients = reachable
		}
		m.Recipients = slices.Compact(slices.Sorted(slices.Values(m.Recipients)))
		if len(m.Recipients) == 0 {
			return 0, 0, pluttra.Invalid("scope", "message.error.no_recipients")
		}
		var dept any
		if m.DepartmentID != 0 {
			dept = m.DepartmentID
		}
		id, err := tx.insert(ctx, `INSERT INTO messages (org_id, sender_id, scope, department_id, unit_id, title, body, requires_ack, urgent, sent_at)
			VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id`,
			orgID, m.SenderID, m.Scope, dept, m.UnitID, m.Title, m.Body, m.RequiresAck, m.Urgent, m.SentAt)
		if err != nil {
			return 0, 0, err
		}
		m.ID = id
		for chunk := range slices.Chunk(m.Recipients, recipientChunk) {
			args := make([]any, 0, 3*len(chunk))
			for _, u := range chunk {
				args = append(args, orgID, id, u)
			}
			values := strings.TrimSuffix(strings.Repeat("(?, ?, ?), ", len(chunk)), ", ")
			if _, err := tx.exec(ctx, `INSERT INTO message_recipients (org_id, message_id, user_id) VALUES `+values, args...); err != nil {
				return 0, 0, err
			}
		}
		for i, mediaID := range m.Media {
			res, err := tx.exec(ctx, `UPDATE media SET message_id = ?, position = ? WHERE org_id = ? AND id = ? AND uploader_id = ?
				AND post_id IS NULL AND message_id IS NULL AND status <> 'uploading'`, id, i, orgID, mediaID, m.SenderID)
			if err := requireOne(res, err, "media"); err != nil {
				return 0, 0, pluttra.Invalid("media", "post.error.unknown_media")
			}
		}
		if n != nil {
			n.Recipients, n.Link = m.Recipients, "/messages/"+strconv.FormatInt(id, 10)
			if err := queueNotice(ctx, tx, s.now(), orgID, n); err != nil {
				return 0, 0, err
			}
		}
		return id, 0, nil
	})
	if err != nil {
		return domainError(err, "message", "error.conflict")
	}
	m.OrgID = orgID
	return nil
}

// messageReach lists the active guardians of the children placed on day
// in the message's department (or, for a whole unit, in the unit).
func messageReach(ctx context.Context, tx *txn, orgID int64, m *pluttra.Message, day pluttra.Date) ([]int64, error) {
	place := m.DepartmentID
	if m.Scope == pluttra.ScopeUnit {
		place = 0
	}
	q, args := reachQuery(orgID, place, m.UnitID, day)
	rows, err := tx.query(ctx, q, args...)
	return reachIDs(rows, err)
}

// PlacedGuardians lists the active guardians of the children placed on
// day in the department, or in any department of the unit when
// departmentID is 0: whom a department's or a unit's news concerns.
func (s *Store) PlacedGuardians(ctx context.Context, orgID, departmentID, unitID int64, day pluttra.Date) ([]int64, error) {
	q, args := reachQuery(orgID, departmentID, unitID, day)
	rows, err := s.query(ctx, q, args...)
	return reachIDs(rows, err)
}

func reachQuery(orgID, departmentID, unitID int64, day pluttra.Date) (string, []any) {
	where, args := "p.department_id = ?", []any{orgID, day, day, true, day, day, departmentID}
	if departmentID == 0 {
		where, args = "p.department_id IN (SELECT id FROM departments WHERE org_id = ? AND unit_id = ?)", []any{orgID, day, day, true, day, day, orgID, unitID}
	}
	return `SELECT g.guardian_id FROM guardianships g
		JOIN placements p ON p.org_id = g.org_id AND p.child_id = g.child_id
		JOIN users u ON u.org_id = g.org_id AND u.id = g.guardian_id
		WHERE g.org_id = ? AND ` + activeOn("g") + ` AND u.active = ? AND ` + activeOn("p") + ` AND ` + where, args
}

func reachIDs(rows *callRows, err error) ([]int64, error) {
	ids, err := collect(rows, err, func(r *sql.Rows) (int64, error) {
		var id int64
		return id, r.Scan(&id)
	})
	return slices.Compact(slices.Sorted(slices.Values(ids))), err
}

// Message reads one message with its recipients and attachments.
func (s *Store) Message(ctx context.Context, orgID, messageID int64) (*pluttra.Message, error) {
	m, err := scanMessage(s.queryRow(ctx, `SELECT `+messageColumns+` FROM messages m WHERE m.org_id = ? AND m.id = ?`, orgID, messageID))
	if err != nil {
		return nil, domainError(err, "message", "")
	}
	if m.Recipients, err = s.ids(ctx, `SELECT user_id FROM message_recipients WHERE org_id = ? AND message_id = ?`, orgID, messageID); err != nil {
		return nil, err
	}
	rows, err := s.query(ctx, `SELECT id, position FROM media WHERE org_id = ? AND message_id = ?`, orgID, messageID)
	type item struct{ id, pos int64 }
	items, err := collect(rows, err, func(r *sql.Rows) (item, error) {
		var it item
		return it, r.Scan(&it.id, &it.pos)
	})
	slices.SortFunc(items, func(a, b item) int { return cmp.Or(cmp.Compare(a.pos, b.pos), cmp.Compare(a.id, b.id)) })
	for _, it := range items {
		m.Media = append(m.Media, it.id)
	}
	return &m, err
}

// InboxMessages lists the guardian's messages, unread first, then newest.
func (s *Store) InboxMessages(ctx context.Context, orgID, userID int64, limit int) ([]pluttra.InboxMessage, error) {
	rows, err := s.query(ctx, `SELECT `+messageColumns+`, u.name, r.read_at, r.acked_at FROM message_recipients r
		JOIN messages m ON m.org_id = r.org_id AND m.id = r.message_id
		JOIN users u ON u.org_id = m.org_id AND u.id = m.sender_id
		WHERE r.org_id = ? AND r.user_id = ?`, orgID, userID)
	out, err := collect(rows, err, func(r *sql.Rows) (pluttra.InboxMessage, error) {
		var im pluttra.InboxMessage
		var read, acked sql.NullTime
		var err error
		im.Message, err = scanMessage(r, &im.SenderName, &read, &acked)
		im.ReadAt, im.AckedAt = read.Time, acked.Time
		return im, err
	})
	// Unread first: what still needs the guardian's eyes; then newest.
	slices.SortFunc(out, func(a, b pluttra.InboxMessage) int {
		return cmp.Or(cmp.Compare(boolRank(a.ReadAt.IsZero()), boolRank(b.ReadAt.IsZero())),
			b.SentAt.Compare(a.SentAt), cmp.Compare(b.ID, a.ID))
	})
	if limit > 0 && len(out) > limit {
		out = out[:limit]
	}
	return out, err
}

// boolRank orders true before false.
func boolRank(b bool) int {
	if b {
		return 0
	}
	return 1
}

// UnreadMessages counts the guardian's unopened messages.
func (s *Store) UnreadMessages(ctx context.Context, orgID, userID int64) (int, error) {
	var n int
	err := s.queryRow(ctx, `SELECT COUNT(*) FROM message_recipients WHERE org_id = ? AND user_id = ? AND read_at IS NULL`, orgID, userID).Scan(&n)
	return n, err
}

// SentMessages lists the messages sent to the given departments, and to
// the given units as a whole, newest first, with their counts.
func (s *Store) SentMessages(ctx context.Context, orgID int64, departmentIDs, unitIDs []int64, limit int) ([]pluttra.SentMessage, error) {
	var cond []string
	args := []any{orgID}
	if len(departmentIDs) > 0 {
		cond = append(cond, "m.department_id IN ("+placeholders(len(departmentIDs))+")")
		for _, id := range departmentIDs {
			args = append(args, id)
		}
	}
	if len(unitIDs) > 0 {
		cond = append(cond, "(m.department_id IS NULL AND m.unit_id IN ("+placeholders(len(unitIDs))+"))")
		for _, id := range unitIDs {
			args = append(args, id)
		}
	}
	if len(cond) == 0 {
		return nil, nil
	}
	if limit <= 0 {
		limit = 100
	}
	rows, err := s.query(ctx, `SELECT `+messageColumns+`, u.name,
		(SELECT COUNT(*) FROM message_recipients r WHERE r.message_id = m.id),
		(SELECT COUNT(*) FROM message_recipients r WHERE r.message_id = m.id AND r.read_at IS NOT NULL),
		(SELECT COUNT(*) FROM message_recipients r WHERE r.message_id = m.id AND r.acked_at IS NOT NULL)
		FROM messages m JOIN users u ON u.org_id = m.org_id AND u.id = m.sender_id
		WHERE m.org_id = ? AND (`+strings.Join(cond, " OR ")+`)
		ORDER BY m.sent_at DESC, m.id DESC LIMIT ?`, append(args, limit)...)
	return collect(rows, err, func(r *sql.Rows) (pluttra.SentMessage, error) {
		var sm pluttra.SentMessage
		var err error
		sm.Message, err = scanMessage(r, &sm.SenderName, &sm.Recipients, &sm.Read, &sm.Acked)
		return sm, err
	})
}

// Receipts lists a message's recipients by name, each with the first names
// of their children the message concerns (placed on day in its department
// or unit).
func (s *Store) Receipts(ctx context.Context, orgID, messageID int64, day pluttra.Date) ([]pluttra.Receipt, error) {
	m, err := scanMessage(s.queryRow(ctx, `SELECT `+messageColumns+` FROM messages m WHERE m.org_id = ? AND m.id = ?`, orgID, messageID))
	if err != nil {
		return nil, domainError(err, "message", "")
	}
	rows, err := s.query(ctx, `SELECT r.user_id, u.name, r.read_at, r.acked_at, r.reminded_at FROM message_recipients r
		JOIN users u ON u.org_id = r.org_id AND u.id = r.user_id
		WHERE r.org_id = ? AND r.message_id = ?`, orgID, messageID)
	out, err := collect(rows, err, func(r *sql.Rows) (pluttra.Receipt, error) {
		var rc pluttra.Receipt
		var read, acked, reminded sql.NullTime
		err := r.Scan(&rc.UserID, &rc.Name, &read, &acked, &reminded)
		rc.ReadAt, rc.AckedAt, rc.RemindedAt = read.Time, acked.Time, reminded.Time
		return rc, err
	})
	if err != nil {
		return nil, err
	}
	index := map[int64]int{}
	for i, rc := range out {
		index[rc.UserID] = i
	}
	place, arg := "p.department_id = ?", any(m.DepartmentID)
	if m.DepartmentID == 0 {
		place, arg = "d.unit_id = ?", m.UnitID
	}
	err = s.each(ctx, func(r *sql.Rows) error {
		var guardian, child int64
		var name string
		if err := r.Scan(&guardian, &child, &name); err != nil {
			return err
		}
		if i, ok := index[guardian]; ok && !slices.Contains(out[i].ChildIDs, child) {
			out[i].Children = append(out[i].Children, name)
			out[i].ChildIDs = append(out[i].ChildIDs, child)
		}
		return nil
	}, `SELECT g.guardian_id, c.id, c.first_name FROM message_recipients r
		JOIN guardianships g ON g.org_id = r.org_id AND g.guardian_id = r.user_id
		JOIN children c ON c.org_id = g.org_id AND c.id = g.child_id
		JOIN placements p ON p.org_id = g.org_id AND p.child_id = g.child_id
		JOIN departments d ON d.org_id = p.org_id AND d.id = p.department_id
		WHERE r.org_id = ? AND r.message_id = ? AND `+activeOn("g")+` AND `+activeOn("p")+` AND `+place,
		orgID, messageID, day, day, day, day, arg)
	slices.SortFunc(out, func(a, b pluttra.Receipt) int {
		return cmp.Or(strings.Compare(a.Name, b.Name), cmp.Compare(a.UserID, b.UserID))
	})
	return out, err
}

// Receipt is one recipient's state of the message; NotFound when the user
// is not one of its recipients.
func (s *Store) Receipt(ctx context.Context, orgID, messageID, userID int64) (*pluttra.Receipt, error) {
	rc := pluttra.Receipt{UserID: userID}
	var read, acked, reminded sql.NullTime
	err := s.queryRow(ctx, `SELECT read_at, acked_at, reminded_at FROM message_recipients WHERE org_id = ? AND message_id = ? AND user_id = ?`,
		orgID, messageID, userID).Scan(&read, &acked, &reminded)
	if err != nil {
		return nil, domainError(err, "message", "")
	}
	rc.ReadAt, rc.AckedAt, rc.RemindedAt = read.Time, acked.Time, reminded.Time
	return &rc, nil
}

// MarkMessageRead records the first time a recipient opened the message.
func (s *Store) MarkMessageRead(ctx context.Context, orgID, messageID, userID int64, at time.Time) error {
	_, err := s.exec(ctx, `UPDATE message_recipients SET read_at = ?
		WHERE org_id = ? AND message_id = ? AND user_id = ? AND read_at IS NULL`, at.UTC(), orgID, messageID, userID)
	return err
}

// AckMessage records the recipient's acknowledgement; acknowledging is
// reading, too.
func (s *Store) AckMessage(ctx context.Context, orgID, messageID, userID int64, at time.Time) error {
	at = at.UTC()
	return s.change(ctx, orgID, pluttra.ChangeMessageAck, "message", func(tx *txn) (int64, int64, error) {
		res, err := tx.exec(ctx, `UPDATE message_recipients SET acked_at = COALESCE(acked_at, ?), read_at = COALESCE(read_at, ?)
			WHERE org_id = ? AND message_id = ? AND user_id = ?`, at, at, orgID, messageID, userID)
		return messageID, 0, requireOne(res, err, "message")
	})
}

// MarkReminded records when the given recipients were last reminded.
func (s *Store) MarkReminded(ctx context.Context, orgID, messageID int64, userIDs []int64, at time.Time) error {
	if len(userIDs) == 0 {
		return nil
	}
	return s.change(ctx, orgID, pluttra.ChangeMessageRemind, "message", func(tx *txn) (int64, int64, error) {
		for chunk := range slices.Chunk(userIDs, recipientChunk) {
			args := []any{at.UTC(), orgID, messageID}
			for _, id := range chunk {
				args = append(args, id)
			}
			if _, err := tx.exec(ctx, `UPDATE message_recipients SET reminded_at = ?
				WHERE org_id = ? AND message_id = ? AND user_id IN (`+placeholders(len(chunk))+`)`, args...); err != nil {
				return 0, 0, err
			}
		}
		return messageID, 0, nil
	})
}

// MessageFacts gathers what the policy decides on, for userID.
func (s *Store) MessageFacts(ctx context.Context, orgID, messageID, userID int64) (*pluttra.MessageFacts, error) {
	var f pluttra.MessageFacts
	var dept sql.NullInt64
	var recipients int
	err := s.queryRow(ctx, `SELECT m.id, m.sender_id, m.department_id, m.unit_id, m.requires_ack,
		(SELECT COUNT(*) FROM message_recipients r WHERE r.message_id = m.id AND r.user_id = ?)
		FROM messages m WHERE m.org_id = ? AND m.id = ?`, userID, orgID, messageID).
		Scan(&f.MessageID, &f.SenderID, &dept, &f.UnitID, &f.RequiresAck, &recipients)
	if err != nil {
		return nil, domainError(err, "message", "")
	}
	f.DepartmentID, f.Recipient = dept.Int64, recipients > 0
	return &f, nil
}

// MessageAudience reads the facts of a message and its recipients, for
// deciding many viewers at once.
func (s *Store) MessageAudience(ctx context.Context, orgID, messageID int64) (*pluttra.MessageFacts, []int64, error) {
	f, err := s.MessageFacts(ctx, orgID, messageID, 0)
	if err != nil {
		return nil, nil, err
	}
	recipients, err := s.ids(ctx, `SELECT user_id FROM message_recipients WHERE org_id = ? AND message_id = ?`, orgID, messageID)
	return f, recipients, err
}
