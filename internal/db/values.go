package db

import (
	"context"
	"strconv"
	"strings"
)

// maxRowParams bounds the parameters of one multi-row statement: a few
// hundred already save almost every round trip and statement.
const maxRowParams = 300

// InsertRows runs head + " VALUES (…), (…)" + tail with q for rows (each
// row one value per column, all rows as long), as many statements as
// keep each under maxRowParams, inside the caller's transaction. When
// scan is not nil the statements are queries (tail holds a RETURNING
// clause) and scan sees every row they return. On PostgreSQL, in a
// transaction, copyMinRows rows or more are copied (copyRows).
func InsertRows(ctx context.Context, q Querier, head, tail string, rows [][]any, scan func(Scanner) error) error {
	if len(rows) == 0 {
		return nil
	}
	if t, ok := q.(*Tx); ok && t.pgTx != nil && len(rows) >= copyMinRows {
		if done, err := t.copyRows(ctx, head, tail, rows, scan); done {
			return err
		}
	}
	cols := len(rows[0])
	per := max(1, maxRowParams/cols)
	for start := 0; start < len(rows); start += per {
		chunk := rows[start:min(start+per, len(rows))]
		args := make([]any, 0, len(chunk)*cols)
		for _, r := range chunk {
			args = append(args, r...)
		}
		query := head + " VALUES " + Placeholders(q.Engine(), len(chunk), cols) + tail
		if scan == nil {
			if _, err := q.Exec(ctx, query, args...); err != nil {
				return err
			}
			continue
		}
		rs, err := q.Query(ctx, query, args...)
		if err != nil {
			return err
		}
		for rs.Next() {
			if err := scan(rs); err != nil {
				rs.Close()
				return err
			}
		}
		rs.Close()
		if err := rs.Err(); err != nil {
			return err
		}
	}
	return nil
}

// Placeholders returns "(…, …), (…, …)" for rows × cols parameters, the
// statement's only ones; with cols 1 it is a plain list for an IN (…).
// PostgreSQL numbers them $1, $2, …. On SQLite they are plain "?": SQLite
// takes "$n" for a name, and both its parser and the driver's binding look
// names up one by one in a list, which costs the square of the count — a
// third of a 500-row import's time went there.
func Placeholders(e Engine, rows, cols int) string {
	var sb strings.Builder
	n := 1
	for r := range rows {
		if r > 0 {
			sb.WriteString(", ")
		}
		if cols > 1 {
			sb.WriteByte('(')
		}
		for c := range cols {
			if c > 0 {
				sb.WriteString(", ")
			}
			if e == Postgres {
				sb.WriteByte('$')
				sb.WriteString(strconv.Itoa(n))
			} else {
				sb.WriteByte('?')
			}
			n++
		}
		if cols > 1 {
			sb.WriteByte(')')
		}
	}
	return sb.String()
}

// ListFrom is n placeholders for an IN (…) list in a statement with more
// than one list: on PostgreSQL numbered from first ($first, …), on SQLite
// plain "?" as Placeholders writes them (each takes the next argument,
// so the lists must come in argument order).
func ListFrom(e Engine, n, first int) string {
	if e != Postgres {
		return Placeholders(e, n, 1)
	}
	var sb strings.Builder
	for i := range n {
		if i > 0 {
			sb.WriteString(", ")
		}
		sb.WriteString("$" + strconv.Itoa(first+i))
	}
	return sb.String()
}
