package db_test

import (
	"context"
	"fmt"
	"testing"
	"time"

	"pishkhan/internal/db"
	"pishkhan/internal/db/dbtest"
)

// InsertRows copies many rows on PostgreSQL (copy_rows.go) and must keep
// what the VALUES form does on both engines: ON CONFLICT DO NOTHING lets
// the first row of a key win, in the rows' order; RETURNING answers for
// the rows written only; a second call in the transaction starts from an
// empty staging table; a unique violation is still one; times are UTC.
func TestInsertRowsManyKeepsOrderConflictsAndReturning(t *testing.T) {
	dbtest.Each(t, []*db.Schema{testSchema}, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		at := time.Date(2026, 12, 6, 20, 0, 0, 0, time.FixedZone("IRST", 3*3600+1800))
		rows := func(prefix string, n, owners int, balance func(int) int64) [][]any {
			out := make([][]any, n)
			for i := range out {
				out[i] = []any{fmt.Sprintf("%s%d", prefix, i%owners), balance(i), at}
			}
			return out
		}
		err := d.InTx(ctx, func(tx *db.Tx) error {
			// 200 rows, two of each owner: the first (balance i) wins.
			var returned int
			if err := db.InsertRows(ctx, tx, "INSERT INTO accounts (owner, balance, opened_at)", " ON CONFLICT (owner) DO NOTHING RETURNING id",
				rows("a", 200, 100, func(i int) int64 { return int64(i) }), func(r db.Scanner) error {
					var id int64
					returned++
					return r.Scan(&id)
				}); err != nil {
				return err
			}
			if returned != 100 {
				t.Errorf("RETURNING gave %d rows, want the 100 written", returned)
			}
			// A second call in the same transaction: only its own rows.
			return db.InsertRows(ctx, tx, "INSERT INTO accounts (owner, balance, opened_at)", "", rows("b", 100, 100, func(int) int64 { return 7 }), nil)
		})
		if err != nil {
			t.Fatal(err)
		}
		var n, sum int64
		if err := d.QueryRow(ctx, "SELECT COUNT(*), SUM(balance) FROM accounts WHERE owner LIKE 'a%'").Scan(&n, &sum); err != nil || n != 100 || sum != 99*100/2 {
			t.Errorf("a-owners: %d rows summing %d (want 100 summing %d, the first of each pair): %v", n, sum, 99*100/2, err)
		}
		if err := d.QueryRow(ctx, "SELECT COUNT(*), SUM(balance) FROM accounts WHERE owner LIKE 'b%'").Scan(&n, &sum); err != nil || n != 100 || sum != 700 {
			t.Errorf("b-owners: %d rows summing %d, want 100 summing 700: %v", n, sum, err)
		}
		var got time.Time
		if err := d.QueryRow(ctx, "SELECT opened_at FROM accounts WHERE owner = 'a0'").Scan(&got); err != nil || !got.Equal(at) {
			t.Errorf("opened_at = %v, want %v: %v", got, at, err)
		}
		// Without ON CONFLICT a repeated owner is a unique violation, and
		// nothing of the batch stays.
		err = d.InTx(ctx, func(tx *db.Tx) error {
			return db.InsertRows(ctx, tx, "INSERT INTO accounts (owner, balance, opened_at)", "", rows("c", 100, 50, func(int) int64 { return 1 }), nil)
		})
		if !db.IsUniqueViolation(err) {
			t.Errorf("repeated owners: %v, want a unique violation", err)
		}
		if err := d.QueryRow(ctx, "SELECT COUNT(*) FROM accounts WHERE owner LIKE 'c%'").Scan(&n); err != nil || n != 0 {
			t.Errorf("%d c-owners stored after the refused batch: %v", n, err)
		}
	})
}
