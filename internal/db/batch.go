package db

import (
	"context"
	"fmt"
	"strconv"
	"strings"
)

// Batch writes many rows into one table with multi-row INSERTs, a few
// thousand rows per transaction: the way to fill a large table (the load
// tests' data) in minutes rather than hours, on both engines. Rows are
// written when enough are added and on Flush.
type Batch struct {
	ctx   context.Context
	d     *DB
	table string
	cols  []string
	rows  [][]any
	// Total counts the rows written so far.
	Total int
}

// NewBatch prepares a batch for table's columns.
func NewBatch(ctx context.Context, d *DB, table string, cols ...string) *Batch {
	return &Batch{ctx: ctx, d: d, table: table, cols: cols}
}

// batchRows is how many rows wait before they are written, in one
// transaction.
const batchRows = 20_000

// Add queues a row (one value per column).
func (b *Batch) Add(row ...any) error {
	if len(row) != len(b.cols) {
		return fmt.Errorf("db: batch into %s: %d values for %d columns", b.table, len(row), len(b.cols))
	}
	b.rows = append(b.rows, row)
	if len(b.rows) >= batchRows {
		return b.Flush()
	}
	return nil
}

// Flush writes the queued rows.
func (b *Batch) Flush() error {
	if len(b.rows) == 0 {
		return nil
	}
	// Rows per statement: few enough parameters that binding stays cheap
	// (SQLite's driver looks each one up by name: 5,000 parameters were
	// four times slower than 300), many enough to save round trips.
	per := max(1, 300/len(b.cols))
	err := b.d.InTx(b.ctx, func(tx *Tx) error {
		for start := 0; start < len(b.rows); start += per {
			end := min(start+per, len(b.rows))
			var sb strings.Builder
			sb.WriteString("INSERT INTO " + b.table + " (" + strings.Join(b.cols, ", ") + ") VALUES ")
			args := make([]any, 0, (end-start)*len(b.cols))
			for r := start; r < end; r++ {
				if r > start {
					sb.WriteString(", ")
				}
				sb.WriteString("(")
				for c := range b.cols {
					if c > 0 {
						sb.WriteString(", ")
					}
					args = append(args, b.rows[r][c])
					sb.WriteString("$" + strconv.Itoa(len(args)))
				}
				sb.WriteString(")")
			}
			if _, err := tx.Exec(b.ctx, sb.String(), args...); err != nil {
				return fmt.Errorf("db: batch into %s: %w", b.table, err)
			}
		}
		return nil
	})
	b.Total += len(b.rows)
	b.rows = b.rows[:0]
	return err
}
