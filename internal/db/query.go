package db

import (
	"context"
	"database/sql"
	"time"

	"github.com/jackc/pgx/v5"
)

// Querier runs SQL. Both *DB (each statement on its own) and *Tx (inside
// one transaction) satisfy it, so store helpers are written once and
// composed freely.
type Querier interface {
	Exec(ctx context.Context, query string, args ...any) (Result, error)
	Query(ctx context.Context, query string, args ...any) (*Rows, error)
	QueryRow(ctx context.Context, query string, args ...any) *Row
	Engine() Engine
}

// Result is what an Exec reports.
type Result struct {
	RowsAffected int64
}

// Rows iterates over a query's result on either engine.
type Rows struct {
	sql  *sql.Rows
	pg   pgx.Rows
	done func() // SQLite in a transaction: its statement may run again
}

func (r *Rows) Next() bool {
	if r.pg != nil {
		return r.pg.Next()
	}
	return r.sql.Next()
}

func (r *Rows) Scan(dest ...any) error {
	if r.pg != nil {
		return r.pg.Scan(dest...)
	}
	return r.sql.Scan(dest...)
}

func (r *Rows) Err() error {
	if r.pg != nil {
		return r.pg.Err()
	}
	return r.sql.Err()
}

func (r *Rows) Close() {
	if r.pg != nil {
		r.pg.Close()
		return
	}
	r.sql.Close()
	if r.done != nil {
		r.done()
		r.done = nil
	}
}

// Row is a single-row result; Scan returns ErrNoRows when there was none.
type Row struct {
	sql  *sql.Row
	pg   pgx.Row
	err  error
	done func() // SQLite in a transaction: its statement may run again
}

func (r *Row) Scan(dest ...any) error {
	if r.err != nil {
		return r.err
	}
	if r.pg != nil {
		return normaliseNoRows(r.pg.Scan(dest...))
	}
	err := r.sql.Scan(dest...) // closes the row's statement
	if r.done != nil {
		r.done()
		r.done = nil
	}
	return normaliseNoRows(err)
}

// Scanner is what a scan function receives: a *Rows or a *Row.
type Scanner interface {
	Scan(dest ...any) error
}

// All runs a query and scans every row with scan.
func All[T any](ctx context.Context, q Querier, scan func(Scanner) (T, error), query string, args ...any) ([]T, error) {
	rows, err := q.Query(ctx, query, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []T
	for rows.Next() {
		v, err := scan(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, v)
	}
	return out, rows.Err()
}

// utcArgs converts every time.Time argument to UTC (SQLite stores the
// offset as text, and mixed offsets would not compare as strings).
func utcArgs(args []any) []any {
	for i, a := range args {
		switch t := a.(type) {
		case time.Time:
			args[i] = t.UTC()
		case *time.Time:
			if t != nil {
				args[i] = t.UTC()
			}
		}
	}
	return args
}

// --- *DB: statements outside a transaction ---

func (d *DB) Exec(ctx context.Context, query string, args ...any) (Result, error) {
	args = utcArgs(args)
	if d.pool != nil {
		tag, err := d.pool.Exec(ctx, query, args...)
		return Result{RowsAffected: tag.RowsAffected()}, err
	}
	st, err := d.writeStmts.get(ctx, query)
	if err != nil {
		return Result{}, err
	}
	if st == nil {
		return sqlResult(d.write.ExecContext(ctx, query, args...))
	}
	return sqlResult(st.ExecContext(ctx, args...))
}

func (d *DB) Query(ctx context.Context, query string, args ...any) (*Rows, error) {
	args = utcArgs(args)
	if d.pool != nil {
		rows, err := d.pool.Query(ctx, query, args...)
		if err != nil {
			return nil, err
		}
		return &Rows{pg: rows}, nil
	}
	st, err := d.readStmts.get(ctx, query)
	if err != nil {
		return nil, err
	}
	var rows *sql.Rows
	if st == nil {
		rows, err = d.read.QueryContext(ctx, query, args...)
	} else {
		rows, err = st.QueryContext(ctx, args...)
	}
	if err != nil {
		return nil, err
	}
	return &Rows{sql: rows}, nil
}

func (d *DB) QueryRow(ctx context.Context, query string, args ...any) *Row {
	args = utcArgs(args)
	if d.pool != nil {
		return &Row{pg: d.pool.QueryRow(ctx, query, args...)}
	}
	st, err := d.readStmts.get(ctx, query)
	if err != nil {
		return &Row{err: err}
	}
	if st == nil {
		return &Row{sql: d.read.QueryRowContext(ctx, query, args...)}
	}
	return &Row{sql: st.QueryRowContext(ctx, args...)}
}

// ExecReturning runs an INSERT/UPDATE … RETURNING outside a transaction.
// On SQLite it must go to the writer, which QueryRow (a reader) is not.
func (d *DB) ExecReturning(ctx context.Context, query string, args ...any) *Row {
	args = utcArgs(args)
	if d.pool != nil {
		return &Row{pg: d.pool.QueryRow(ctx, query, args...)}
	}
	return &Row{sql: d.write.QueryRowContext(ctx, query, args...)}
}

func sqlResult(res sql.Result, err error) (Result, error) {
	if err != nil {
		return Result{}, err
	}
	n, err := res.RowsAffected()
	return Result{RowsAffected: n}, err
}
