package billing

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"testing"

	"pishkhan/internal/db"
)

func TestWalletLedger(t *testing.T) {
	each(t, func(t *testing.T, e *env) {
		ctx := context.Background()
		c := e.customer("0012345679", "علی", "رضایی")
		if st, err := e.s.Wallet(ctx, c, 1); err != nil || st.Balance != 0 || st.Entries.Total != 0 {
			t.Fatalf("empty wallet: %+v %v", st, err)
		}
		first, err := e.s.Credit(ctx, nil, c, 500_000, "تغییر سرویس", "plan_change", 9, "plan_change:9")
		if err != nil || first.BalanceAfter != 500_000 {
			t.Fatalf("%+v %v", first, err)
		}
		// A retried credit is a no-op that returns the first entry.
		again, err := e.s.Credit(ctx, nil, c, 500_000, "تغییر سرویس", "plan_change", 9, "plan_change:9")
		if err != nil || again.ID != first.ID {
			t.Fatalf("retry: %+v %v", again, err)
		}
		if _, err := e.s.Credit(ctx, nil, c, 1, "x", "plan_change", 9, "plan_change:9"); !errors.Is(err, ErrIdempotency) {
			t.Fatalf("same key, other amount: %v", err)
		}
		if _, err := e.s.Credit(ctx, nil, c, 0, "x", "", 0, "zero"); !errors.Is(err, ErrAmount) {
			t.Fatalf("zero credit: %v", err)
		}
		err = e.d.InTx(ctx, func(tx *db.Tx) error {
			_, err := e.s.debit(ctx, tx, c, 600_000, "خرید", "order", 1, "debit-1")
			return err
		})
		if !errors.Is(err, ErrInsufficient) {
			t.Fatalf("overdraw: %v", err)
		}
		err = e.d.InTx(ctx, func(tx *db.Tx) error {
			_, err := e.s.debit(ctx, tx, c, 200_000, "خرید", "order", 1, "debit-1")
			return err
		})
		if err != nil {
			t.Fatal(err)
		}
		for i := range 25 {
			e.credit(c, 1, fmt.Sprint("small-", i))
		}
		st, err := e.s.Wallet(ctx, c, 2)
		if err != nil || st.Balance != 300_025 || st.Entries.Total != 27 || len(st.Entries.Items) != 7 || st.Entries.Pages() != 2 {
			t.Fatalf("statement: balance %d total %d items %d %v", st.Balance, st.Entries.Total, len(st.Entries.Items), err)
		}
		if last := st.Entries.Items[len(st.Entries.Items)-1]; last.ID != first.ID {
			t.Fatalf("history not newest first")
		}
	})
}

// Many concurrent debits never take the balance below zero, and the
// ledger always sums to the balance.
func TestConcurrentDebitsNeverOverdraw(t *testing.T) {
	each(t, func(t *testing.T, e *env) {
		ctx := context.Background()
		c := e.customer("0012345679", "علی", "رضایی")
		e.credit(c, 1_000_000, "seed")
		const n = 60
		var wg sync.WaitGroup
		var mu sync.Mutex
		ok, short := 0, 0
		for i := range n {
			wg.Go(func() {
				err := e.d.InTx(ctx, func(tx *db.Tx) error {
					_, err := e.s.debit(ctx, tx, c, 70_000, "خرید", "order", int64(i), fmt.Sprint("d-", i))
					return err
				})
				mu.Lock()
				defer mu.Unlock()
				switch {
				case err == nil:
					ok++
				case errors.Is(err, ErrInsufficient):
					short++
				default:
					t.Error(err)
				}
			})
		}
		wg.Wait()
		if ok != 14 || short != n-14 {
			t.Fatalf("%d debits succeeded, %d refused; want 14 and %d", ok, short, n-14)
		}
		var sum int64
		var neg int
		if err := e.d.QueryRow(ctx, "SELECT COALESCE(SUM(amount), 0) FROM billing_wallet_entries WHERE customer_id = $1", c).Scan(&sum); err != nil {
			t.Fatal(err)
		}
		if err := e.d.QueryRow(ctx, "SELECT COUNT(*) FROM billing_wallet_entries WHERE balance_after < 0").Scan(&neg); err != nil {
			t.Fatal(err)
		}
		b, _ := e.s.Balance(ctx, c)
		if b != 20_000 || sum != b || neg != 0 {
			t.Fatalf("balance %d, ledger sum %d, negative rows %d", b, sum, neg)
		}
	})
}
