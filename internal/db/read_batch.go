package db

import (
	"context"

	"github.com/jackc/pgx/v5"
)

// Read is one query of a ReadBatch with the function that takes each of
// its rows.
type Read struct {
	Query string
	Args  []any
	Row   func(Scanner) error
}

// ReadBatch runs reads on the pool and hands each one's rows to its Row
// function, in order. On PostgreSQL they go in one round trip (a pgx
// batch): a page that needs a list and then the details of its rows
// waits on the network once instead of once a query, which on the
// purchase list was a sixth of the page's CPU (syscalls of the second
// round trip; BenchmarkPurchaseList). On SQLite there is no network and
// the reads simply run one after the other, each with its cached
// statement. The reads are separate statements, not one snapshot: use a
// transaction when they must agree.
func (d *DB) ReadBatch(ctx context.Context, reads ...Read) error {
	if d.pool == nil {
		for _, r := range reads {
			if err := eachRow(ctx, d, r); err != nil {
				return err
			}
		}
		return nil
	}
	b := &pgx.Batch{}
	for _, r := range reads {
		b.Queue(r.Query, utcArgs(r.Args)...)
	}
	br := d.pool.SendBatch(ctx, b)
	for _, r := range reads {
		rows, err := br.Query()
		if err != nil {
			br.Close()
			return err
		}
		if err := scanRows(&Rows{pg: rows}, r.Row); err != nil {
			br.Close()
			return err
		}
	}
	return br.Close()
}

// eachRow runs one read through q (the pool, or a transaction).
func eachRow(ctx context.Context, q Querier, r Read) error {
	rows, err := q.Query(ctx, r.Query, r.Args...)
	if err != nil {
		return err
	}
	return scanRows(rows, r.Row)
}

func scanRows(rows *Rows, row func(Scanner) error) error {
	defer rows.Close()
	for rows.Next() {
		if err := row(rows); err != nil {
			return err
		}
	}
	return rows.Err()
}
