package db_test

import (
	"context"
	"fmt"
	"sync/atomic"
	"testing"
	"time"

	"pishkhan/internal/db"
	"pishkhan/internal/db/dbtest"
)

// Baselines for later issues: how fast each engine inserts one row and
// applies one conditional update (the "balance + x >= floor" pattern every
// balance in Pishkhan uses), each in its own transaction, through this
// package. Later benchmarks report their rates as ratios to these,
// measured in the same run.
//
//	go test ./internal/db -run '^$' -bench . -benchtime 2000x
//	PISHKHAN_TEST_POSTGRES_URL=postgres://postgres@127.0.0.1:5432/test?sslmode=disable go test ./internal/db -run '^$' -bench . -benchtime 2000x

func engines(testing.TB) map[string]func(testing.TB, ...*db.Schema) *db.DB {
	return map[string]func(testing.TB, ...*db.Schema) *db.DB{"sqlite": dbtest.SQLite, "postgres": dbtest.Postgres}
}

func BenchmarkInsertRow(b *testing.B) {
	for _, name := range []string{"sqlite", "postgres"} {
		b.Run(name, func(b *testing.B) {
			d := engines(b)[name](b, testSchema)
			ctx := context.Background()
			var acct int64
			if err := d.ExecReturning(ctx, "INSERT INTO accounts (owner, balance, opened_at) VALUES ('bench', 0, $1) RETURNING id", time.Now()).Scan(&acct); err != nil {
				b.Fatal(err)
			}
			var n atomic.Int64
			b.SetParallelism(8) // 16 writers on 2 cores: enough to keep PostgreSQL's commits overlapping
			b.ResetTimer()
			b.RunParallel(func(pb *testing.PB) {
				for pb.Next() {
					i := n.Add(1)
					err := d.InTx(ctx, func(tx *db.Tx) error {
						_, err := tx.Exec(ctx, "INSERT INTO ledger (account_id, amount, idempotency_key) VALUES ($1, $2, $3)", acct, i, fmt.Sprint("k", i))
						return err
					})
					if err != nil {
						b.Error(err)
						return
					}
				}
			})
			b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "rows/s")
		})
	}
}

func BenchmarkConditionalUpdate(b *testing.B) {
	for _, name := range []string{"sqlite", "postgres"} {
		b.Run(name, func(b *testing.B) {
			d := engines(b)[name](b, testSchema)
			ctx := context.Background()
			// Several accounts, so PostgreSQL's row locks are not all on one
			// row (which would measure lock queueing instead).
			const accounts = 64
			ids := make([]int64, accounts)
			for i := range ids {
				if err := d.ExecReturning(ctx, "INSERT INTO accounts (owner, balance, floor, opened_at) VALUES ($1, 1000000000, 0, $2) RETURNING id",
					fmt.Sprint("owner", i), time.Now()).Scan(&ids[i]); err != nil {
					b.Fatal(err)
				}
			}
			var n atomic.Int64
			b.SetParallelism(8) // 16 writers on 2 cores: enough to keep PostgreSQL's commits overlapping
			b.ResetTimer()
			b.RunParallel(func(pb *testing.PB) {
				for pb.Next() {
					id := ids[n.Add(1)%accounts]
					err := d.InTx(ctx, func(tx *db.Tx) error {
						res, err := tx.Exec(ctx, "UPDATE accounts SET balance = balance - 1 WHERE id = $1 AND balance - 1 >= floor", id)
						if err == nil && res.RowsAffected != 1 {
							err = db.ErrConflict
						}
						return err
					})
					if err != nil {
						b.Error(err)
						return
					}
				}
			})
			b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "updates/s")
		})
	}
}
