package store

import (
	"context"
	"database/sql"

	"github.com/pluttra/pluttra/internal/pluttra"
)

// AddPlacement places a child in a department from p.From.
func (s *Store) AddPlacement(ctx context.Context, orgID int64, p *pluttra.Placement) error {
	if err := p.Period.Validate(); err != nil {
		return err
	}
	err := s.change(ctx, orgID, pluttra.ChangePlacementAdd, "placement", func(tx *txn) (int64, int64, error) {
		id, err := tx.insert(ctx, `INSERT INTO placements (org_id, child_id, department_id, from_date, to_date)
			VALUES (?, ?, ?, ?, ?) RETURNING id`, orgID, p.ChildID, p.DepartmentID, p.From, p.To)
		p.ID = id
		return id, p.ChildID, err
	})
	if err != nil {
		return domainError(err, "placement", "error.conflict")
	}
	p.OrgID = orgID
	return nil
}

// EndPlacement makes last the final day of the placement.
func (s *Store) EndPlacement(ctx context.Context, orgID, placementID int64, last pluttra.Date) error {
	return s.endPeriod(ctx, "placements", "placement", orgID, placementID, last, true)
}

// Placements lists every placement of a child, ended ones included.
func (s *Store) Placements(ctx context.Context, orgID, childID int64) ([]pluttra.Placement, error) {
	rows, err := s.query(ctx, `SELECT id, org_id, child_id, department_id, from_date, to_date
		FROM placements WHERE org_id = ? AND child_id = ? ORDER BY from_date, id`, orgID, childID)
	return collect(rows, err, func(r *sql.Rows) (pluttra.Placement, error) {
		var p pluttra.Placement
		err := r.Scan(&p.ID, &p.OrgID, &p.ChildID, &p.DepartmentID, &p.From, &p.To)
		return p, err
	})
}
