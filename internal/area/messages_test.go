package area

import (
	"go/ast"
	"go/token"
	"os"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"testing"
	"unicode"
)

// Every sentence a person reads lives in its package's messages file
// (messages.go, or messages_*.go when one file would be too long), named by
// key; code and templates refer to the key. These tests walk every non-test
// Go file of the program and fail on a Persian string literal anywhere
// else, and on a sentence written out in two messages files: a sentence
// the areas share («عملیات با موفقیت انجام شد») belongs to a kit's
// messages file, and the areas use the kit's key.
//
// Test files are not checked: a test states the exact sentence it expects.
// Templates are not Go and are not checked either; they are the pages'
// own text.

// catalogueRoots are the directories holding the program's Go packages.
var catalogueRoots = []string{"..", "../../cmd"}

// isMessagesFile says whether a file is a package's catalogue.
func isMessagesFile(name string) bool {
	return name == "messages.go" || (strings.HasPrefix(name, "messages_") && strings.HasSuffix(name, ".go"))
}

// isPersianText is true for a literal a person reads: one with an
// Arabic-script letter. Persian digits alone («۱۴۰۳») are formatting, not
// a sentence.
func isPersianText(s string) bool {
	for _, r := range s {
		if unicode.Is(unicode.Arabic, r) && unicode.IsLetter(r) {
			return true
		}
	}
	return false
}

// programDirs lists every directory with non-test Go files under the roots.
func programDirs(t *testing.T) []string {
	t.Helper()
	var dirs []string
	seen := map[string]bool{} // a folder's files may come on both sides of a subfolder (fa, fa/fatest, fa)
	for _, root := range catalogueRoots {
		err := filepath.WalkDir(root, func(p string, d os.DirEntry, err error) error {
			if err != nil {
				return err
			}
			if d.IsDir() {
				if n := d.Name(); n == "testdata" || n == "node_modules" || (strings.HasPrefix(n, ".") && p != root && n != "..") {
					return filepath.SkipDir
				}
				return nil
			}
			if strings.HasSuffix(p, ".go") && !strings.HasSuffix(p, "_test.go") {
				if dir := filepath.Dir(p); !seen[dir] {
					seen[dir] = true
					dirs = append(dirs, dir)
				}
			}
			return nil
		})
		if err != nil {
			t.Fatal(err)
		}
	}
	if len(dirs) < 10 {
		t.Fatalf("found only %d program directories under %v", len(dirs), catalogueRoots)
	}
	return dirs
}

// persianLiterals returns each Persian string literal of a file with its
// position.
func persianLiterals(t *testing.T, path string) (lits []string, where []string) {
	t.Helper()
	fset, f := parse(t, path)
	ast.Inspect(f, func(n ast.Node) bool {
		bl, ok := n.(*ast.BasicLit)
		if !ok || bl.Kind != token.STRING {
			return true
		}
		s, err := strconv.Unquote(bl.Value)
		if err != nil || !isPersianText(s) {
			return true
		}
		lits = append(lits, s)
		where = append(where, fset.Position(bl.Pos()).String())
		return true
	})
	return lits, where
}

// TestPersianOnlyInMessages fails on a Persian literal outside a messages
// file. One subtest per package directory, named by its path under
// internal/ or cmd/ (-run 'TestPersianOnlyInMessages/cards$').
func TestPersianOnlyInMessages(t *testing.T) {
	for _, dir := range programDirs(t) {
		name := strings.TrimPrefix(strings.TrimPrefix(filepath.ToSlash(dir), "../../"), "../")
		t.Run(name, func(t *testing.T) {
			entries, err := os.ReadDir(dir)
			if err != nil {
				t.Fatal(err)
			}
			for _, e := range entries {
				n := e.Name()
				if !strings.HasSuffix(n, ".go") || strings.HasSuffix(n, "_test.go") || isMessagesFile(n) {
					continue
				}
				lits, where := persianLiterals(t, filepath.Join(dir, n))
				for i, s := range lits {
					t.Errorf("%s: Persian text outside the messages file: %q", where[i], s)
				}
			}
		})
	}
}

// TestEachSentenceWrittenOnce fails when two messages files, or two keys
// of one, hold the same sentence (a literal of three words or more;
// single labels such as «وضعیت» may name different things in two areas).
func TestEachSentenceWrittenOnce(t *testing.T) {
	seen := map[string]string{}
	var dups []string
	for _, dir := range programDirs(t) {
		entries, err := os.ReadDir(dir)
		if err != nil {
			t.Fatal(err)
		}
		for _, e := range entries {
			if !isMessagesFile(e.Name()) {
				continue
			}
			lits, where := persianLiterals(t, filepath.Join(dir, e.Name()))
			for i, s := range lits {
				key := strings.TrimRight(strings.TrimSpace(s), ".。؛:")
				if len(strings.Fields(key)) < 3 {
					continue
				}
				if first, ok := seen[key]; ok {
					dups = append(dups, where[i]+": «"+s+"» is already at "+first)
					continue
				}
				seen[key] = where[i]
			}
		}
	}
	sort.Strings(dups)
	for _, d := range dups {
		t.Error(d)
	}
}
