package mfa

import (
	"bytes"
	"crypto/sha256"
	"regexp"
	"strings"
	"testing"
)

// TestRecoveryCodesCarryEightyBits: each code is sixteen letters of a
// 32-letter alphabet (16 × 5 = 80 bits), grouped by four; the codes
// differ, and every letter of the alphabet turns up, as random letters do.
func TestRecoveryCodesCarryEightyBits(t *testing.T) {
	format := regexp.MustCompile(`^[a-km-np-z2-9]{4}(-[a-km-np-z2-9]{4}){3}$`)
	seen := map[string]bool{}
	letters := map[rune]bool{}
	for range 20 {
		for _, c := range NewRecoveryCodes() {
			if !format.MatchString(c) || seen[c] || !LooksLikeRecoveryCode(c) {
				t.Fatalf("code %q", c)
			}
			seen[c] = true
			for _, r := range strings.ReplaceAll(c, "-", "") {
				letters[r] = true
			}
		}
	}
	if len(seen) != 20*RecoveryCount {
		t.Fatalf("%d distinct codes", len(seen))
	}
	if len(letters) != 32 {
		t.Fatalf("only %d of the alphabet's 32 letters in 200 codes", len(letters))
	}
}

// TestRecoveryCodeStoredKeyed: what is stored is not the SHA-256 of the
// code, depends on the installation's key, and matches the code however
// it is typed.
func TestRecoveryCodeStoredKeyed(t *testing.T) {
	key, other := bytes.Repeat([]byte{1}, 32), bytes.Repeat([]byte{2}, 32)
	code := NewRecoveryCodes()[0]
	stored := HashRecoveryCode(key, code)
	plain := sha256.Sum256([]byte(code))
	if bytes.Equal(stored, plain[:]) || len(stored) != sha256.Size {
		t.Fatal("the stored value is the code's plain SHA-256")
	}
	if bytes.Equal(stored, HashRecoveryCode(other, code)) {
		t.Fatal("the stored value does not depend on the key")
	}
	for _, typed := range []string{strings.ToUpper(code), strings.ReplaceAll(code, "-", ""), " " + strings.ReplaceAll(code, "-", " ") + " "} {
		if !bytes.Equal(HashRecoveryCode(key, typed), stored) {
			t.Fatalf("%q does not match %q", typed, code)
		}
	}
}

// TestOlderCodesKeyedInPlace: a code of the older ten-letter form, stored
// as its plain SHA-256, keyed in place matches the code as typed.
func TestOlderCodesKeyedInPlace(t *testing.T) {
	key := bytes.Repeat([]byte{3}, 32)
	older := sha256.Sum256([]byte("abcde-fghij"))
	keyed := KeyStoredHash(key, older[:])
	for _, typed := range []string{"abcde-fghij", "ABCDEFGHIJ", "abcde fghij"} {
		if !bytes.Equal(HashRecoveryCode(key, typed), keyed) {
			t.Fatalf("the older code typed %q does not match after keying", typed)
		}
	}
}
