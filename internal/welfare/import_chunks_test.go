package welfare

import (
	"errors"
	"fmt"
	"strings"
	"testing"

	"pishkhan/internal/identity"
)

// A file longer than one chunk (importChunk rows are stored together):
// new employees' customers get the national code as their initial
// password without a hash and can sign in with it; a known employee is
// updated; a row whose national code belongs to another stored employee
// is reported by its line even when it lies in a later chunk, after rows
// already read, and the whole file is refused.
func TestImportEmployeesAcrossChunks(t *testing.T) {
	engines(t, func(t *testing.T, e *env) {
		ctx := ctxb()
		e.employees(person{"9", "3", 30_000_000, 1, 0})
		var b strings.Builder
		b.WriteString(employeesHeader)
		const n = importChunk + 150
		for i := 1; i <= n; i++ {
			b.WriteString(person{fmt.Sprint(10000 + i), fmt.Sprint(1 + i%4), 40_000_000, 2, 0}.row())
		}
		b.WriteString(person{"9", "3", 35_000_000, 1, 0}.row()) // a raise for the known one
		res, err := e.s.ImportEmployees(ctx, identity.Actor{}, strings.NewReader(b.String()))
		if err != nil || res.Created != n || res.Updated != 1 || res.Rows != n+1 {
			t.Fatalf("import: %+v %v", res, err)
		}
		var marked int
		if err := e.d.QueryRow(ctx, "SELECT COUNT(*) FROM credentials WHERE password_hash = $1 AND must_change", identity.NationalCodePassword).Scan(&marked); err != nil || marked != n+1 {
			t.Fatalf("%d initial national-code credentials (%v), want %d", marked, err, n+1)
		}
		last := person{fmt.Sprint(10000 + n), "1", 0, 0, 0}
		if r, err := e.ids.SignIn(ctx, last.code(), last.code(), "192.0.2.7", "ua"); err != nil || !r.MustChangePassword {
			t.Fatalf("the last employee signing in with the national code: %+v %v", r, err)
		}

		// A second file: row 2 fine, row 600 (second chunk) reuses a stored
		// employee's national code under a new personnel number.
		b.Reset()
		b.WriteString(employeesHeader)
		for i := 1; i <= 599; i++ {
			b.WriteString(person{fmt.Sprint(20000 + i), "2", 40_000_000, 2, 0}.row())
		}
		clash := person{fmt.Sprint(10000 + 3), "2", 40_000_000, 2, 0}
		b.WriteString(strings.Replace(clash.row(), clash.no+",", "29999,", 1))
		_, err = e.s.ImportEmployees(ctx, identity.Actor{}, strings.NewReader(b.String()))
		var ie *ImportError
		if !errors.As(err, &ie) || len(ie.Rows) != 1 || ie.Rows[0].Line != 601 || !strings.Contains(ie.Rows[0].Message, "10003") {
			t.Fatalf("clash in the second chunk: %v %+v", err, ie)
		}
		if _, err := e.s.FindEmployee(ctx, e.d, "20001"); !errors.Is(err, ErrNotFound) {
			t.Fatalf("a row of the refused file was kept: %v", err)
		}
	})
}
