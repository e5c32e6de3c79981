package i18n

import (
	"slices"
	"strings"
	"testing"
)

func load(t *testing.T) *Catalog {
	t.Helper()
	c, err := Load()
	if err != nil {
		t.Fatal(err)
	}
	return c
}

// TestEveryLanguageHasEveryKey fails when a language lacks a key Swedish
// has, or has one Swedish does not (a leftover or a typo).
func TestEveryLanguageHasEveryKey(t *testing.T) {
	c := load(t)
	sv := slices.Sorted(slices.Values(c.Keys("sv")))
	if len(sv) == 0 {
		t.Fatal("Swedish catalog is empty")
	}
	for _, l := range Languages {
		got := slices.Sorted(slices.Values(c.Keys(l.Code)))
		for _, k := range sv {
			if _, found := slices.BinarySearch(got, k); !found {
				t.Errorf("%s lacks %q", l.Code, k)
			}
		}
		for _, k := range got {
			if _, found := slices.BinarySearch(sv, k); !found {
				t.Errorf("%s has %q, which Swedish does not", l.Code, k)
			}
		}
	}
}

// TestTranslationsAreTranslated catches a catalog copied from another
// language: most of its messages must differ from English.
func TestTranslationsAreTranslated(t *testing.T) {
	c := load(t)
	en := c.Locale("en")
	for _, l := range Languages {
		if l.Code == "en" {
			continue
		}
		loc := c.Locale(l.Code)
		same := 0
		for _, k := range c.Keys("sv") {
			if loc.T(k, "Count", 2, "Units", 2, "ID", "x") == en.T(k, "Count", 2, "Units", 2, "ID", "x") {
				same++
			}
		}
		if same*4 > len(c.Keys("sv")) {
			t.Errorf("%s: %d of %d messages are the English text", l.Code, same, len(c.Keys("sv")))
		}
	}
}

func TestPluralAndArguments(t *testing.T) {
	c := load(t)
	if got := c.Locale("en").T("department.children_count", "Count", 1); got != "1 child" {
		t.Errorf("en one = %q", got)
	}
	if got := c.Locale("en").T("department.children_count", "Count", 14); got != "14 children" {
		t.Errorf("en other = %q", got)
	}
	for _, l := range Languages {
		got := c.Locale(l.Code).T("department.children_count", "Count", 14)
		if !strings.Contains(got, "14") && !strings.Contains(got, "١٤") && !strings.Contains(got, "۱۴") {
			t.Errorf("%s: count missing from %q", l.Code, got)
		}
	}
}

func TestNegotiate(t *testing.T) {
	c := load(t)
	cases := []struct{ chosen, accept, want, dir string }{
		{"", "", "sv", "ltr"},
		{"", "de-DE,de;q=0.9", "sv", "ltr"},
		{"", "en-GB,en;q=0.9", "en", "ltr"},
		{"", "ar-SE,ar;q=0.9,sv;q=0.5", "ar", "rtl"},
		{"", "fa-IR", "fa", "rtl"},
		{"", "prs", "prs", "rtl"},
		{"", "so-SO,so", "so", "ltr"},
		{"en", "ar", "en", "ltr"}, // the user's own choice wins
		{"xx", "so", "so", "ltr"}, // an unknown setting is ignored
		{"prs", "", "prs", "rtl"},
	}
	for _, tc := range cases {
		l := c.Negotiate(tc.chosen, tc.accept)
		if l.Code != tc.want || l.Dir() != tc.dir {
			t.Errorf("Negotiate(%q, %q) = %s %s, want %s %s", tc.chosen, tc.accept, l.Code, l.Dir(), tc.want, tc.dir)
		}
	}
}

func TestMissingKeyShowsKey(t *testing.T) {
	if got := load(t).Locale("sv").T("no.such_key"); got != "no.such key" {
		t.Errorf("missing key = %q", got)
	}
}
