package store

import (
	"context"
	"database/sql"
	"strings"

	"github.com/pluttra/pluttra/internal/pluttra"
)

const talkRoundColumns = `r.id, r.org_id, r.department_id, d.name, r.title, r.intro, r.questions, r.created_by, r.created_at`

const talkRoundFrom = ` FROM talk_rounds r JOIN departments d ON d.org_id = r.org_id AND d.id = r.department_id`

func scanTalkRound(r interface{ Scan(...any) error }) (pluttra.TalkRound, error) {
	var t pluttra.TalkRound
	var questions string
	err := r.Scan(&t.ID, &t.OrgID, &t.DepartmentID, &t.DepartmentName, &t.Title, &t.Intro, &questions, &t.CreatedBy, &t.CreatedAt)
	if questions != "" {
		t.Questions = strings.Split(questions, "\n")
	}
	return t, err
}

// CreateTalkRound stores a checked round (CheckTalkRound) of a department.
func (s *Store) CreateTalkRound(ctx context.Context, orgID int64, r *pluttra.TalkRound) error {
	now := s.now().UTC()
	err := s.change(ctx, orgID, pluttra.ChangeTalkRoundCreate, "talk_round", func(tx *txn) (int64, int64, error) {
		id, err := tx.insert(ctx, `INSERT INTO talk_rounds (org_id, department_id, title, intro, questions, created_by, created_at)
			VALUES (?, ?, ?, ?, ?, ?, ?) RETURNING id`,
			orgID, r.DepartmentID, r.Title, r.Intro, strings.Join(r.Questions, "\n"), r.CreatedBy, now)
		r.ID = id
		return id, 0, err
	})
	if err != nil {
		return domainError(err, "department", "error.conflict")
	}
	r.OrgID, r.CreatedAt = orgID, now
	return nil
}

// TalkRound reads one round.
func (s *Store) TalkRound(ctx context.Context, orgID, roundID int64) (*pluttra.TalkRound, error) {
	r, err := scanTalkRound(s.queryRow(ctx, `SELECT `+talkRoundColumns+talkRoundFrom+` WHERE r.org_id = ? AND r.id = ?`, orgID, roundID))
	if err != nil {
		return nil, domainError(err, "talk_round", "")
	}
	return &r, nil
}

// TalkRounds lists the rounds of the departments, newest first.
func (s *Store) TalkRounds(ctx context.Context, orgID int64, departmentIDs []int64) ([]pluttra.TalkRound, error) {
	if len(departmentIDs) == 0 {
		return nil, nil
	}
	in, args := inList(departmentIDs)
	rows, err := s.query(ctx, `SELECT `+talkRoundColumns+talkRoundFrom+` WHERE r.org_id = ? AND r.department_id IN (`+in+`)
		ORDER BY r.created_at DESC, r.id DESC`, append([]any{orgID}, args...)...)
	return collect(rows, err, func(r *sql.Rows) (pluttra.TalkRound, error) { return scanTalkRound(r) })
}
