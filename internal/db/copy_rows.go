package db

import (
	"context"
	"fmt"
	"regexp"
	"strings"

	"github.com/jackc/pgx/v5"
)

// copyMinRows is the fewest rows InsertRows copies rather than inserts on
// PostgreSQL: a copy through the staging table costs four round trips (the
// COPY's column lookup, the COPY, the move, emptying the staging table)
// where a short VALUES list costs one.
const copyMinRows = 64

// insertHead is the form of head that InsertRows can copy: one table and
// its columns.
var insertHead = regexp.MustCompile(`^\s*INSERT\s+INTO\s+([A-Za-z_][A-Za-z0-9_]*)\s*\(([A-Za-z0-9_,\s]+)\)\s*$`)

// copyRows is InsertRows on PostgreSQL inside a transaction: the rows are
// sent with COPY (binary) into a temporary table with the target's
// columns and moved by one INSERT … SELECT carrying the caller's tail
// (ON CONFLICT, RETURNING), in the rows' order. Multi-row INSERTs of at
// most maxRowParams parameters took about 74 statements per 500 employees,
// each encoded, parsed and planned with its parameters; with the copy a
// 100,000-employee import on PostgreSQL costs Pishkhan a quarter of the
// CPU it did (BenchmarkEmployeesImport, docs/benchmarks.md). ok is false
// when head is not a plain "INSERT INTO table (columns)", and nothing
// was done.
func (t *Tx) copyRows(ctx context.Context, head, tail string, rows [][]any, scan func(Scanner) error) (ok bool, err error) {
	m := insertHead.FindStringSubmatch(head)
	if m == nil {
		return false, nil
	}
	table := m[1]
	var cols []string
	for _, c := range strings.Split(m[2], ",") {
		cols = append(cols, strings.TrimSpace(c))
	}
	if len(cols) != len(rows[0]) {
		return true, fmt.Errorf("db: insert into %s: %d columns, %d values a row", table, len(cols), len(rows[0]))
	}
	if tail == "" && scan == nil {
		// Nothing to return and no conflict to settle: the rows go
		// straight into the table, without the staging table's second
		// write (credentials and audit entries of an import).
		return true, t.copyInto(ctx, table, cols, rows, false)
	}
	list := strings.Join(cols, ", ")
	stage := "pishkhan_stage_" + table
	if !t.staged[stage] {
		// Made once per transaction, dropped at its end; the extra column
		// keeps the rows' order for ON CONFLICT DO NOTHING, where the
		// first row of a key wins.
		if _, err := t.pgTx.Exec(ctx, "CREATE TEMP TABLE "+stage+" ON COMMIT DROP AS SELECT "+list+
			", 0::bigint AS pishkhan_ord FROM "+table+" WITH NO DATA"); err != nil {
			return true, err
		}
		if t.staged == nil {
			t.staged = map[string]bool{}
		}
		t.staged[stage] = true
	}
	if err := t.copyInto(ctx, stage, cols, rows, true); err != nil {
		return true, err
	}
	move := "INSERT INTO " + table + " (" + list + ") SELECT " + list + " FROM " + stage + " ORDER BY pishkhan_ord" + tail
	if scan == nil {
		_, err = t.pgTx.Exec(ctx, move)
	} else {
		err = eachRow(ctx, t, Read{Query: move, Row: scan})
	}
	if err != nil {
		return true, err
	}
	// DELETE, not TRUNCATE: a truncated table gets a new file, which
	// costs more than deleting a few hundred rows of a temporary table.
	_, err = t.pgTx.Exec(ctx, "DELETE FROM "+stage)
	return true, err
}

// copyInto sends rows with COPY (binary) into table's cols; ordered adds
// each row's index as pishkhan_ord (the staging table's extra column).
func (t *Tx) copyInto(ctx context.Context, table string, cols []string, rows [][]any, ordered bool) error {
	names := cols
	if ordered {
		names = append(append([]string{}, cols...), "pishkhan_ord")
	}
	i := 0
	src := pgx.CopyFromFunc(func() ([]any, error) {
		if i == len(rows) {
			return nil, nil
		}
		r := make([]any, 0, len(names))
		r = utcArgs(append(r, rows[i]...))
		if ordered {
			r = append(r, int64(i))
		}
		i++
		return r, nil
	})
	_, err := t.pgTx.CopyFrom(ctx, pgx.Identifier{table}, names, src)
	return err
}
