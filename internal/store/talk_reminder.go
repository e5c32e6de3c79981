package store

import (
	"context"
	"database/sql"
	"time"

	"github.com/pluttra/pluttra/internal/pluttra"
)

// talkReminderBatch is how many reminders one pass writes at most; the
// next pass takes the rest.
const talkReminderBatch = 100

// QueueTalkReminders writes, for every organisation, the reminder of each
// booked talk that starts after now and before the end of tomorrow and
// has not been reminded of: a notice to the child's active guardians.
// Each time is marked by a conditional update in the reminder's own
// transaction, so when several nodes run it each talk is reminded of
// once. It says how many reminders it wrote.
func (s *Store) QueueTalkReminders(ctx context.Context, now time.Time) (int, error) {
	now = now.UTC()
	type due struct{ org, id int64 }
	rows, err := s.query(ctx, `SELECT org_id, id FROM talk_slots
		WHERE child_id IS NOT NULL AND reminded_at IS NULL AND starts_at > ? AND starts_at < ? ORDER BY starts_at LIMIT ?`,
		now, pluttra.TalkRemindUntil(now).UTC(), talkReminderBatch)
	list, err := collect(rows, err, func(r *sql.Rows) (due, error) {
		var d due
		return d, r.Scan(&d.org, &d.id)
	})
	if err != nil {
		return 0, err
	}
	written := 0
	for _, d := range list {
		ok, err := s.remindTalk(ctx, d.org, d.id, now)
		if err != nil {
			return written, err
		}
		if ok {
			written++
		}
	}
	return written, nil
}

// remindTalk marks one time reminded and queues its reminder, unless
// another node did first.
func (s *Store) remindTalk(ctx context.Context, orgID, slotID int64, now time.Time) (bool, error) {
	written := false
	err := s.inTx(ctx, func(tx *txn) error {
		res, err := tx.exec(ctx, `UPDATE talk_slots SET reminded_at = ? WHERE org_id = ? AND id = ? AND reminded_at IS NULL AND child_id IS NOT NULL`,
			now, orgID, slotID)
		if err != nil {
			return err
		}
		if n, err := res.RowsAffected(); err != nil || n == 0 {
			return err
		}
		var child int64
		var name string
		var start time.Time
		if err := tx.queryRow(ctx, `SELECT t.child_id, c.first_name, t.starts_at FROM talk_slots t
			JOIN children c ON c.org_id = t.org_id AND c.id = t.child_id WHERE t.org_id = ? AND t.id = ?`, orgID, slotID).Scan(&child, &name, &start); err != nil {
			return err
		}
		n := pluttra.TalkNotice("notice.talk_reminder", name, start, "")
		written = true
		// Written now, whatever clock chose it: due at once.
		return tellFamily(ctx, tx, s.now(), orgID, slotID, child, 0, n)
	})
	return written, err
}
