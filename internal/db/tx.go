package db

import (
	"context"
	"database/sql"
	"errors"
	"fmt"

	"github.com/jackc/pgx/v5"
)

// Tx is a transaction on either engine. It is only valid inside the
// function given to InTx.
type Tx struct {
	engine Engine
	sqlTx  *sql.Tx
	pgTx   pgx.Tx
	after  []func()
	stmts  txStmts         // SQLite: prepared statements (stmtcache.go)
	staged map[string]bool // PostgreSQL: InsertRows's staging tables made (copy_rows.go)
}

// InTx runs fn in a transaction: committed when fn returns nil, rolled
// back otherwise (and on panic). On PostgreSQL a serialization failure or
// deadlock runs fn again, up to three times, so fn must not have effects
// outside the transaction; put those in tx.AfterCommit.
func (d *DB) InTx(ctx context.Context, fn func(tx *Tx) error) error {
	const attempts = 3
	var err error
	for i := 0; i < attempts; i++ {
		err = d.inTxOnce(ctx, fn)
		if err == nil || !isRetryable(err) {
			return err
		}
	}
	return err
}

// noTxStatements turns the writer's statement cache off inside
// transactions (BenchmarkWriterStatements' baseline).
var noTxStatements bool

func (d *DB) inTxOnce(ctx context.Context, fn func(tx *Tx) error) (err error) {
	tx := &Tx{engine: d.engine}
	if d.pool != nil {
		tx.pgTx, err = d.pool.Begin(ctx)
	} else {
		tx.sqlTx, err = d.write.BeginTx(ctx, nil)
		if !noTxStatements {
			tx.stmts.cache = d.writeStmts
			defer tx.stmts.prepare(context.WithoutCancel(ctx))
		}
	}
	if err != nil {
		return fmt.Errorf("db: begin transaction: %w", err)
	}
	defer func() {
		if p := recover(); p != nil {
			tx.rollback()
			panic(p)
		}
	}()
	if err := fn(tx); err != nil {
		tx.rollback()
		return err
	}
	if err := tx.commit(ctx); err != nil {
		return fmt.Errorf("db: commit: %w", err)
	}
	for _, f := range tx.after {
		f()
	}
	return nil
}

func (t *Tx) rollback() {
	// The context may be cancelled already; rolling back must still happen.
	if t.pgTx != nil {
		_ = t.pgTx.Rollback(context.Background())
		return
	}
	_ = t.sqlTx.Rollback()
}

func (t *Tx) commit(ctx context.Context) error {
	if t.pgTx != nil {
		return t.pgTx.Commit(ctx)
	}
	return t.sqlTx.Commit()
}

// AfterCommit runs f once the transaction has committed (never if it rolls
// back): the place for effects that must not happen twice on a retry, such
// as waking a worker.
func (t *Tx) AfterCommit(f func()) { t.after = append(t.after, f) }

func (t *Tx) Engine() Engine { return t.engine }

// SQLTx is the underlying SQLite transaction (nil on PostgreSQL), for the
// jobs runner, which must insert jobs inside the caller's transaction.
func (t *Tx) SQLTx() *sql.Tx { return t.sqlTx }

// PgxTx is the underlying PostgreSQL transaction (nil on SQLite).
func (t *Tx) PgxTx() pgx.Tx { return t.pgTx }

func (t *Tx) Exec(ctx context.Context, query string, args ...any) (Result, error) {
	args = utcArgs(args)
	if t.pgTx != nil {
		tag, err := t.pgTx.Exec(ctx, query, args...)
		return Result{RowsAffected: tag.RowsAffected()}, err
	}
	st, err := t.stmts.get(ctx, t.sqlTx, query)
	if err != nil {
		return Result{}, err
	}
	if st != nil {
		return sqlResult(st.st.ExecContext(ctx, args...))
	}
	res, err := t.sqlTx.ExecContext(ctx, query, args...)
	return sqlResult(res, err)
}

func (t *Tx) Query(ctx context.Context, query string, args ...any) (*Rows, error) {
	args = utcArgs(args)
	if t.pgTx != nil {
		rows, err := t.pgTx.Query(ctx, query, args...)
		if err != nil {
			return nil, err
		}
		return &Rows{pg: rows}, nil
	}
	st, err := t.stmts.get(ctx, t.sqlTx, query)
	if err != nil {
		return nil, err
	}
	if st == nil {
		rows, err := t.sqlTx.QueryContext(ctx, query, args...)
		if err != nil {
			return nil, err
		}
		return &Rows{sql: rows}, nil
	}
	rows, err := st.st.QueryContext(ctx, args...)
	if err != nil {
		return nil, err
	}
	st.busy = true
	return &Rows{sql: rows, done: func() { st.busy = false }}, nil
}

func (t *Tx) QueryRow(ctx context.Context, query string, args ...any) *Row {
	args = utcArgs(args)
	if t.pgTx != nil {
		return &Row{pg: t.pgTx.QueryRow(ctx, query, args...)}
	}
	st, err := t.stmts.get(ctx, t.sqlTx, query)
	if err != nil {
		return &Row{err: err}
	}
	if st != nil {
		st.busy = true
		return &Row{sql: st.st.QueryRowContext(ctx, args...), done: func() { st.busy = false }}
	}
	return &Row{sql: t.sqlTx.QueryRowContext(ctx, query, args...)}
}

// ErrConflict is what a conditional update returns through its store when
// no row matched: the caller lost a race or the condition (a balance, a
// state) no longer holds.
var ErrConflict = errors.New("db: condition no longer holds")
