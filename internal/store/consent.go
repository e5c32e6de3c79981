package store

import (
	"context"
	"database/sql"

	"github.com/pluttra/pluttra/internal/pluttra"
)

// RecordConsent adds a guardian's answer for a child. Only someone who is
// or was the child's guardian may answer; the row is never changed later.
func (s *Store) RecordConsent(ctx context.Context, orgID int64, c *pluttra.Consent) error {
	if !c.Level.Valid() {
		return pluttra.Invalid("level", "error.invalid")
	}
	var n int
	err := s.queryRow(ctx, `SELECT COUNT(*) FROM guardianships WHERE org_id = ? AND child_id = ? AND guardian_id = ?`,
		orgID, c.ChildID, c.GuardianID).Scan(&n)
	if err != nil {
		return err
	}
	if n == 0 {
		if _, err := s.Child(ctx, orgID, c.ChildID); err != nil {
			return err
		}
		return pluttra.Invalid("guardian", "error.not_a_guardian")
	}
	if c.At.IsZero() {
		c.At = s.now()
	}
	c.At = c.At.UTC()
	err = s.change(ctx, orgID, pluttra.ChangeConsentRecord, "consent", func(tx *txn) (int64, int64, error) {
		id, err := tx.insert(ctx, `INSERT INTO consents (org_id, child_id, guardian_id, level, given_at)
			VALUES (?, ?, ?, ?, ?) RETURNING id`, orgID, c.ChildID, c.GuardianID, c.Level, c.At)
		c.ID = id
		return id, c.ChildID, err
	})
	if err != nil {
		return domainError(err, "child", "error.conflict")
	}
	c.OrgID = orgID
	return nil
}

// ConsentHistory lists every answer for a child, oldest first.
func (s *Store) ConsentHistory(ctx context.Context, orgID, childID int64) ([]pluttra.Consent, error) {
	rows, err := s.query(ctx, `SELECT id, org_id, child_id, guardian_id, level, given_at FROM consents
		WHERE org_id = ? AND child_id = ? ORDER BY given_at, id`, orgID, childID)
	return collect(rows, err, func(r *sql.Rows) (pluttra.Consent, error) {
		var c pluttra.Consent
		err := r.Scan(&c.ID, &c.OrgID, &c.ChildID, &c.GuardianID, &c.Level, &c.At)
		return c, err
	})
}

// EffectiveConsent computes the level that rules the child's photos on day
// from the latest answer of each active guardian.
func (s *Store) EffectiveConsent(ctx context.Context, orgID, childID int64, day pluttra.Date) (pluttra.ConsentLevel, error) {
	facts, err := s.ChildFacts(ctx, orgID, childID, day)
	if err != nil {
		return "", err
	}
	child, err := s.Child(ctx, orgID, childID)
	if err != nil {
		return "", err
	}
	history, err := s.ConsentHistory(ctx, orgID, childID)
	if err != nil {
		return "", err
	}
	latest := map[int64]pluttra.ConsentLevel{}
	for _, c := range history {
		latest[c.GuardianID] = c.Level
	}
	return pluttra.EffectiveConsent(child.ProtectedIdentity, facts.GuardianIDs, latest), nil
}
