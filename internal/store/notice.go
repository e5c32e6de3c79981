package store

import (
	"context"
	"database/sql"
	"encoding/json"
	"slices"
	"strings"
	"time"

	"github.com/pluttra/pluttra/internal/pluttra"
)

// QueueNotice writes a notice and one delivery per recipient, each on the
// channel the recipient chose and due when their quiet hours allow, in one
// transaction. Recipients who turned the category off get nothing.
func (s *Store) QueueNotice(ctx context.Context, orgID int64, n *pluttra.Notice) error {
	return s.inTx(ctx, func(tx *txn) error { return queueNotice(ctx, tx, s.now(), orgID, n) })
}

// queueNotice is QueueNotice inside a transaction that also makes the
// change the notice is about (a message and its notice commit together).
func queueNotice(ctx context.Context, tx *txn, now time.Time, orgID int64, n *pluttra.Notice) error {
	if err := n.Check(); err != nil {
		return err
	}
	args, err := json.Marshal(n.Args)
	if err != nil {
		return err
	}
	n.OrgID, n.CreatedAt = orgID, now.UTC()
	n.ID, err = tx.insert(ctx, `INSERT INTO notices (org_id, category, msg_key, args, link, urgent, created_at)
		VALUES (?, ?, ?, ?, ?, ?, ?) RETURNING id`, orgID, n.Category, n.Key, string(args), n.Link, n.Urgent, n.CreatedAt)
	if err != nil {
		return domainError(err, "organisation", "error.conflict")
	}
	recipients := slices.Clone(n.Recipients)
	slices.Sort(recipients)
	recipients = slices.Compact(recipients)
	if len(recipients) == 0 {
		return nil
	}
	prefs, err := readNoticePrefs(ctx, tx.query, orgID, recipients)
	if err != nil {
		return err
	}
	for _, uid := range recipients {
		p := prefs[uid]
		ch := p.Channel(n.Category)
		if ch == pluttra.ChannelOff {
			continue
		}
		due := n.CreatedAt
		switch {
		case ch == pluttra.ChannelDigest:
			due = p.NextDigest(now, pluttra.NoticeZone)
		case !n.Urgent:
			if until := p.QuietUntil(now, pluttra.NoticeZone); !until.IsZero() {
				due = until
			}
		}
		if _, err := tx.exec(ctx, `INSERT INTO notice_deliveries (org_id, notice_id, user_id, channel, due_at) VALUES (?, ?, ?, ?, ?)`,
			orgID, n.ID, uid, ch, due.UTC()); err != nil {
			return domainError(err, "user", "error.conflict")
		}
	}
	return nil
}

// readNoticePrefs reads the users' preferences, defaults where they have
// chosen nothing, through query (the pool, or a transaction).
func readNoticePrefs(ctx context.Context, query func(context.Context, string, ...any) (*callRows, error), orgID int64, users []int64) (map[int64]pluttra.NoticePrefs, error) {
	out := make(map[int64]pluttra.NoticePrefs, len(users))
	for _, u := range users {
		out[u] = pluttra.NoticePrefs{Channels: map[pluttra.NoticeCategory]pluttra.Channel{}, NoticeSettings: pluttra.DefaultNoticeSettings}
	}
	in, ids := inList(users)
	rows, err := query(ctx, `SELECT user_id, category, channel FROM notice_prefs WHERE org_id = ? AND user_id IN (`+in+`)`, append([]any{orgID}, ids...)...)
	if err != nil {
		return nil, err
	}
	for rows.Next() {
		var uid int64
		var cat pluttra.NoticeCategory
		var ch pluttra.Channel
		if err := rows.Scan(&uid, &cat, &ch); err != nil {
			rows.Close()
			return nil, err
		}
		out[uid].Channels[cat] = ch
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, err
	}
	rows, err = query(ctx, `SELECT user_id, quiet, quiet_from, quiet_to, digest_at FROM notice_settings WHERE org_id = ? AND user_id IN (`+in+`)`,
		append([]any{orgID}, ids...)...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	for rows.Next() {
		var uid int64
		var st pluttra.NoticeSettings
		if err := rows.Scan(&uid, &st.Quiet, &st.QuietFrom, &st.QuietTo, &st.DigestAt); err != nil {
			return nil, err
		}
		p := out[uid]
		p.NoticeSettings = st
		out[uid] = p
	}
	return out, rows.Err()
}

func inList(ids []int64) (string, []any) {
	args := make([]any, len(ids))
	for i, id := range ids {
		args[i] = id
	}
	return strings.TrimSuffix(strings.Repeat("?, ", len(ids)), ", "), args
}

func (t *txn) query(ctx context.Context, q string, args ...any) (*callRows, error) {
	ctx, cancel := t.bound(ctx)
	r, err := t.tx.QueryContext(ctx, t.d.rebind(q), args...)
	return boundRows(r, err, cancel)
}

// NoticePrefs reads the user's channels and quiet hours, with the
// defaults where they have chosen nothing.
func (s *Store) NoticePrefs(ctx context.Context, orgID, userID int64) (*pluttra.NoticePrefs, error) {
	if _, err := s.User(ctx, orgID, userID); err != nil {
		return nil, err
	}
	prefs, err := readNoticePrefs(ctx, s.query, orgID, []int64{userID})
	if err != nil {
		return nil, err
	}
	p := prefs[userID]
	return &p, nil
}

// SaveNoticePrefs replaces the user's channels and quiet hours, audited.
// Only choices that differ from the defaults are kept, so a changed
// default reaches everyone who never chose.
func (s *Store) SaveNoticePrefs(ctx context.Context, orgID, userID int64, p pluttra.NoticePrefs) error {
	if err := p.Check(); err != nil {
		return err
	}
	for c, ch := range p.Channels {
		if !c.Valid() {
			return pluttra.Invalid("category", "error.invalid")
		}
		if !ch.Valid() {
			return pluttra.Invalid(string(c), "error.invalid")
		}
	}
	err := s.change(ctx, orgID, pluttra.ChangeNoticeSettings, "user", func(tx *txn) (int64, int64, error) {
		if _, err := tx.exec(ctx, `DELETE FROM notice_prefs WHERE org_id = ? AND user_id = ?`, orgID, userID); err != nil {
			return 0, 0, err
		}
		for _, c := range pluttra.NoticeCategories {
			ch, ok := p.Channels[c]
			if !ok || ch == pluttra.DefaultChannel(c) {
				continue
			}
			if _, err := tx.exec(ctx, `INSERT INTO notice_prefs (org_id, user_id, category, channel) VALUES (?, ?, ?, ?)`,
				orgID, userID, c, ch); err != nil {
				return 0, 0, err
			}
		}
		st := p.NoticeSettings
		_, err := tx.exec(ctx, `INSERT INTO notice_settings (org_id, user_id, quiet, quiet_from, quiet_to, digest_at) VALUES (?, ?, ?, ?, ?, ?)
			ON CONFLICT (org_id, user_id) DO UPDATE SET quiet = excluded.quiet, quiet_from = excluded.quiet_from,
				quiet_to = excluded.quiet_to, digest_at = excluded.digest_at`,
			orgID, userID, st.Quiet, st.QuietFrom, st.QuietTo, st.DigestAt)
		return userID, 0, err
	})
	return domainError(err, "user", "error.conflict")
}

// NoticeDeliveries lists the user's deliveries, newest first: what they
// were told of, and how.
func (s *Store) NoticeDeliveries(ctx context.Context, orgID, userID int64, limit int) ([]pluttra.NoticeDelivery, error) {
	rows, err := s.query(ctx, `SELECT `+deliveryColumns+` FROM notice_deliveries d JOIN notices n ON n.org_id = d.org_id AND n.id = d.notice_id
		WHERE d.org_id = ? AND d.user_id = ? ORDER BY d.id DESC LIMIT ?`, orgID, userID, limit)
	return collect(rows, err, scanDelivery)
}

const deliveryColumns = `d.id, d.org_id, d.user_id, d.channel, d.status, d.due_at, d.attempts, d.sent_via, d.last_error,
	n.id, n.category, n.msg_key, n.args, n.link, n.urgent, n.created_at`

func scanDelivery(r *sql.Rows) (pluttra.NoticeDelivery, error) {
	var d pluttra.NoticeDelivery
	var args string
	err := r.Scan(&d.ID, &d.OrgID, &d.UserID, &d.Channel, &d.Status, &d.DueAt, &d.Attempts, &d.SentVia, &d.LastError,
		&d.Notice.ID, &d.Notice.Category, &d.Notice.Key, &args, &d.Notice.Link, &d.Notice.Urgent, &d.Notice.CreatedAt)
	if err != nil {
		return d, err
	}
	d.Notice.OrgID = d.OrgID
	return d, json.Unmarshal([]byte(args), &d.Notice.Args)
}
