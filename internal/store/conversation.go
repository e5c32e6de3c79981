package store

import (
	"cmp"
	"context"
	"database/sql"
	"slices"
	"strconv"
	"time"

	"github.com/pluttra/pluttra/internal/pluttra"
)

const conversationColumns = `c.id, c.org_id, c.child_id, c.department_id, c.subject, c.started_by, c.started_at, c.last_at, c.last_by`

func scanConversation(r interface{ Scan(...any) error }, extra ...any) (pluttra.Conversation, error) {
	var c pluttra.Conversation
	err := r.Scan(append([]any{&c.ID, &c.OrgID, &c.ChildID, &c.DepartmentID, &c.Subject, &c.StartedBy, &c.StartedAt, &c.LastAt, &c.LastBy}, extra...)...)
	return c, err
}

// StartConversation saves a conversation, the guardians taking part and
// its first entry in one transaction; the starter has read it. The notice,
// when given, is queued in the same transaction to those taking part on
// day but the starter (see conversationNotice).
func (s *Store) StartConversation(ctx context.Context, orgID int64, c *pluttra.Conversation, body string, day pluttra.Date, n *pluttra.Notice) error {
	if err := c.Check(); err != nil {
		return err
	}
	if err := pluttra.CheckConversationEntry(&body); err != nil {
		return err
	}
	at := s.now().UTC()
	err := s.change(ctx, orgID, pluttra.ChangeConversationStart, "conversation", func(tx *txn) (int64, int64, error) {
		id, err := tx.insert(ctx, `INSERT INTO conversations (org_id, child_id, department_id, subject, started_by, started_at, last_at, last_by)
			VALUES (?, ?, ?, ?, ?, ?, ?, ?) RETURNING id`, orgID, c.ChildID, c.DepartmentID, c.Subject, c.StartedBy, at, at, c.StartedBy)
		if err != nil {
			return 0, 0, err
		}
		c.ID = id
		for _, g := range slices.Compact(slices.Sorted(slices.Values(c.Guardians))) {
			if _, err := tx.exec(ctx, `INSERT INTO conversation_guardians (org_id, conversation_id, user_id) VALUES (?, ?, ?)`, orgID, id, g); err != nil {
				return 0, 0, err
			}
		}
		if _, err := tx.exec(ctx, `INSERT INTO conversation_entries (org_id, conversation_id, author_id, body, written_at) VALUES (?, ?, ?, ?, ?)`,
			orgID, id, c.StartedBy, body, at); err != nil {
			return 0, 0, err
		}
		if err := markRead(ctx, tx, orgID, id, c.StartedBy, at); err != nil {
			return 0, 0, err
		}
		return id, c.ChildID, conversationNotice(ctx, tx, at, orgID, id, c.StartedBy, day, n)
	})
	if err != nil {
		return domainError(err, "conversation", "error.conflict")
	}
	c.OrgID, c.StartedAt, c.LastAt, c.LastBy = orgID, at, at, c.StartedBy
	return nil
}

func markRead(ctx context.Context, tx *txn, orgID, conversationID, userID int64, at time.Time) error {
	_, err := tx.exec(ctx, `INSERT INTO conversation_reads (org_id, conversation_id, user_id, read_at) VALUES (?, ?, ?, ?)
		ON CONFLICT (conversation_id, user_id) DO UPDATE SET read_at = excluded.read_at`, orgID, conversationID, userID, at.UTC())
	return err
}

// Conversation reads one conversation with the guardians taking part.
func (s *Store) Conversation(ctx context.Context, orgID, conversationID int64) (*pluttra.Conversation, error) {
	c, err := scanConversation(s.queryRow(ctx, `SELECT `+conversationColumns+` FROM conversations c WHERE c.org_id = ? AND c.id = ?`, orgID, conversationID))
	if err != nil {
		return nil, domainError(err, "conversation", "")
	}
	c.Guardians, err = s.ids(ctx, `SELECT user_id FROM conversation_guardians WHERE org_id = ? AND conversation_id = ?`, orgID, conversationID)
	return &c, err
}

// ConversationEntries lists the entries oldest first, with their authors' names.
func (s *Store) ConversationEntries(ctx context.Context, orgID, conversationID int64) ([]pluttra.ConversationEntry, error) {
	rows, err := s.query(ctx, `SELECT e.id, e.conversation_id, e.author_id, u.name, e.body, e.written_at FROM conversation_entries e
		JOIN users u ON u.org_id = e.org_id AND u.id = e.author_id
		WHERE e.org_id = ? AND e.conversation_id = ?`, orgID, conversationID)
	out, err := collect(rows, err, func(r *sql.Rows) (pluttra.ConversationEntry, error) {
		var e pluttra.ConversationEntry
		return e, r.Scan(&e.ID, &e.ConversationID, &e.AuthorID, &e.AuthorName, &e.Body, &e.WrittenAt)
	})
	slices.SortFunc(out, func(a, b pluttra.ConversationEntry) int { return cmp.Compare(a.ID, b.ID) })
	return out, err
}

// AddConversationEntry appends an entry; the conversation's latest time
// moves, and its author has read up to it. The notice, when given, is
// queued in the same transaction to those taking part on day but the
// author (see conversationNotice).
func (s *Store) AddConversationEntry(ctx context.Context, orgID int64, e *pluttra.ConversationEntry, day pluttra.Date, n *pluttra.Notice) error {
	if err := pluttra.CheckConversationEntry(&e.Body); err != nil {
		return err
	}
	e.WrittenAt = s.now().UTC()
	err := s.change(ctx, orgID, pluttra.ChangeConversationReply, "conversation", func(tx *txn) (int64, int64, error) {
		var child int64
		if err := tx.queryRow(ctx, `SELECT child_id FROM conversations WHERE org_id = ? AND id = ?`,
			orgID, e.ConversationID).Scan(&child); err != nil {
			return 0, 0, domainError(err, "conversation", "")
		}
		id, err := tx.insert(ctx, `INSERT INTO conversation_entries (org_id, conversation_id, author_id, body, written_at) VALUES (?, ?, ?, ?, ?) RETURNING id`,
			orgID, e.ConversationID, e.AuthorID, e.Body, e.WrittenAt)
		if err != nil {
			return 0, 0, err
		}
		e.ID = id
		if _, err := tx.exec(ctx, `UPDATE conversations SET last_at = ?, last_by = ? WHERE org_id = ? AND id = ?`,
			e.WrittenAt, e.AuthorID, orgID, e.ConversationID); err != nil {
			return 0, 0, err
		}
		if err := markRead(ctx, tx, orgID, e.ConversationID, e.AuthorID, e.WrittenAt); err != nil {
			return 0, 0, err
		}
		return e.ConversationID, child, conversationNotice(ctx, tx, e.WrittenAt, orgID, e.ConversationID, e.AuthorID, day, n)
	})
	return domainError(err, "conversation", "error.conflict")
}

// conversationNotice queues n, when given, inside the transaction that
// wrote to the conversation: to the guardians taking part who are still
// the child's guardians on day, and to the department's staff on day; not
// to the writer. It links to the conversation.
func conversationNotice(ctx context.Context, tx *txn, now time.Time, orgID, conversationID, writer int64, day pluttra.Date, n *pluttra.Notice) error {
	if n == nil {
		return nil
	}
	guardians, err := reachIDs(tx.query(ctx, `SELECT cg.user_id FROM conversation_guardians cg
		JOIN conversations c ON c.org_id = cg.org_id AND c.id = cg.conversation_id
		JOIN guardianships g ON g.org_id = c.org_id AND g.child_id = c.child_id AND g.guardian_id = cg.user_id
		WHERE cg.org_id = ? AND cg.conversation_id = ? AND `+activeOn("g"), orgID, conversationID, day, day))
	if err != nil {
		return err
	}
	staff, err := reachIDs(tx.query(ctx, `SELECT m.user_id FROM staff_memberships m
		JOIN conversations c ON c.org_id = m.org_id AND c.department_id = m.department_id
		JOIN users u ON u.org_id = m.org_id AND u.id = m.user_id
		WHERE c.org_id = ? AND c.id = ? AND u.active = ? AND `+activeOn("m"), orgID, conversationID, true, day, day))
	if err != nil {
		return err
	}
	n.Recipients = slices.DeleteFunc(append(guardians, staff...), func(id int64) bool { return id == writer })
	n.Link = "/conversations/" + strconv.FormatInt(conversationID, 10)
	return queueNotice(ctx, tx, now, orgID, n)
}

// MarkConversationRead records that the user has read the conversation up to at.
func (s *Store) MarkConversationRead(ctx context.Context, orgID, conversationID, userID int64, at time.Time) error {
	return s.inTx(ctx, func(tx *txn) error { return markRead(ctx, tx, orgID, conversationID, userID, at) })
}

const conversationSummarySelect = `SELECT ` + conversationColumns + `, ch.first_name, ch.last_name, d.name, lu.name, r.read_at
	FROM conversations c
	JOIN children ch ON ch.org_id = c.org_id AND ch.id = c.child_id
	JOIN departments d ON d.org_id = c.org_id AND d.id = c.department_id
	JOIN users lu ON lu.org_id = c.org_id AND lu.id = c.last_by
	LEFT JOIN conversation_reads r ON r.conversation_id = c.id AND r.user_id = ?`

func scanConversationSummary(userID int64) func(r *sql.Rows) (pluttra.ConversationSummary, error) {
	return func(r *sql.Rows) (pluttra.ConversationSummary, error) {
		var cs pluttra.ConversationSummary
		var first, last string
		var read sql.NullTime
		var err error
		cs.Conversation, err = scanConversation(r, &first, &last, &cs.DepartmentName, &cs.LastByName, &read)
		cs.ChildName = first + " " + last
		cs.Unread = cs.LastBy != userID && (!read.Valid || read.Time.Before(cs.LastAt))
		return cs, err
	}
}

// GuardianConversations lists the conversations the guardian takes part
// in about children they are still guardian of on day, latest first.
func (s *Store) GuardianConversations(ctx context.Context, orgID, userID int64, day pluttra.Date) ([]pluttra.ConversationSummary, error) {
	rows, err := s.query(ctx, conversationSummarySelect+`
		JOIN conversation_guardians cg ON cg.conversation_id = c.id AND cg.user_id = ?
		JOIN guardianships g ON g.org_id = c.org_id AND g.child_id = c.child_id AND g.guardian_id = cg.user_id
		WHERE c.org_id = ? AND `+activeOn("g"), userID, userID, orgID, day, day)
	out, err := collect(rows, err, scanConversationSummary(userID))
	out = slices.CompactFunc(sortConversations(out), func(a, b pluttra.ConversationSummary) bool { return a.ID == b.ID })
	return out, err
}

// DepartmentConversations lists the departments' conversations, latest
// first, unread as userID has read them.
func (s *Store) DepartmentConversations(ctx context.Context, orgID, userID int64, departmentIDs []int64, limit int) ([]pluttra.ConversationSummary, error) {
	if len(departmentIDs) == 0 {
		return nil, nil
	}
	if limit <= 0 {
		limit = 100
	}
	args := []any{userID, orgID}
	for _, id := range departmentIDs {
		args = append(args, id)
	}
	rows, err := s.query(ctx, conversationSummarySelect+`
		WHERE c.org_id = ? AND c.department_id IN (`+placeholders(len(departmentIDs))+`)
		ORDER BY c.last_at DESC, c.id DESC LIMIT ?`, append(args, limit)...)
	return collect(rows, err, scanConversationSummary(userID))
}

func sortConversations(cs []pluttra.ConversationSummary) []pluttra.ConversationSummary {
	slices.SortFunc(cs, func(a, b pluttra.ConversationSummary) int {
		return cmp.Or(b.LastAt.Compare(a.LastAt), cmp.Compare(b.ID, a.ID))
	})
	return cs
}

// ConversationFacts gathers what the policy decides on, for viewer.
func (s *Store) ConversationFacts(ctx context.Context, orgID, conversationID, viewer int64) (*pluttra.ConversationFacts, error) {
	var f pluttra.ConversationFacts
	var members int
	err := s.queryRow(ctx, `SELECT c.id, c.child_id, c.department_id,
		(SELECT COUNT(*) FROM conversation_guardians g WHERE g.conversation_id = c.id AND g.user_id = ?)
		FROM conversations c WHERE c.org_id = ? AND c.id = ?`, viewer, orgID, conversationID).
		Scan(&f.ConversationID, &f.ChildID, &f.DepartmentID, &members)
	if err != nil {
		return nil, domainError(err, "conversation", "")
	}
	f.Member = members > 0
	return &f, nil
}

// ConversationAudience reads the facts of a conversation and the guardians
// taking part, for deciding many viewers at once.
func (s *Store) ConversationAudience(ctx context.Context, orgID, conversationID int64) (*pluttra.ConversationFacts, []int64, error) {
	f, err := s.ConversationFacts(ctx, orgID, conversationID, 0)
	if err != nil {
		return nil, nil, err
	}
	guardians, err := s.ids(ctx, `SELECT user_id FROM conversation_guardians WHERE org_id = ? AND conversation_id = ?`, orgID, conversationID)
	return f, guardians, err
}
