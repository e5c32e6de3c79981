package app

import (
	"context"
	"fmt"
	"log/slog"

	"github.com/pluttra/pluttra/internal/mfa"
	"github.com/pluttra/pluttra/internal/store"
)

// keyRecoveryCodes keys, once, the recovery codes stored before codes were
// keyed (plain SHA-256 hashes, which a copy of the database could test
// guesses against): each becomes the keyed hash the login now looks up,
// so the codes users hold keep working and no plain hash stays stored.
// Later starts find nothing to do.
func keyRecoveryCodes(ctx context.Context, st *store.Store, logger *slog.Logger) error {
	key, err := st.Secret(ctx, mfa.RecoverySecretName)
	if err != nil {
		return fmt.Errorf("recovery code key: %w", err)
	}
	n, err := st.KeyRecoveryCodes(ctx, func(old []byte) []byte { return mfa.KeyStoredHash(key, old) })
	if err != nil {
		return fmt.Errorf("keying stored recovery codes: %w", err)
	}
	if n > 0 {
		logger.Info("stored recovery codes keyed", "codes", n)
	}
	return nil
}
