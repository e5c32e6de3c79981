package store

import (
	"context"
	"database/sql"

	"github.com/pluttra/pluttra/internal/pluttra"
)

const talkSlotColumns = `t.id, t.org_id, t.round_id, r.title, t.department_id, t.starts_at, t.ends_at, t.mode, t.place, t.video_url,
	COALESCE(t.child_id, 0), COALESCE(c.first_name, ''), COALESCE(t.booked_by, 0), t.booked_at, t.reminded_at,
	t.summary, COALESCE(t.summary_by, 0), t.summary_at, COALESCE(t.post_id, 0), t.created_by, t.created_at`

const talkSlotFrom = ` FROM talk_slots t JOIN talk_rounds r ON r.org_id = t.org_id AND r.id = t.round_id
	LEFT JOIN children c ON c.org_id = t.org_id AND c.id = t.child_id`

func scanTalkSlot(r interface{ Scan(...any) error }) (pluttra.TalkSlot, error) {
	var t pluttra.TalkSlot
	var booked, reminded, summarised sql.NullTime
	err := r.Scan(&t.ID, &t.OrgID, &t.RoundID, &t.RoundTitle, &t.DepartmentID, &t.Start, &t.End, &t.Mode, &t.Place, &t.VideoURL,
		&t.ChildID, &t.ChildName, &t.BookedBy, &booked, &reminded,
		&t.Summary, &t.SummaryBy, &summarised, &t.SummaryPostID, &t.CreatedBy, &t.CreatedAt)
	t.BookedAt, t.RemindedAt, t.SummaryAt = booked.Time, reminded.Time, summarised.Time
	return t, err
}

// AddTalkSlots adds checked times (CheckTalkSlot) to a round, all or none.
func (s *Store) AddTalkSlots(ctx context.Context, orgID, roundID int64, slots []pluttra.TalkSlot) error {
	now := s.now().UTC()
	err := s.change(ctx, orgID, pluttra.ChangeTalkSlotsAdd, "talk_round", func(tx *txn) (int64, int64, error) {
		var dept int64
		if err := tx.queryRow(ctx, `SELECT department_id FROM talk_rounds WHERE org_id = ? AND id = ?`, orgID, roundID).Scan(&dept); err != nil {
			return 0, 0, err
		}
		for i := range slots {
			sl := &slots[i]
			id, err := tx.insert(ctx, `INSERT INTO talk_slots (org_id, round_id, department_id, starts_at, ends_at, mode, place, video_url,
				created_by, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id`,
				orgID, roundID, dept, sl.Start.UTC(), sl.End.UTC(), sl.Mode, sl.Place, sl.VideoURL, sl.CreatedBy, now)
			if err != nil {
				return 0, 0, err
			}
			sl.ID, sl.OrgID, sl.RoundID, sl.DepartmentID, sl.CreatedAt = id, orgID, roundID, dept, now
		}
		return roundID, 0, nil
	})
	return domainError(err, "talk_round", "error.conflict")
}

// RemoveTalkSlot takes a free time away; a booked one is refused, its
// family must be told first (CancelTalk).
func (s *Store) RemoveTalkSlot(ctx context.Context, orgID, slotID int64) error {
	return s.change(ctx, orgID, pluttra.ChangeTalkSlotRemove, "talk", func(tx *txn) (int64, int64, error) {
		res, err := tx.exec(ctx, `DELETE FROM talk_slots WHERE org_id = ? AND id = ? AND child_id IS NULL`, orgID, slotID)
		if err := requireOne(res, err, "talk"); err != nil {
			if _, _, _, e := slotState(ctx, tx, orgID, slotID); e != nil {
				return 0, 0, e
			}
			return 0, 0, pluttra.Conflict("talk.error.booked_remove", nil)
		}
		return slotID, 0, nil
	})
}

// slotState reads a time's child (0 when free), start and whether its
// summary is shared; NotFound when there is no such time.
func slotState(ctx context.Context, tx *txn, orgID, slotID int64) (childID int64, start sql.NullTime, shared bool, err error) {
	var child, post sql.NullInt64
	err = tx.queryRow(ctx, `SELECT child_id, starts_at, post_id FROM talk_slots WHERE org_id = ? AND id = ?`, orgID, slotID).Scan(&child, &start, &post)
	if err == sql.ErrNoRows {
		return 0, start, false, pluttra.NotFound("talk")
	}
	return child.Int64, start, post.Valid, err
}

// TalkSlot reads one time with its booking.
func (s *Store) TalkSlot(ctx context.Context, orgID, slotID int64) (*pluttra.TalkSlot, error) {
	t, err := scanTalkSlot(s.queryRow(ctx, `SELECT `+talkSlotColumns+talkSlotFrom+` WHERE t.org_id = ? AND t.id = ?`, orgID, slotID))
	if err != nil {
		return nil, domainError(err, "talk", "")
	}
	return &t, nil
}

// TalkSlots lists a round's times by start, with their bookings.
func (s *Store) TalkSlots(ctx context.Context, orgID, roundID int64) ([]pluttra.TalkSlot, error) {
	rows, err := s.query(ctx, `SELECT `+talkSlotColumns+talkSlotFrom+` WHERE t.org_id = ? AND t.round_id = ? ORDER BY t.starts_at, t.id`, orgID, roundID)
	return collect(rows, err, func(r *sql.Rows) (pluttra.TalkSlot, error) { return scanTalkSlot(r) })
}

// ChildTalks lists the times booked for a child, latest first.
func (s *Store) ChildTalks(ctx context.Context, orgID, childID int64) ([]pluttra.TalkSlot, error) {
	rows, err := s.query(ctx, `SELECT `+talkSlotColumns+talkSlotFrom+` WHERE t.org_id = ? AND t.child_id = ? ORDER BY t.starts_at DESC, t.id`, orgID, childID)
	return collect(rows, err, func(r *sql.Rows) (pluttra.TalkSlot, error) { return scanTalkSlot(r) })
}

// TalkFacts is what the access policy needs about a time.
func (s *Store) TalkFacts(ctx context.Context, orgID, slotID int64) (*pluttra.TalkFacts, error) {
	f := pluttra.TalkFacts{TalkID: slotID}
	err := s.queryRow(ctx, `SELECT t.department_id, d.unit_id, COALESCE(t.child_id, 0) FROM talk_slots t
		JOIN departments d ON d.org_id = t.org_id AND d.id = t.department_id
		WHERE t.org_id = ? AND t.id = ?`, orgID, slotID).Scan(&f.DepartmentID, &f.UnitID, &f.ChildID)
	if err != nil {
		return nil, domainError(err, "talk", "")
	}
	return &f, nil
}
