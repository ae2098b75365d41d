package area

import (
	"go/ast"
	"go/token"
	"os"
	"path/filepath"
	"regexp"
	"sort"
	"strconv"
	"strings"
	"testing"
)

// People are identity's: other packages ask it (identity/lookup.go: a
// customer's contact, names for a list, customers by national code) and
// never read or write its tables themselves, so identity may change how it
// keeps people without every area following. TestIdentityTablesOnlyInIdentity
// fails when a non-test Go file outside internal/identity names one of
// identity's tables in SQL (FROM, JOIN, INTO, UPDATE, TABLE, REFERENCES) in
// a string literal. The tables are read from identity's own migrations, so
// a table it adds is covered without touching this test.
//
// Test files are not checked: a test may look at the rows to prove what
// the service did. Migrations (.sql) are not Go and may keep their foreign
// keys to customers and staff.

// identityTables lists the tables identity's migrations create.
func identityTables(t *testing.T) []string {
	t.Helper()
	files, err := filepath.Glob("../identity/migrations/*.sql")
	if err != nil || len(files) == 0 {
		t.Fatalf("no identity migrations found (%v)", err)
	}
	create := regexp.MustCompile(`(?i)\bCREATE\s+TABLE\s+(?:IF\s+NOT\s+EXISTS\s+)?"?([a-z_][a-z0-9_]*)`)
	seen := map[string]bool{}
	var tables []string
	for _, f := range files {
		b, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		for _, m := range create.FindAllStringSubmatch(string(b), -1) {
			if n := strings.ToLower(m[1]); !seen[n] {
				seen[n] = true
				tables = append(tables, n)
			}
		}
	}
	sort.Strings(tables)
	for _, must := range []string{"customers", "staff"} {
		if !seen[must] {
			t.Fatalf("identity's migrations create %v, without %q: has the schema moved?", tables, must)
		}
	}
	return tables
}

// sqlNaming matches SQL that names one of tables.
func sqlNaming(tables []string) *regexp.Regexp {
	return regexp.MustCompile(`(?i)\b(?:FROM|JOIN|INTO|UPDATE|TABLE|REFERENCES)\s+(?:IF\s+(?:NOT\s+)?EXISTS\s+)?"?(` +
		strings.Join(tables, "|") + `)"?(?:\s|$|[(),;])`)
}

func TestIdentityTablesOnlyInIdentity(t *testing.T) {
	tables := identityTables(t)
	naming := sqlNaming(tables)
	for _, dir := range programDirs(t) {
		name := strings.TrimPrefix(strings.TrimPrefix(filepath.ToSlash(dir), "../../"), "../")
		if name == "identity" || strings.HasPrefix(name, "identity/") {
			continue
		}
		t.Run(name, func(t *testing.T) {
			entries, err := os.ReadDir(dir)
			if err != nil {
				t.Fatal(err)
			}
			for _, e := range entries {
				n := e.Name()
				if !strings.HasSuffix(n, ".go") || strings.HasSuffix(n, "_test.go") {
					continue
				}
				fset, f := parse(t, filepath.Join(dir, n))
				ast.Inspect(f, func(node ast.Node) bool {
					bl, ok := node.(*ast.BasicLit)
					if !ok || bl.Kind != token.STRING {
						return true
					}
					s, err := strconv.Unquote(bl.Value)
					if err != nil {
						return true
					}
					if m := naming.FindStringSubmatch(s); m != nil {
						t.Errorf("%s: SQL on identity's table %q; ask identity (internal/identity/lookup.go) instead",
							fset.Position(bl.Pos()), m[1])
					}
					return true
				})
			}
		})
	}
}

// TestIdentityTablesCheckFails proves the check sees what it must: SQL on
// a table of identity's in its different shapes, and not a word that
// merely looks like one.
func TestIdentityTablesCheckFails(t *testing.T) {
	naming := sqlNaming(identityTables(t))
	for _, s := range []string{
		"SELECT mobile FROM customers WHERE id = $1",
		"FROM support_tickets t JOIN customers c ON c.id = t.customer_id",
		"SELECT s.id FROM support_department_staff ds JOIN staff s ON s.id = ds.staff_id",
		"LEFT JOIN staff st ON st.id = l.staff_id",
		"insert into audit_log (action) values ($1)",
		"UPDATE customers SET mobile = $1",
		"DELETE FROM signin_throttle",
		"SELECT COUNT(*) FROM captchas",
		"SELECT id FROM customers\n\tWHERE national_code IN (",
	} {
		if !naming.MatchString(s) {
			t.Errorf("not caught: %q", s)
		}
	}
	for _, s := range []string{
		"/staff/customers",
		"SELECT id FROM isp_subscribers WHERE customer_id = $1",
		"FROM support_department_staff ds",
		"FROM staff_reports",
		"the customers of the area",
		"JOIN welfare_customers_view v",
	} {
		if naming.MatchString(s) {
			t.Errorf("caught wrongly: %q", s)
		}
	}
}
