// Package codecheck holds tests of the repository's code itself.
package codecheck

import (
	"go/ast"
	"go/parser"
	"go/token"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// maxLines is the longest a function may be, and maxLong how many
// functions of the module may be longer, each with a comment in its doc
// that says why (saying it is "over 80 lines" or "longer than 80 lines").
const (
	maxLines = 80
	maxLong  = 3
)

// TestFunctionLength checks every Go file of the module (tests included,
// nested modules too) for functions over maxLines lines.
func TestFunctionLength(t *testing.T) {
	root := filepath.Join("..", "..")
	fset := token.NewFileSet()
	var long []string
	err := filepath.WalkDir(root, func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() && (d.Name() == "testdata" || strings.HasPrefix(d.Name(), ".") && path != root) {
			return filepath.SkipDir
		}
		if d.IsDir() || !strings.HasSuffix(path, ".go") {
			return nil
		}
		src, err := os.ReadFile(path)
		if err != nil {
			return err
		}
		f, err := parser.ParseFile(fset, path, src, parser.ParseComments)
		if err != nil {
			return err
		}
		for _, decl := range f.Decls {
			fd, ok := decl.(*ast.FuncDecl)
			if !ok || fd.Body == nil {
				continue
			}
			n := fset.Position(fd.End()).Line - fset.Position(fd.Pos()).Line + 1
			if n <= maxLines {
				continue
			}
			name := fset.Position(fd.Pos()).String() + " " + fd.Name.Name
			if doc := fd.Doc.Text(); !strings.Contains(doc, "over 80 lines") && !strings.Contains(doc, "longer than 80 lines") {
				t.Errorf("%s: %d lines, over %d without a comment saying why", name, n, maxLines)
			}
			long = append(long, name)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if len(long) > maxLong {
		t.Errorf("%d functions over %d lines, at most %d: %v", len(long), maxLines, maxLong, long)
	}
}
