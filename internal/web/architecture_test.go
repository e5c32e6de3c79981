package web

import (
	"go/build"
	"go/parser"
	"go/token"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
)

// TestWebDoesNotImportStore holds the web layer to the dependency rule of
// docs/architecture.md: handlers reach storage through the domain's
// interfaces (internal/pluttra), never through the store package, so no
// page can bypass what those interfaces promise. Tests may still open a
// real store.
func TestWebDoesNotImportStore(t *testing.T) {
	pkg, err := build.ImportDir(".", 0)
	if err != nil {
		t.Fatal(err)
	}
	files := append(append([]string{}, pkg.GoFiles...), pkg.IgnoredGoFiles...)
	if len(files) < 50 {
		t.Fatalf("found only %d files: the scan is broken", len(files))
	}
	const store = "github.com/pluttra/pluttra/internal/store"
	for _, name := range files {
		if strings.HasSuffix(name, "_test.go") {
			continue
		}
		f, err := parser.ParseFile(token.NewFileSet(), filepath.Join(pkg.Dir, name), nil, parser.ImportsOnly)
		if err != nil {
			t.Fatal(err)
		}
		for _, imp := range f.Imports {
			path, err := strconv.Unquote(imp.Path.Value)
			if err != nil {
				t.Fatal(err)
			}
			if path == store || strings.HasPrefix(path, store+"/") {
				t.Errorf("%s imports %s: reach storage through the interfaces in internal/pluttra", name, path)
			}
		}
	}
}
