package area

import (
	"go/ast"
	"go/parser"
	"go/token"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"
)

// sharedPackages are the kits and shared domains: they hold registries the
// areas' descriptors fill and must not know any area. otp is listed too:
// it is the shared second-factor domain (staff sign-in, cards, welfare use
// it) whose back-office desk is the "otp" area; it may name itself, not
// the other areas.
var sharedPackages = []string{"area", "web", "db", "fa", "config", "jobs", "notify", "identity", "billing", "support", "otp", "settings"}

// areaPackages are the areas by package; each may name itself only.
var areaPackages = map[string]string{"cards": "cards", "welfare": "welfare", "isp": "isp", "idp": "idp", "signup": "idp"}

// areaWords finds an area's name or URL in a string literal: its key as a
// word ("cards", "/isp/renew", "welfare_manager") or an identifier only
// that area has ("card_installments", "card_customer_id"). A bank card
// ("card", "card_mask", "card_pan") is the kits' and billing's own word:
// every payment has one.
var areaWords = map[string]*regexp.Regexp{
	"cards":   regexp.MustCompile(`(^|[^a-z])cards([^a-z]|$)|card_(installments|customer|account|issue|block|unblock|replace|limit|purchase|reverse|lost|second|password|penalt)`),
	"welfare": regexp.MustCompile(`(^|[^a-z])welfare([^a-z]|$)|tavana`),
	"isp":     regexp.MustCompile(`(^|[^a-z])isp([^a-z]|$)|radius`),
	"idp":     regexp.MustCompile(`(^|[^a-z])(idp|signup)([^a-z]|$)|/register`),
}

// literalsExempt are the packages whose string literals are not checked
// (their imports are): config lists every setting of the program in one
// place, area settings included (PISHKHAN_CARD_BIN, the RADIUS addresses,
// the SSO issuer), because the README and --help list them from there.
var literalsExempt = map[string]bool{"config": true}

// TestSharedPackagesKnowNoArea walks the non-test Go files of every kit
// and shared domain and fails on an import of an area or a string literal
// that names one.
func TestSharedPackagesKnowNoArea(t *testing.T) {
	for _, pkg := range sharedPackages {
		for _, f := range goFiles(t, pkg) {
			if literalsExempt[pkg] {
				checkImports(t, f, "")
				continue
			}
			checkFile(t, f, "")
		}
	}
}

// TestSharedTemplatesKnowNoArea: the kits' and shared domains' pages link
// to no area (the sign-in page's registration link is registered by the
// identity area, not written into identity's template).
func TestSharedTemplatesKnowNoArea(t *testing.T) {
	for _, pkg := range sharedPackages {
		files, _ := filepath.Glob(filepath.Join("..", pkg, "templates", "*.html"))
		for _, f := range files {
			b, err := os.ReadFile(f)
			if err != nil {
				t.Fatal(err)
			}
			for i, line := range strings.Split(strings.ToLower(string(b)), "\n") {
				for key, re := range areaWords {
					if re.MatchString(line) {
						t.Errorf("%s:%d: names the %s area: %s", f, i+1, key, strings.TrimSpace(line))
					}
				}
			}
		}
	}
}

// TestAreasImportNoSibling: an area imports kits and shared domains only.
func TestAreasImportNoSibling(t *testing.T) {
	for pkg, key := range areaPackages {
		for _, f := range goFiles(t, pkg) {
			checkImports(t, f, key)
		}
	}
}

func goFiles(t *testing.T, pkg string) []string {
	t.Helper()
	dir := filepath.Join("..", pkg)
	entries, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	var out []string
	for _, e := range entries {
		if n := e.Name(); strings.HasSuffix(n, ".go") && !strings.HasSuffix(n, "_test.go") {
			out = append(out, filepath.Join(dir, n))
		}
	}
	if len(out) == 0 {
		t.Fatalf("no Go files in %s", dir)
	}
	return out
}

func parse(t *testing.T, path string) (*token.FileSet, *ast.File) {
	t.Helper()
	fset := token.NewFileSet()
	f, err := parser.ParseFile(fset, path, nil, parser.SkipObjectResolution)
	if err != nil {
		t.Fatal(err)
	}
	return fset, f
}

// checkImports fails on an import of an area other than self.
func checkImports(t *testing.T, path, self string) {
	t.Helper()
	fset, f := parse(t, path)
	for _, imp := range f.Imports {
		p, _ := strconv.Unquote(imp.Path.Value)
		name, ok := strings.CutPrefix(p, "pishkhan/internal/")
		if !ok {
			continue
		}
		if key, isArea := areaPackages[name]; isArea && key != self {
			t.Errorf("%s: imports the %s area (%s)", fset.Position(imp.Pos()), key, p)
		}
	}
}

// checkFile fails on an area import and on a literal naming an area.
func checkFile(t *testing.T, path, self string) {
	t.Helper()
	checkImports(t, path, self)
	fset, f := parse(t, path)
	ast.Inspect(f, func(n ast.Node) bool {
		lit, ok := n.(*ast.BasicLit)
		if !ok || lit.Kind != token.STRING {
			return true
		}
		s, err := strconv.Unquote(lit.Value)
		if err != nil {
			s = lit.Value
		}
		s = strings.ToLower(s)
		for key, re := range areaWords {
			if key != self && re.MatchString(s) {
				t.Errorf("%s: names the %s area in %s", fset.Position(lit.Pos()), key, lit.Value)
			}
		}
		return true
	})
}
