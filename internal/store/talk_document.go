package store

import (
	"context"
	"database/sql"
	"encoding/json"
	"time"

	"github.com/pluttra/pluttra/internal/pluttra"
)

// SaveTalkAnswers keeps a family's answers to a round's questionnaire
// (CheckTalkAnswers), replacing earlier ones, while the child's talk of
// the round is booked and has not begun.
func (s *Store) SaveTalkAnswers(ctx context.Context, orgID int64, a *pluttra.TalkAnswers) error {
	now := s.now().UTC()
	body, err := json.Marshal(a.Answers)
	if err != nil {
		return err
	}
	return s.change(ctx, orgID, pluttra.ChangeTalkAnswer, "talk_round", func(tx *txn) (int64, int64, error) {
		var start time.Time
		err := tx.queryRow(ctx, `SELECT starts_at FROM talk_slots WHERE org_id = ? AND round_id = ? AND child_id = ?`,
			orgID, a.RoundID, a.ChildID).Scan(&start)
		switch {
		case err == sql.ErrNoRows:
			return 0, 0, pluttra.Conflict("talk.error.not_booked", nil)
		case err != nil:
			return 0, 0, err
		case !start.After(now):
			return 0, 0, pluttra.Conflict("talk.error.started", nil)
		}
		_, err = tx.exec(ctx, `INSERT INTO talk_answers (org_id, round_id, child_id, answers, answered_by, answered_at)
			VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (round_id, child_id)
			DO UPDATE SET answers = excluded.answers, answered_by = excluded.answered_by, answered_at = excluded.answered_at`,
			orgID, a.RoundID, a.ChildID, string(body), a.AnsweredBy, now)
		a.AnsweredAt = now
		return a.RoundID, a.ChildID, err
	})
}

// TalkAnswers reads a family's answers; NotFound when they have none.
func (s *Store) TalkAnswers(ctx context.Context, orgID, roundID, childID int64) (*pluttra.TalkAnswers, error) {
	a := pluttra.TalkAnswers{RoundID: roundID, ChildID: childID}
	var body string
	err := s.queryRow(ctx, `SELECT answers, answered_by, answered_at FROM talk_answers WHERE org_id = ? AND round_id = ? AND child_id = ?`,
		orgID, roundID, childID).Scan(&body, &a.AnsweredBy, &a.AnsweredAt)
	if err != nil {
		return nil, domainError(err, "talk_answers", "")
	}
	if err := json.Unmarshal([]byte(body), &a.Answers); err != nil {
		return nil, err
	}
	return &a, nil
}

// TalkAnswered lists the children of a round whose families have answered
// its questions, so a round's page marks them in one read.
func (s *Store) TalkAnswered(ctx context.Context, orgID, roundID int64) ([]int64, error) {
	rows, err := s.query(ctx, `SELECT child_id FROM talk_answers WHERE org_id = ? AND round_id = ?`, orgID, roundID)
	return reachIDs(rows, err)
}

// SaveTalkSummary keeps the staff's summary of a booked talk, until it is
// shared.
func (s *Store) SaveTalkSummary(ctx context.Context, orgID, slotID, userID int64, summary string) error {
	now := s.now().UTC()
	return s.change(ctx, orgID, pluttra.ChangeTalkSummary, "talk", func(tx *txn) (int64, int64, error) {
		child, err := summarisable(ctx, tx, orgID, slotID, now, false)
		if err != nil {
			return 0, 0, err
		}
		_, err = tx.exec(ctx, `UPDATE talk_slots SET summary = ?, summary_by = ?, summary_at = ? WHERE org_id = ? AND id = ? AND post_id IS NULL`,
			summary, userID, now, orgID, slotID)
		return slotID, child, err
	})
}

// summarisable checks that a time is booked and its summary not yet
// shared; sharing also needs the talk to have begun. It returns the child.
func summarisable(ctx context.Context, tx *txn, orgID, slotID int64, now time.Time, share bool) (int64, error) {
	child, start, shared, err := slotState(ctx, tx, orgID, slotID)
	switch {
	case err != nil:
		return 0, err
	case child == 0:
		return 0, pluttra.Conflict("talk.error.not_booked", nil)
	case shared:
		return 0, pluttra.Conflict("talk.error.shared", nil)
	case share && start.Time.After(now):
		return 0, pluttra.Conflict("talk.error.not_held", nil)
	}
	return child, nil
}

// ShareTalkSummary shares a held talk's summary into the child's
// portfolio: p (a post about the child, in the time's department, with the
// summary as its text) is published with its notices and the time marks
// it, in one transaction, once only.
func (s *Store) ShareTalkSummary(ctx context.Context, orgID, slotID int64, p *pluttra.Post, notices []*pluttra.Notice) error {
	now := s.now().UTC()
	err := s.change(ctx, orgID, pluttra.ChangeTalkShare, "talk", func(tx *txn) (int64, int64, error) {
		child, err := summarisable(ctx, tx, orgID, slotID, now, true)
		if err != nil {
			return 0, 0, err
		}
		if err := tx.queryRow(ctx, `SELECT department_id FROM talk_slots WHERE org_id = ? AND id = ?`, orgID, slotID).Scan(&p.DepartmentID); err != nil {
			return 0, 0, err
		}
		p.ID, p.Children, p.Audience, p.Status = 0, []int64{child}, pluttra.AudienceChildren, pluttra.PostPublished
		p.PublishedOn = pluttra.DateOf(now, pluttra.CalendarZone)
		if err := p.Validate(); err != nil {
			return 0, 0, err
		}
		if err := s.writePost(ctx, tx, orgID, p, now, notices); err != nil {
			return 0, 0, err
		}
		res, err := tx.exec(ctx, `UPDATE talk_slots SET summary = ?, summary_by = ?, summary_at = ?, post_id = ?
			WHERE org_id = ? AND id = ? AND post_id IS NULL AND child_id = ?`, p.Body, p.AuthorID, now, p.ID, orgID, slotID, child)
		if err := requireOne(res, err, "talk"); err != nil {
			return 0, 0, pluttra.Conflict("talk.error.shared", nil)
		}
		return slotID, child, nil
	})
	if err != nil {
		p.ID = 0
	}
	return domainError(err, "talk", "error.conflict")
}
