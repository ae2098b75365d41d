package db_test

import (
	"context"
	"fmt"
	"testing"
	"time"

	"pishkhan/internal/db"
	"pishkhan/internal/db/dbtest"
)

// SQLite's writer reuses prepared statements inside transactions: the
// same three statements in 50 transactions are prepared once each, not
// 150 times (the first transaction prepares them for itself and hands
// them to the writer's cache once it has ended).
func TestWriterStatementsPreparedOnceAcrossTransactions(t *testing.T) {
	d := dbtest.SQLite(t, testSchema)
	ctx := context.Background()
	now := time.Now()
	all0, prepared0 := db.TxRuns()
	for i := range 50 {
		err := d.InTx(ctx, func(tx *db.Tx) error {
			var id int64
			if err := tx.QueryRow(ctx, "INSERT INTO accounts (owner, balance, opened_at) VALUES ($1, $2, $3) RETURNING id", fmt.Sprint("o", i), 100, now).Scan(&id); err != nil {
				return err
			}
			if _, err := tx.Exec(ctx, "UPDATE accounts SET balance = balance - $1 WHERE id = $2 AND balance - $1 >= floor", 10, id); err != nil {
				return err
			}
			var balance int64
			if err := tx.QueryRow(ctx, "SELECT balance FROM accounts WHERE id = $1", id).Scan(&balance); err != nil || balance != 90 {
				return fmt.Errorf("balance %d: %v", balance, err)
			}
			return nil
		})
		if err != nil {
			t.Fatal(err)
		}
	}
	all, prepared := db.TxRuns()
	all, prepared = all-all0, prepared-prepared0
	if all != 150 || prepared != 150 {
		t.Fatalf("%d statements run in transactions, %d of them prepared; want 150 and 150", all, prepared)
	}
}

// A query run again while the rows of its last run are still open (a
// loop over a query that runs it again inside) must not disturb the
// outer rows: the inner run goes unprepared. (SQLite only: PostgreSQL
// refuses a second query on a connection whose rows are open.)
func TestWriterStatementRunAgainWhileItsRowsAreOpen(t *testing.T) {
	func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		now := time.Now()
		const q = "SELECT id, owner FROM accounts WHERE balance >= $1 ORDER BY id"
		err := d.InTx(ctx, func(tx *db.Tx) error {
			for i := range 5 {
				if _, err := tx.Exec(ctx, "INSERT INTO accounts (owner, balance, opened_at) VALUES ($1, $2, $3)", fmt.Sprint("p", i), i*10, now); err != nil {
					return err
				}
			}
			// Prepared by a first run.
			if _, err := db.All(ctx, tx, func(r db.Scanner) (int64, error) { var id int64; var o string; return id, r.Scan(&id, &o) }, q, 0); err != nil {
				return err
			}
			rows, err := tx.Query(ctx, q, 0)
			if err != nil {
				return err
			}
			defer rows.Close()
			var outer []string
			for rows.Next() {
				var id int64
				var owner string
				if err := rows.Scan(&id, &owner); err != nil {
					return err
				}
				outer = append(outer, owner)
				inner, err := db.All(ctx, tx, func(r db.Scanner) (string, error) { var id int64; var o string; return o, r.Scan(&id, &o) }, q, 30)
				if err != nil || len(inner) != 2 {
					return fmt.Errorf("inner run: %v %v", inner, err)
				}
			}
			if err := rows.Err(); err != nil {
				return err
			}
			if fmt.Sprint(outer) != "[p0 p1 p2 p3 p4]" {
				return fmt.Errorf("outer rows %v", outer)
			}
			return nil
		})
		if err != nil {
			t.Fatal(err)
		}
	}(t, dbtest.SQLite(t, testSchema))
}

// InsertRows writes many rows in statements of a few hundred parameters
// and returns what RETURNING gives; Placeholders makes an IN list of any
// length on either engine.
func TestInsertRowsAndPlaceholders(t *testing.T) {
	dbtest.Each(t, []*db.Schema{testSchema}, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		now := time.Now()
		rows := make([][]any, 1000)
		owners := make([]any, len(rows))
		for i := range rows {
			rows[i] = []any{fmt.Sprint("q", i), int64(i), now}
			owners[i] = fmt.Sprint("q", i)
		}
		var returned int
		err := d.InTx(ctx, func(tx *db.Tx) error {
			return db.InsertRows(ctx, tx, "INSERT INTO accounts (owner, balance, opened_at)", " RETURNING id", rows, func(r db.Scanner) error {
				var id int64
				returned++
				return r.Scan(&id)
			})
		})
		if err != nil || returned != 1000 {
			t.Fatalf("returned %d ids: %v", returned, err)
		}
		var n, sum int64
		if err := d.QueryRow(ctx, "SELECT COUNT(*), SUM(balance) FROM accounts WHERE owner IN ("+db.Placeholders(d.Engine(), len(owners), 1)+")", owners...).Scan(&n, &sum); err != nil || n != 1000 || sum != 999*1000/2 {
			t.Fatalf("%d rows summing %d: %v", n, sum, err)
		}
	})
}

// Transactions on many goroutines meeting new statements at once: one
// hands its statements to the writer's cache while another, holding the
// writer's connection, looks in it. The cache must not hold its lock
// while it waits for the connection (this deadlocked once).
func TestWriterStatementCacheUnderConcurrentTransactions(t *testing.T) {
	d := dbtest.SQLite(t, testSchema)
	ctx := context.Background()
	now := time.Now()
	errs := make(chan error, 8)
	for g := range 8 {
		go func() {
			var err error
			for i := 0; i < 20 && err == nil; i++ {
				err = d.InTx(ctx, func(tx *db.Tx) error {
					// A statement new to every transaction, and a shared one.
					if _, err := tx.Exec(ctx, fmt.Sprintf("INSERT INTO accounts (owner, balance, opened_at) VALUES ($1, %d, $2)", g*100+i), fmt.Sprint("c", g, "-", i), now); err != nil {
						return err
					}
					var n int
					return tx.QueryRow(ctx, "SELECT COUNT(*) FROM accounts WHERE owner = $1", fmt.Sprint("c", g, "-", i)).Scan(&n)
				})
				if err == nil {
					_, err = d.Exec(ctx, fmt.Sprintf("UPDATE accounts SET balance = balance + %d WHERE owner = $1", i), fmt.Sprint("c", g, "-", i))
				}
			}
			errs <- err
		}()
	}
	for range 8 {
		if err := <-errs; err != nil {
			t.Fatal(err)
		}
	}
}
