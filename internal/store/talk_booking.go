package store

import (
	"context"
	"strconv"
	"time"

	"github.com/pluttra/pluttra/internal/pluttra"
)

// BookTalk books a free time for a child placed, on now's day, in the
// time's department. The time is taken by one conditional update, so of
// two families asking at once exactly one gets it and the other is told
// it is taken; a child holds at most one time of a round. The booking is
// audited and in the child's access log. n, when given, is told to the
// child's other active guardians (not userID, who booked) in the same
// transaction. A time starting before the end of tomorrow counts as
// reminded of: the booking is the news.
func (s *Store) BookTalk(ctx context.Context, orgID, slotID, childID, userID int64, now time.Time, n *pluttra.Notice) error {
	now = now.UTC()
	day := pluttra.DateOf(now, pluttra.CalendarZone)
	err := s.change(ctx, orgID, pluttra.ChangeTalkBook, "talk", func(tx *txn) (int64, int64, error) {
		res, err := tx.exec(ctx, `UPDATE talk_slots SET child_id = ?, booked_by = ?, booked_at = ?
			WHERE org_id = ? AND id = ? AND child_id IS NULL AND starts_at > ? AND department_id IN (
				SELECT p.department_id FROM placements p WHERE p.org_id = ? AND p.child_id = ? AND `+activeOn("p")+`)`,
			childID, userID, now, orgID, slotID, now, orgID, childID, day, day)
		if violation(err) == violationUnique {
			return 0, 0, pluttra.Conflict("talk.error.already_booked", nil)
		}
		if err := requireOne(res, err, "talk"); err != nil {
			if pluttra.ErrorCode(err) != pluttra.ENOTFOUND {
				return 0, 0, err
			}
			return 0, 0, whyNotBooked(ctx, tx, orgID, slotID, now)
		}
		if _, err := tx.exec(ctx, `UPDATE talk_slots SET reminded_at = ? WHERE org_id = ? AND id = ? AND starts_at < ?`,
			now, orgID, slotID, pluttra.TalkRemindUntil(now).UTC()); err != nil {
			return 0, 0, err
		}
		return slotID, childID, tellFamily(ctx, tx, now, orgID, slotID, childID, userID, n)
	})
	return domainError(err, "talk", "error.conflict")
}

// whyNotBooked explains a booking that found no free time: taken, begun,
// or not one the child may have (another department's reads as not found).
func whyNotBooked(ctx context.Context, tx *txn, orgID, slotID int64, now time.Time) error {
	child, start, _, err := slotState(ctx, tx, orgID, slotID)
	switch {
	case err != nil:
		return err
	case child != 0:
		return pluttra.Conflict("talk.error.taken", nil)
	case !start.Time.After(now):
		return pluttra.Conflict("talk.error.started", nil)
	}
	return pluttra.NotFound("talk")
}

// tellFamily queues n, linked to the time, to the child's active
// guardians other than the one who acted.
func tellFamily(ctx context.Context, tx *txn, now time.Time, orgID, slotID, childID, actor int64, n *pluttra.Notice) error {
	if n == nil {
		return nil
	}
	guardians, err := activeGuardians(ctx, tx, orgID, childID, pluttra.DateOf(now, pluttra.CalendarZone))
	if err != nil {
		return err
	}
	n.Recipients = n.Recipients[:0]
	for _, g := range guardians {
		if g != actor {
			n.Recipients = append(n.Recipients, g)
		}
	}
	if len(n.Recipients) == 0 {
		return nil
	}
	n.Link = "/talks/" + strconv.FormatInt(slotID, 10)
	return queueNotice(ctx, tx, now, orgID, n)
}

// activeGuardians lists the child's guardians whose guardianship holds on
// day and whose account is active.
func activeGuardians(ctx context.Context, tx *txn, orgID, childID int64, day pluttra.Date) ([]int64, error) {
	rows, err := tx.query(ctx, `SELECT g.guardian_id FROM guardianships g JOIN users u ON u.org_id = g.org_id AND u.id = g.guardian_id
		WHERE g.org_id = ? AND g.child_id = ? AND u.active = ? AND `+activeOn("g"), orgID, childID, true, day, day)
	return reachIDs(rows, err)
}

// CancelTalk frees a booked time that has not begun; n, when given, is
// told to the child's other active guardians.
func (s *Store) CancelTalk(ctx context.Context, orgID, slotID, userID int64, now time.Time, n *pluttra.Notice) error {
	now = now.UTC()
	return s.change(ctx, orgID, pluttra.ChangeTalkCancel, "talk", func(tx *txn) (int64, int64, error) {
		child, start, _, err := slotState(ctx, tx, orgID, slotID)
		switch {
		case err != nil:
			return 0, 0, err
		case child == 0:
			return 0, 0, pluttra.Conflict("talk.error.not_booked", nil)
		case !start.Time.After(now):
			return 0, 0, pluttra.Conflict("talk.error.started", nil)
		}
		res, err := tx.exec(ctx, `UPDATE talk_slots SET child_id = NULL, booked_by = NULL, booked_at = NULL, reminded_at = NULL
			WHERE org_id = ? AND id = ? AND child_id = ?`, orgID, slotID, child)
		if err := requireOne(res, err, "talk"); err != nil {
			return 0, 0, pluttra.Conflict("talk.error.not_booked", nil) // freed meanwhile
		}
		return slotID, child, tellFamily(ctx, tx, now, orgID, slotID, child, userID, n)
	})
}
