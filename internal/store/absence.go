package store

import (
	"cmp"
	"context"
	"database/sql"
	"slices"
	"strings"

	"github.com/pluttra/pluttra/internal/pluttra"
)

const absenceColumns = `a.id, a.org_id, a.child_id, a.reported_by, a.kind, a.from_date, a.to_date, a.note, a.reported_at, a.late`

func scanAbsence(r interface{ Scan(...any) error }) (pluttra.Absence, error) {
	var a pluttra.Absence
	err := r.Scan(&a.ID, &a.OrgID, &a.ChildID, &a.ReportedBy, &a.Kind, &a.From, &a.To, &a.Note, &a.ReportedAt, &a.Late)
	return a, err
}

// ReportAbsence records a report; the caller has checked it
// (pluttra.CheckAbsence) and decided whether it is late.
func (s *Store) ReportAbsence(ctx context.Context, orgID int64, a *pluttra.Absence) error {
	if a.ReportedAt.IsZero() {
		a.ReportedAt = s.now()
	}
	a.ReportedAt = a.ReportedAt.UTC()
	err := s.change(ctx, orgID, pluttra.ChangeAbsenceReport, "absence", func(tx *txn) (int64, int64, error) {
		id, err := tx.insert(ctx, `INSERT INTO absences (org_id, child_id, reported_by, kind, from_date, to_date, note, reported_at, late)
			VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id`,
			orgID, a.ChildID, a.ReportedBy, a.Kind, a.From, a.To, a.Note, a.ReportedAt, a.Late)
		a.ID = id
		return id, a.ChildID, err
	})
	if err != nil {
		return domainError(err, "child", "error.conflict")
	}
	a.OrgID = orgID
	return nil
}

// WithdrawAbsence takes back the child's report from today on: one not yet
// begun is removed, one under way ends yesterday. A report wholly in the
// past stays as it is: those days happened.
func (s *Store) WithdrawAbsence(ctx context.Context, orgID, childID, absenceID int64, today pluttra.Date) error {
	return s.change(ctx, orgID, pluttra.ChangeAbsenceWithdraw, "absence", func(tx *txn) (int64, int64, error) {
		var from, to pluttra.Date
		err := tx.queryRow(ctx, `SELECT from_date, to_date FROM absences WHERE org_id = ? AND child_id = ? AND id = ?`,
			orgID, childID, absenceID).Scan(&from, &to)
		if err != nil {
			return 0, 0, domainError(err, "absence", "")
		}
		var res sql.Result
		switch {
		case to.Before(today):
			return 0, 0, pluttra.Invalid("absence", "absence.error.past")
		case from.Before(today):
			res, err = tx.exec(ctx, `UPDATE absences SET to_date = ? WHERE org_id = ? AND id = ?`, today.AddDays(-1), orgID, absenceID)
		default:
			res, err = tx.exec(ctx, `DELETE FROM absences WHERE org_id = ? AND id = ?`, orgID, absenceID)
		}
		return absenceID, childID, requireOne(res, err, "absence")
	})
}

// AbsencesOfChild lists the child's reports that end on from or later,
// soonest first: what is coming, and what is going on.
func (s *Store) AbsencesOfChild(ctx context.Context, orgID, childID int64, from pluttra.Date) ([]pluttra.Absence, error) {
	rows, err := s.query(ctx, `SELECT `+absenceColumns+` FROM absences a
		WHERE a.org_id = ? AND a.child_id = ? AND a.to_date >= ?`, orgID, childID, from)
	out, err := collect(rows, err, func(r *sql.Rows) (pluttra.Absence, error) { return scanAbsence(r) })
	sortAbsences(out)
	return out, err
}

// DepartmentAbsences lists the reports covering day for the children
// placed in the department that day, with the child's and the reporter's
// names, children in name order.
func (s *Store) DepartmentAbsences(ctx context.Context, orgID, departmentID int64, day pluttra.Date) ([]pluttra.DepartmentAbsence, error) {
	rows, err := s.query(ctx, `SELECT `+absenceColumns+`, c.first_name, c.last_name, u.name
		FROM absences a
		JOIN placements p ON p.org_id = a.org_id AND p.child_id = a.child_id AND p.department_id = ?
			AND p.from_date <= ? AND (p.to_date IS NULL OR p.to_date >= ?)
		JOIN children c ON c.org_id = a.org_id AND c.id = a.child_id
		JOIN users u ON u.org_id = a.org_id AND u.id = a.reported_by
		WHERE a.org_id = ? AND a.from_date <= ? AND a.to_date >= ?`,
		departmentID, day, day, orgID, day, day)
	out, err := collect(rows, err, func(r *sql.Rows) (pluttra.DepartmentAbsence, error) {
		var d pluttra.DepartmentAbsence
		var first, last string
		err := r.Scan(&d.ID, &d.OrgID, &d.ChildID, &d.ReportedBy, &d.Kind, &d.From, &d.To, &d.Note, &d.ReportedAt, &d.Late,
			&first, &last, &d.ReporterName)
		d.ChildName = first + " " + last
		return d, err
	})
	sortDepartmentAbsences(out)
	return out, err
}

// SetAbsenceLateAfter changes the organisation's morning hour for absence
// reports (pluttra.Organisation.AbsenceLateAfter).
func (s *Store) SetAbsenceLateAfter(ctx context.Context, orgID int64, minutes int) error {
	if minutes < 0 || minutes >= 24*60 {
		return pluttra.Invalid("absence_late_after", "error.invalid")
	}
	return s.change(ctx, orgID, pluttra.ChangeOrganisationSettings, "organisation", func(tx *txn) (int64, int64, error) {
		res, err := tx.exec(ctx, `UPDATE organisations SET absence_late_after = ? WHERE id = ?`, minutes, orgID)
		return orgID, 0, requireOne(res, err, "organisation")
	})
}

// The lists are ordered here, not by the query: SQLite plans a statement
// with ORDER BY anew on every run.
func sortAbsences(as []pluttra.Absence) {
	slices.SortFunc(as, func(a, b pluttra.Absence) int {
		return cmp.Or(strings.Compare(a.From.String(), b.From.String()), cmp.Compare(a.ID, b.ID))
	})
}

func sortDepartmentAbsences(as []pluttra.DepartmentAbsence) {
	slices.SortFunc(as, func(a, b pluttra.DepartmentAbsence) int {
		return cmp.Or(strings.Compare(a.ChildName, b.ChildName), cmp.Compare(a.ID, b.ID))
	})
}
