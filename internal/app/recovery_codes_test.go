package app

import (
	"bytes"
	"context"
	"crypto/sha256"
	"database/sql"
	"path/filepath"
	"testing"

	"github.com/pluttra/pluttra/internal/mfa"
	"github.com/pluttra/pluttra/internal/pluttra"
	"github.com/pluttra/pluttra/internal/store"
)

// TestStartKeysOlderRecoveryCodes: a database holding a recovery code as
// codes were stored before they were keyed (its plain SHA-256) no longer
// holds it once the server has started, and the code its user kept still
// works.
func TestStartKeysOlderRecoveryCodes(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	st, err := store.Open(ctx, "", dir, store.Options{})
	if err != nil {
		t.Fatal(err)
	}
	org := pluttra.Organisation{Slug: "a", Name: "A"}
	eva := pluttra.User{Kind: pluttra.KindStaff, Email: "eva@example.se", Name: "Eva"}
	if err := st.CreateOrganisation(ctx, &org); err != nil {
		t.Fatal(err)
	}
	if err := st.CreateUser(ctx, org.ID, &eva); err != nil {
		t.Fatal(err)
	}
	st.Close()
	const held = "abcde-fghij"
	plain := sha256.Sum256([]byte(held))
	db, err := sql.Open("sqlite", "file:"+filepath.Join(dir, "pluttra.db"))
	if err != nil {
		t.Fatal(err)
	}
	if _, err := db.Exec(`INSERT INTO recovery_codes (org_id, user_id, code_hash) VALUES (?, ?, ?)`, org.ID, eva.ID, plain[:]); err != nil {
		t.Fatal(err)
	}
	db.Close()

	a := openTestAppIn(t, dir)
	var stored []byte
	db, err = sql.Open("sqlite", "file:"+filepath.Join(dir, "pluttra.db")+"?mode=ro")
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	if err := db.QueryRow(`SELECT code_hash FROM recovery_codes WHERE user_id = ?`, eva.ID).Scan(&stored); err != nil {
		t.Fatal(err)
	}
	if bytes.Equal(stored, plain[:]) {
		t.Fatal("the plain SHA-256 is still stored after start")
	}
	key, err := a.Store.Secret(ctx, mfa.RecoverySecretName)
	if err != nil {
		t.Fatal(err)
	}
	if err := a.Store.UseRecoveryCode(ctx, org.ID, eva.ID, mfa.HashRecoveryCode(key, held)); err != nil {
		t.Fatalf("the code the user kept: %v", err)
	}
}
