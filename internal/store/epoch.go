package store

import "context"

// Epoch is the organisation's change counter: triggers raise it with every
// change to what its pages show (migration 0015), so a page made at an
// epoch is current while the epoch is.
func (s *Store) Epoch(ctx context.Context, orgID int64) (int64, error) {
	var e int64
	err := s.queryRow(ctx, `SELECT epoch FROM org_epochs WHERE org_id = ?`, orgID).Scan(&e)
	return e, err
}
