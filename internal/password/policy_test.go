package password

import (
	"strings"
	"testing"

	"github.com/pluttra/pluttra/internal/pluttra"
)

func TestCheck(t *testing.T) {
	if CommonCount() < 10000 {
		t.Fatalf("common list holds %d passwords, want at least 10000", CommonCount())
	}
	ok := []string{
		"correct horse battery staple",
		"kanelbulle-på-fredag",
		"تابستان در باغ",
		strings.Repeat("ä", MaxLength), // counted in characters, not bytes
		"1234567890x",
	}
	for _, pw := range ok {
		if err := Check(pw, "anna@example.se"); err != nil {
			t.Errorf("%q refused: %v", pw, err)
		}
	}
	bad := map[string]string{
		"short":                  "error.password_short",
		"ninechars":              "error.password_short",
		strings.Repeat("x", 257): "error.password_long",
		"1234567890":             "error.password_common",
		"qwertyuiop":             "error.password_common",
		"PASSWORD123":            "error.password_common",
		"Anna@Example.se":        "error.password_common",
	}
	for pw, key := range bad {
		err := Check(pw, "anna@example.se")
		if pluttra.ErrorKey(err) != key || pluttra.ErrorField(err) != "password" {
			t.Errorf("%q: %v, want %s", pw, err, key)
		}
	}
}
