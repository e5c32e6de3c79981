package password

import (
	_ "embed"
	"strings"
	"sync"
	"unicode/utf8"

	"github.com/pluttra/pluttra/internal/pluttra"
)

// The length rules (NIST SP 800-63B): long enough to resist guessing,
// long enough for passphrases, and no rules about which characters.
const (
	MinLength = 10
	MaxLength = 256
)

//go:embed common-passwords.txt
var commonList string

// common is the set of the list's passwords, built on first use.
var common = sync.OnceValue(func() map[string]struct{} {
	m := make(map[string]struct{}, 30000)
	for _, pw := range strings.Split(commonList, "\n") {
		if pw = strings.TrimSpace(pw); pw != "" {
			m[pw] = struct{}{}
		}
	}
	return m
})

// CommonCount is how many passwords the common list holds.
func CommonCount() int { return len(common()) }

// Check applies the password rules; email, when given, may not be the
// password. The error names the field "password" and the rule broken.
func Check(pw, email string) error {
	n := utf8.RuneCountInString(pw)
	switch {
	case n < MinLength:
		return pluttra.Invalid("password", "error.password_short")
	case n > MaxLength:
		return pluttra.Invalid("password", "error.password_long")
	}
	lower := strings.ToLower(pw)
	if _, found := common()[lower]; found {
		return pluttra.Invalid("password", "error.password_common")
	}
	if email != "" && lower == strings.ToLower(strings.TrimSpace(email)) {
		return pluttra.Invalid("password", "error.password_common")
	}
	return nil
}
