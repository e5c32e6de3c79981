package store

import (
	"context"
	"database/sql"
	"time"

	"github.com/pluttra/pluttra/internal/pluttra"
)

const ss12000Columns = `org_id, url, token_sealed, interval_hours, next_run_at, last_run_at, last_ok, last_count, last_problem, last_detail`

func scanSS12000(r interface{ Scan(...any) error }) (pluttra.SS12000Source, error) {
	var src pluttra.SS12000Source
	var next, last sql.NullTime
	err := r.Scan(&src.OrgID, &src.URL, &src.TokenSealed, &src.IntervalHours, &next, &last,
		&src.LastRun.OK, &src.LastRun.Count, &src.LastRun.Problem, &src.LastRun.Detail)
	src.NextRunAt, src.LastRun.At = next.Time, last.Time
	return src, err
}

// SS12000Source reads the organisation's SS 12000 connection.
func (s *Store) SS12000Source(ctx context.Context, orgID int64) (*pluttra.SS12000Source, error) {
	src, err := scanSS12000(s.queryRow(ctx, `SELECT `+ss12000Columns+` FROM ss12000_sources WHERE org_id = ?`, orgID))
	if err != nil {
		return nil, domainError(err, "ss12000", "")
	}
	return &src, nil
}

// SaveSS12000Source stores the settings; a schedule starts one interval
// from now, and the record of the last run is kept.
func (s *Store) SaveSS12000Source(ctx context.Context, src *pluttra.SS12000Source) error {
	if err := src.Validate(); err != nil {
		return err
	}
	var next any
	if src.IntervalHours > 0 {
		src.NextRunAt = s.now().UTC().Add(time.Duration(src.IntervalHours) * time.Hour)
		next = src.NextRunAt
	} else {
		src.NextRunAt = time.Time{}
	}
	return s.change(ctx, src.OrgID, pluttra.ChangeOrganisationSettings, "organisation", func(tx *txn) (int64, int64, error) {
		_, err := tx.exec(ctx, `INSERT INTO ss12000_sources (org_id, url, token_sealed, interval_hours, next_run_at)
			VALUES (?, ?, ?, ?, ?)
			ON CONFLICT (org_id) DO UPDATE SET url = excluded.url, token_sealed = excluded.token_sealed,
				interval_hours = excluded.interval_hours, next_run_at = excluded.next_run_at`,
			src.OrgID, src.URL, src.TokenSealed, src.IntervalHours, next)
		return src.OrgID, 0, domainError(err, "organisation", "error.conflict")
	})
}

// ClaimDueSS12000 moves each due source to its next run with a conditional
// update; a source another node claimed first no longer matches and is
// left out.
func (s *Store) ClaimDueSS12000(ctx context.Context, now time.Time) ([]pluttra.SS12000Source, error) {
	now = now.UTC()
	rows, err := s.query(ctx, `SELECT `+ss12000Columns+` FROM ss12000_sources
		WHERE next_run_at IS NOT NULL AND next_run_at <= ? AND interval_hours > 0 ORDER BY org_id`, now)
	due, err := collect(rows, err, func(r *sql.Rows) (pluttra.SS12000Source, error) { return scanSS12000(r) })
	if err != nil {
		return nil, err
	}
	var claimed []pluttra.SS12000Source
	for _, src := range due {
		next := now.Add(time.Duration(src.IntervalHours) * time.Hour)
		res, err := s.exec(ctx, `UPDATE ss12000_sources SET next_run_at = ?
			WHERE org_id = ? AND next_run_at IS NOT NULL AND next_run_at <= ?`, next, src.OrgID, now)
		if err != nil {
			return nil, err
		}
		if n, err := res.RowsAffected(); err != nil {
			return nil, err
		} else if n == 1 {
			src.NextRunAt = next
			claimed = append(claimed, src)
		}
	}
	return claimed, nil
}

// RecordSS12000Run notes the outcome of a pull.
func (s *Store) RecordSS12000Run(ctx context.Context, orgID int64, run pluttra.SS12000Run) error {
	res, err := s.exec(ctx, `UPDATE ss12000_sources SET last_run_at = ?, last_ok = ?, last_count = ?, last_problem = ?, last_detail = ?
		WHERE org_id = ?`, run.At.UTC(), run.OK, run.Count, run.Problem, run.Detail, orgID)
	return requireOne(res, err, "ss12000")
}
