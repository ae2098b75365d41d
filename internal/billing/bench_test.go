package billing

import (
	"context"
	"fmt"
	"log/slog"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"pishkhan/internal/db"
	"pishkhan/internal/db/dbtest"
)

// BenchmarkPaidOrders measures paid orders per second end to end —
// create an order, send it to the sandbox bank, the card holder pays
// (the bank's own row is marked paid, as its page would), the callback
// verifies with the bank and settles and fulfils it — against the raw
// conditional-update rate of the same engine in the same run (the
// transaction every balance change in Pishkhan is).
//
//	go test ./internal/billing -run '^$' -bench PaidOrders -benchtime 400x
//	PISHKHAN_TEST_POSTGRES_URL=postgres://postgres@127.0.0.1:5432/test?sslmode=disable go test ./internal/billing -run '^$' -bench PaidOrders -benchtime 400x
func BenchmarkPaidOrders(b *testing.B) {
	for _, engine := range []struct {
		name string
		open func(testing.TB, ...*db.Schema) *db.DB
	}{{"sqlite", dbtest.SQLite}, {"postgres", dbtest.Postgres}} {
		b.Run(engine.name, func(b *testing.B) {
			d := engine.open(b, Schema, SandboxSchema)
			ctx := context.Background()
			svc := New(d, Options{Logger: slog.New(slog.DiscardHandler)})
			bank := NewSandbox(d, "http://127.0.0.1", "فروشگاه", nil)
			svc.AddGateway(bank)
			svc.RegisterFulfiller(KindWalletTopUp, svc.TopUpFulfiller())
			const customers = 32
			ids := make([]int64, customers)
			for i := range ids {
				if err := d.ExecReturning(ctx, `INSERT INTO customers (national_code, first_name, last_name, created_at, updated_at)
					VALUES ($1, 'نام', 'خانوادگی', $2, $2) RETURNING id`, fmt.Sprintf("%010d", i+1), time.Now()).Scan(&ids[i]); err != nil {
					b.Fatal(err)
				}
			}
			if _, err := d.Exec(ctx, "CREATE TABLE bench_balances (id BIGINT PRIMARY KEY, balance BIGINT NOT NULL)"); err != nil {
				b.Fatal(err)
			}
			for i := range customers {
				if _, err := d.Exec(ctx, "INSERT INTO bench_balances (id, balance) VALUES ($1, 1000000000)", int64(i)); err != nil {
					b.Fatal(err)
				}
			}
			var next atomic.Int64
			paidOrder := func() error {
				who := ids[next.Add(1)%customers]
				o, err := svc.CreateOrder(ctx, nil, NewOrder{CustomerID: who, Kind: KindWalletTopUp, VATExempt: true,
					Lines: []Line{{Description: "افزایش اعتبار", Amount: 50_000}}})
				if err != nil {
					return err
				}
				red, err := svc.StartPayment(ctx, o.ID, bank, "http://127.0.0.1/billing/callback/sandbox")
				if err != nil {
					return err
				}
				if _, err := d.Exec(ctx, "UPDATE sandbox_payments SET state = 'paid', ref_id = '123456789012', card_mask = '603799******9993' WHERE token = $1", red.Reference); err != nil {
					return err
				}
				o, err = svc.HandleCallback(ctx, bank.Name(), red.Reference)
				if err != nil {
					return err
				}
				if o.State != StatePaid {
					return fmt.Errorf("order %s ended %s", o.Tracking, o.State)
				}
				return nil
			}
			rawUpdate := func() error {
				id := next.Add(1) % customers
				return d.InTx(ctx, func(tx *db.Tx) error {
					res, err := tx.Exec(ctx, "UPDATE bench_balances SET balance = balance - 1 WHERE id = $1 AND balance - 1 >= 0", id)
					if err == nil && res.RowsAffected != 1 {
						err = db.ErrConflict
					}
					return err
				})
			}
			rate := func(n int, op func() error) float64 {
				var left atomic.Int64
				left.Store(int64(n))
				var wg sync.WaitGroup
				start := time.Now()
				for range 8 {
					wg.Add(1)
					go func() {
						defer wg.Done()
						for left.Add(-1) >= 0 {
							if err := op(); err != nil {
								b.Error(err)
								return
							}
						}
					}()
				}
				wg.Wait()
				return float64(n) / time.Since(start).Seconds()
			}
			n := max(b.N, 50)
			const rounds = 4
			per := max(n/rounds, 10)
			var orderTime, updateTime float64
			b.ResetTimer()
			for range rounds {
				updateTime += float64(per) / rate(per, rawUpdate)
				orderTime += float64(per) / rate(per, paidOrder)
			}
			b.StopTimer()
			orders, updates := float64(per*rounds)/orderTime, float64(per*rounds)/updateTime
			b.ReportMetric(orders, "paid-orders/s")
			b.ReportMetric(updates, "raw-updates/s")
			b.ReportMetric(orders/updates, "orders/update")
		})
	}
}
