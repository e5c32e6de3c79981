package store_test

import (
	"bytes"
	"context"
	"crypto/sha256"
	"testing"

	"github.com/pluttra/pluttra/internal/mfa"
	"github.com/pluttra/pluttra/internal/pluttra"
	"github.com/pluttra/pluttra/internal/store"
	"github.com/pluttra/pluttra/internal/testrig"
)

// TestRecoveryCodesKeyedInPlace: a recovery code stored before codes were
// keyed (its plain SHA-256) is keyed in place, once, on both databases:
// no plain hash stays stored, and the code its user holds still works,
// once.
func TestRecoveryCodesKeyedInPlace(t *testing.T) {
	ctx := context.Background()
	for _, b := range testrig.Backends() {
		t.Run(b.Name, func(t *testing.T) {
			t.Parallel()
			st := b.Open(t, store.Options{})
			org := pluttra.Organisation{Slug: "a", Name: "A"}
			if err := st.CreateOrganisation(ctx, &org); err != nil {
				t.Fatal(err)
			}
			eva := pluttra.User{Kind: pluttra.KindStaff, Email: "eva@example.se", Name: "Eva"}
			if err := st.CreateUser(ctx, org.ID, &eva); err != nil {
				t.Fatal(err)
			}
			const held = "abcde-fghij" // a code of the older, ten-letter form
			plain := sha256.Sum256([]byte(held))
			if err := st.InsertUnkeyedRecoveryCode(ctx, org.ID, eva.ID, plain[:]); err != nil {
				t.Fatal(err)
			}
			key := bytes.Repeat([]byte{9}, 32)
			rekey := func(old []byte) []byte { return mfa.KeyStoredHash(key, old) }
			if n, err := st.KeyRecoveryCodes(ctx, rekey); err != nil || n != 1 {
				t.Fatalf("keyed %d, %v", n, err)
			}
			if n, err := st.KeyRecoveryCodes(ctx, rekey); err != nil || n != 0 {
				t.Fatalf("keyed again: %d, %v", n, err)
			}
			stored, err := st.RecoveryCodeHashes(ctx, org.ID, eva.ID)
			if err != nil || len(stored) != 1 || bytes.Equal(stored[0], plain[:]) {
				t.Fatalf("stored = %x, %v", stored, err)
			}
			if err := st.UseRecoveryCode(ctx, org.ID, eva.ID, mfa.HashRecoveryCode(key, "ABCDEFGHIJ")); err != nil {
				t.Fatalf("the held code after keying: %v", err)
			}
			if err := st.UseRecoveryCode(ctx, org.ID, eva.ID, mfa.HashRecoveryCode(key, held)); pluttra.ErrorCode(err) != pluttra.ENOTFOUND {
				t.Fatalf("the held code worked twice: %v", err)
			}
		})
	}
}
