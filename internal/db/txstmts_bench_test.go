package db

import (
	"context"
	"path/filepath"
	"syscall"
	"testing"
	"time"
)

// BenchmarkWriterStatements runs transactions shaped like a paid order's
// settlement (an order and two lines inserted, a balance raised by a
// conditional update, its ledger row, the balance read back) on SQLite,
// with the writer's statements prepared once and reused, against the same
// transactions with every statement parsed again (as before the cache),
// alternating in five rounds in the same process.
//
//	go test ./internal/db -run '^$' -bench WriterStatements -benchtime 5000x -count 3
func BenchmarkWriterStatements(b *testing.B) {
	ctx := context.Background()
	d, err := Open(ctx, filepath.Join(b.TempDir(), "bench.db"))
	if err != nil {
		b.Fatal(err)
	}
	defer d.Close()
	for _, q := range []string{
		"CREATE TABLE wallets (id INTEGER PRIMARY KEY, balance BIGINT NOT NULL, updated_at TIMESTAMP NOT NULL)",
		"CREATE TABLE orders (id INTEGER PRIMARY KEY, wallet_id BIGINT NOT NULL, amount BIGINT NOT NULL, status TEXT NOT NULL, created_at TIMESTAMP NOT NULL)",
		"CREATE TABLE order_lines (id INTEGER PRIMARY KEY, order_id BIGINT NOT NULL REFERENCES orders (id), title TEXT NOT NULL, amount BIGINT NOT NULL)",
		"CREATE TABLE ledger (id INTEGER PRIMARY KEY, wallet_id BIGINT NOT NULL, amount BIGINT NOT NULL, balance_after BIGINT NOT NULL, reason TEXT NOT NULL, at TIMESTAMP NOT NULL)",
		"CREATE INDEX ledger_wallet ON ledger (wallet_id)",
		"INSERT INTO wallets (id, balance, updated_at) VALUES (1, 0, CURRENT_TIMESTAMP)",
	} {
		if _, err := d.Exec(ctx, q); err != nil {
			b.Fatal(err)
		}
	}
	order := func() error {
		return d.InTx(ctx, func(tx *Tx) error {
			now := time.Now()
			var id int64
			if err := tx.QueryRow(ctx, "INSERT INTO orders (wallet_id, amount, status, created_at) VALUES ($1, $2, 'paid', $3) RETURNING id", 1, 50_000, now).Scan(&id); err != nil {
				return err
			}
			for _, l := range []string{"شارژ کیف پول", "مالیات"} {
				if _, err := tx.Exec(ctx, "INSERT INTO order_lines (order_id, title, amount) VALUES ($1, $2, $3)", id, l, 25_000); err != nil {
					return err
				}
			}
			if _, err := tx.Exec(ctx, "UPDATE wallets SET balance = balance + $1, updated_at = $2 WHERE id = $3 AND balance + $1 >= 0", 50_000, now, 1); err != nil {
				return err
			}
			var balance int64
			if err := tx.QueryRow(ctx, "SELECT balance FROM wallets WHERE id = $1", 1).Scan(&balance); err != nil {
				return err
			}
			_, err := tx.Exec(ctx, "INSERT INTO ledger (wallet_id, amount, balance_after, reason, at) VALUES ($1, $2, $3, 'top-up', $4)", 1, 50_000, balance, now)
			return err
		})
	}
	// round returns the wall-clock and CPU time of n transactions.
	round := func(n int, cached bool) (time.Duration, time.Duration) {
		noTxStatements = !cached
		defer func() { noTxStatements = false }()
		start, cpu := time.Now(), processCPU()
		for range n {
			if err := order(); err != nil {
				b.Fatal(err)
			}
		}
		return time.Since(start), processCPU() - cpu
	}
	round(50, true) // warm up: the cache's statements
	const rounds = 5
	per := max(b.N/rounds, 20)
	var cached, parsed, cachedCPU, parsedCPU time.Duration
	b.ResetTimer()
	for range rounds {
		w, c := round(per, true)
		cached, cachedCPU = cached+w, cachedCPU+c
		w, c = round(per, false)
		parsed, parsedCPU = parsed+w, parsedCPU+c
	}
	b.StopTimer()
	n := float64(per * rounds)
	b.ReportMetric(n/cached.Seconds(), "tx/s-cached")
	b.ReportMetric(n/parsed.Seconds(), "tx/s-parsed")
	b.ReportMetric(parsed.Seconds()/cached.Seconds(), "speedup")
	// The transactions run on one goroutine: their CPU time does not
	// depend on what else the shared machine runs.
	b.ReportMetric(float64(cachedCPU.Microseconds())/n, "cpu-µs/tx-cached")
	b.ReportMetric(float64(parsedCPU.Microseconds())/n, "cpu-µs/tx-parsed")
	b.ReportMetric(parsedCPU.Seconds()/cachedCPU.Seconds(), "cpu-speedup")
}

// processCPU is the CPU time (user and system) this process has used.
func processCPU() time.Duration {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}
