package store

import "testing"

func TestVersionLess(t *testing.T) {
	for _, c := range []struct {
		a, b string
		less bool
	}{
		{"3.51.2", "3.51.3", true}, {"3.51.3", "3.51.3", false}, {"3.54.0", "3.51.3", false},
		{"3.9.9", "3.51.3", true}, {"4.0.0", "3.51.3", false},
	} {
		if got := versionLess(c.a, c.b); got != c.less {
			t.Errorf("versionLess(%s, %s) = %v", c.a, c.b, got)
		}
	}
}

func TestRebind(t *testing.T) {
	pg := dialect{name: "postgres", dollarArg: true}
	if got := pg.rebind("SELECT a FROM t WHERE x = ? AND y IN (?, ?)"); got != "SELECT a FROM t WHERE x = $1 AND y IN ($2, $3)" {
		t.Fatalf("rebind = %q", got)
	}
	if got := (dialect{name: "sqlite"}).rebind("x = ?"); got != "x = ?" {
		t.Fatalf("sqlite rebind = %q", got)
	}
}
