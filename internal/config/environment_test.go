package config

import (
	"errors"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
)

func TestCheckEnvironment(t *testing.T) {
	t.Run("ErrMisspeltSettingNamed", func(t *testing.T) {
		err := CheckEnvironment([]string{"HOME=/root", "PLUTTRA_LISTN=127.0.0.1:9000"})
		var unknown *UnknownVariableError
		if !errors.As(err, &unknown) || unknown.Name != "PLUTTRA_LISTN" || unknown.Suggestion != "PLUTTRA_LISTEN" {
			t.Fatalf("err = %v", err)
		}
		if !strings.Contains(err.Error(), "PLUTTRA_LISTN") || !strings.Contains(err.Error(), "did you mean PLUTTRA_LISTEN?") {
			t.Fatalf("message %q", err)
		}
	})
	t.Run("ErrUnknownWithoutSuggestion", func(t *testing.T) {
		err := CheckEnvironment([]string{"PLUTTRA_COLOUR=blue"})
		var unknown *UnknownVariableError
		if !errors.As(err, &unknown) || unknown.Suggestion != "" || strings.Contains(err.Error(), "did you mean") {
			t.Fatalf("err = %v", err)
		}
	})
	t.Run("ErrEveryUnknownNamed", func(t *testing.T) {
		err := CheckEnvironment([]string{"PLUTTRA_MAX_UPLOADS=2GiB", "PLUTTRA_TRUSTED_PROXY=10.0.0.0/8"})
		if err == nil || !strings.Contains(err.Error(), "did you mean PLUTTRA_MAX_UPLOAD?") || !strings.Contains(err.Error(), "did you mean PLUTTRA_TRUSTED_PROXIES?") {
			t.Fatalf("err = %v", err)
		}
	})
	t.Run("SettingsAndOtherVariablesPass", func(t *testing.T) {
		environ := []string{"HOME=/root", "PLUTTRAX=1", "MY_PLUTTRA_LISTEN=x"}
		for _, s := range (&Config{}).settings() {
			environ = append(environ, EnvName(s.name)+"=x")
		}
		if err := CheckEnvironment(environ); err != nil {
			t.Fatal(err)
		}
	})
}

// The variables the repository's scripts and tests set for themselves
// never stop the server they start: every PLUTTRA_ name written anywhere
// in the repository is a setting or on the list of what is not one.
func TestCheckEnvironmentPassesTheScriptsVariables(t *testing.T) {
	root := filepath.Join("..", "..")
	name := regexp.MustCompile(`PLUTTRA_[A-Z0-9_]*[A-Z0-9]`)
	seen := map[string]string{}
	err := filepath.WalkDir(root, func(path string, d os.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() {
			if d.Name() == ".git" || d.Name() == "testdata" {
				return filepath.SkipDir
			}
			return nil
		}
		// This package names prefixes, and the tests of the check write
		// misspelt names on purpose.
		if filepath.Dir(path) == filepath.Join(root, "internal", "config") || (strings.HasSuffix(path, "_test.go") && strings.Contains(path, filepath.Join("cmd", "pluttra"))) {
			return nil
		}
		ext := filepath.Ext(path)
		if ext != ".go" && ext != ".sh" && d.Name() != "Makefile" && d.Name() != "run" {
			return nil
		}
		b, err := os.ReadFile(path)
		if err != nil {
			return err
		}
		for _, n := range name.FindAllString(string(b), -1) {
			seen[n] = path
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	for _, must := range []string{"PLUTTRA_TEST_POSTGRES_URL", "PLUTTRA_REQUIRE_SERVICES", "PLUTTRA_BENCH", "PLUTTRA_BENCHTIME"} {
		if seen[must] == "" {
			t.Fatalf("the scan did not find %s: it is broken", must)
		}
	}
	for n, path := range seen {
		if err := CheckEnvironment([]string{n + "=x"}); err != nil {
			t.Errorf("%s (in %s): %v", n, path, err)
		}
	}
}
