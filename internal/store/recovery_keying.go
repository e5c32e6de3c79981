package store

import (
	"context"
	"database/sql"
)

// keyingBatch is how many unkeyed recovery codes one transaction keys.
const keyingBatch = 500

// KeyRecoveryCodes replaces every recovery code hash stored before codes
// were keyed with key(old hash), in every organisation, and says how many
// it changed. Each row is keyed by a conditional update, so several app
// nodes starting at once key each row exactly once.
func (s *Store) KeyRecoveryCodes(ctx context.Context, key func(unkeyed []byte) []byte) (int, error) {
	total := 0
	for {
		n, err := s.keyRecoveryBatch(ctx, key)
		total += n
		if err != nil || n == 0 {
			return total, err
		}
	}
}

func (s *Store) keyRecoveryBatch(ctx context.Context, key func([]byte) []byte) (int, error) {
	type row struct {
		id   int64
		hash []byte
	}
	n := 0
	err := s.inTx(ctx, func(tx *txn) error {
		rows, err := tx.query(ctx, `SELECT id, code_hash FROM recovery_codes WHERE keyed = ? ORDER BY id LIMIT ?`, false, keyingBatch)
		found, err := collect(rows, err, func(r *sql.Rows) (row, error) {
			var x row
			return x, r.Scan(&x.id, &x.hash)
		})
		if err != nil {
			return err
		}
		for _, x := range found {
			res, err := tx.exec(ctx, `UPDATE recovery_codes SET code_hash = ?, keyed = ? WHERE id = ? AND keyed = ?`, key(x.hash), true, x.id, false)
			if err != nil {
				return err
			}
			if c, _ := res.RowsAffected(); c == 1 {
				n++
			}
		}
		return nil
	})
	return n, err
}
