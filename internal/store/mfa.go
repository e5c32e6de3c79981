package store

import (
	"context"
	"slices"

	"github.com/pluttra/pluttra/internal/pluttra"
)

// StartTOTP stores a fresh unconfirmed secret; a confirmed one is kept.
func (s *Store) StartTOTP(ctx context.Context, orgID, userID int64, sealed []byte) error {
	res, err := s.exec(ctx, `INSERT INTO totp_secrets (org_id, user_id, sealed, confirmed, last_step, created_at)
		VALUES (?, ?, ?, ?, 0, ?)
		ON CONFLICT (org_id, user_id) DO UPDATE SET sealed = excluded.sealed, created_at = excluded.created_at
		WHERE totp_secrets.confirmed = ?`, orgID, userID, sealed, false, s.now().UTC(), false)
	if err != nil {
		return domainError(err, "user", "error.conflict")
	}
	if n, _ := res.RowsAffected(); n == 0 {
		return pluttra.Conflict("error.conflict", nil)
	}
	return nil
}

// TOTP reads a user's second factor.
func (s *Store) TOTP(ctx context.Context, orgID, userID int64) (*pluttra.TOTP, error) {
	t := pluttra.TOTP{OrgID: orgID, UserID: userID}
	err := s.queryRow(ctx, `SELECT sealed, confirmed, last_step FROM totp_secrets WHERE org_id = ? AND user_id = ?`,
		orgID, userID).Scan(&t.Sealed, &t.Confirmed, &t.LastStep)
	if err != nil {
		return nil, domainError(err, "second factor", "")
	}
	return &t, nil
}

// ConfirmTOTP confirms the secret at step and sets new recovery codes.
func (s *Store) ConfirmTOTP(ctx context.Context, orgID, userID, step int64, recoveryHashes [][]byte) error {
	return s.change(ctx, orgID, pluttra.ChangeMFAConfirm, "user", func(tx *txn) (int64, int64, error) {
		res, err := tx.exec(ctx, `UPDATE totp_secrets SET confirmed = ?, last_step = ? WHERE org_id = ? AND user_id = ? AND confirmed = ?`,
			true, step, orgID, userID, false)
		if err := requireOne(res, err, "second factor"); err != nil {
			return 0, 0, err
		}
		if _, err := tx.exec(ctx, `DELETE FROM recovery_codes WHERE org_id = ? AND user_id = ?`, orgID, userID); err != nil {
			return 0, 0, err
		}
		for _, h := range recoveryHashes {
			if _, err := tx.exec(ctx, `INSERT INTO recovery_codes (org_id, user_id, code_hash, keyed) VALUES (?, ?, ?, ?)`, orgID, userID, h, true); err != nil {
				return 0, 0, err
			}
		}
		return userID, 0, nil
	})
}

// UseTOTPStep moves last_step forward to step, or fails with Conflict when
// step is not newer: the compare and the write are one statement.
func (s *Store) UseTOTPStep(ctx context.Context, orgID, userID, step int64) error {
	res, err := s.exec(ctx, `UPDATE totp_secrets SET last_step = ? WHERE org_id = ? AND user_id = ? AND confirmed = ? AND last_step < ?`,
		step, orgID, userID, true, step)
	if err != nil {
		return err
	}
	if n, _ := res.RowsAffected(); n == 0 {
		return pluttra.Conflict("error.mfa_code", nil)
	}
	return nil
}

// UseRecoveryCode spends one unused recovery code. The hash is a keyed
// one: a row not keyed yet never matches.
func (s *Store) UseRecoveryCode(ctx context.Context, orgID, userID int64, hash []byte) error {
	return s.change(ctx, orgID, pluttra.ChangeMFARecovery, "user", func(tx *txn) (int64, int64, error) {
		res, err := tx.exec(ctx, `UPDATE recovery_codes SET used_at = ? WHERE org_id = ? AND user_id = ? AND code_hash = ? AND keyed = ? AND used_at IS NULL`,
			s.now().UTC(), orgID, userID, hash, true)
		return userID, 0, requireOne(res, err, "recovery code")
	})
}

// SetRequireStaffMFA turns the organisation's second-factor rule on or off.
// Turning it on ends, in the same transaction, every session of its staff
// and admins that did not pass a second factor, so they log in again and
// set one up; it returns whose sessions ended.
func (s *Store) SetRequireStaffMFA(ctx context.Context, orgID int64, require bool) ([]int64, error) {
	var ended []int64
	err := s.change(ctx, orgID, pluttra.ChangeOrganisationSettings, "organisation", func(tx *txn) (int64, int64, error) {
		var was bool
		if err := tx.queryRow(ctx, `SELECT require_staff_mfa FROM organisations WHERE id = ?`, orgID).Scan(&was); err != nil {
			return 0, 0, domainError(err, "organisation", "")
		}
		if _, err := tx.exec(ctx, `UPDATE organisations SET require_staff_mfa = ? WHERE id = ?`, require, orgID); err != nil {
			return 0, 0, err
		}
		if !require || was {
			return orgID, 0, nil
		}
		rows, err := tx.query(ctx, `DELETE FROM sessions WHERE org_id = ? AND second_factor = ?
			AND user_id IN (SELECT id FROM users WHERE org_id = ? AND kind IN (?, ?)) RETURNING user_id`,
			orgID, false, orgID, pluttra.KindStaff, pluttra.KindOrgAdmin)
		if err != nil {
			return 0, 0, err
		}
		defer rows.Close()
		for rows.Next() {
			var id int64
			if err := rows.Scan(&id); err != nil {
				return 0, 0, err
			}
			if !slices.Contains(ended, id) {
				ended = append(ended, id)
			}
		}
		return orgID, 0, rows.Err()
	})
	if err != nil {
		return nil, err
	}
	slices.Sort(ended)
	return ended, nil
}

// ResetMFA removes the user's second factor, recovery codes and sessions.
func (s *Store) ResetMFA(ctx context.Context, orgID, userID int64) error {
	return s.change(ctx, orgID, pluttra.ChangeMFAReset, "user", func(tx *txn) (int64, int64, error) {
		var n int
		if err := tx.queryRow(ctx, `SELECT COUNT(*) FROM users WHERE org_id = ? AND id = ?`, orgID, userID).Scan(&n); err != nil || n == 0 {
			return 0, 0, pluttra.NotFound("user")
		}
		for _, q := range []string{
			`DELETE FROM totp_secrets WHERE org_id = ? AND user_id = ?`,
			`DELETE FROM recovery_codes WHERE org_id = ? AND user_id = ?`,
			`DELETE FROM sessions WHERE org_id = ? AND user_id = ?`,
		} {
			if _, err := tx.exec(ctx, q, orgID, userID); err != nil {
				return 0, 0, err
			}
		}
		return userID, 0, nil
	})
}
