package welfare

import (
	"fmt"
	"sync"
	"testing"
)

// The same return sent eight times at once is one return (one ledger
// row); four different returns at once each take their share, and the
// purchase power comes back exactly by their sum.
func TestConcurrentReturnsDoNothingTwice(t *testing.T) {
	engines(t, func(t *testing.T, e *env) {
		emp, m := openAccount(t, e, 6)
		p := must(e.buy(m, emp, 6_000_000, 3, "p"))
		acc := e.account(emp)
		var wg sync.WaitGroup
		ids := make([]int64, 8)
		errs := make([]error, 8)
		for i := range 8 {
			wg.Add(1)
			go func() {
				defer wg.Done()
				r, err := e.s.ReturnPurchase(ctxb(), m, p.ID, ReturnRequest{Amount: 500_000, IdempotencyKey: "same"})
				if err == nil {
					ids[i] = r.ID
				}
				errs[i] = err
			}()
		}
		wg.Wait()
		for i := range 8 {
			if errs[i] != nil || ids[i] != ids[0] {
				t.Fatalf("request %d: %d %v (first %d)", i, ids[i], errs[i], ids[0])
			}
		}
		if n := e.ledgerRows(acc.ID, ReturnGoods); n != 1 {
			t.Fatalf("ledger rows after one return sent 8 times: %d", n)
		}
		for i := range 4 {
			wg.Add(1)
			go func() {
				defer wg.Done()
				if _, err := e.s.ReturnPurchase(ctxb(), m, p.ID, ReturnRequest{Amount: 1_000_000, IdempotencyKey: fmt.Sprint("k", i)}); err != nil {
					t.Errorf("return %d: %v", i, err)
				}
			}()
		}
		wg.Wait()
		var due int64
		for _, i := range must(e.s.Installments(ctxb(), emp.CustomerID)) {
			due += i.Due()
		}
		if a := e.account(emp); a.Used != 6_000_000-4_500_000 || due != a.Used || e.ledgerRows(acc.ID, ReturnGoods) != 5 {
			t.Errorf("after the returns: used %d, installments due %d, %d ledger rows", a.Used, due, e.ledgerRows(acc.ID, ReturnGoods))
		}
	})
}
