package billing

import (
	"context"
	"sync"
	"testing"
	"time"

	"pishkhan/internal/db"
	"pishkhan/internal/db/dbtest"
)

// TestSellerIsReadOutsideTheSettlingTransaction: the invoice's seller name
// comes from the brand, which reads the database through the pool. Read
// inside the settling transaction, it waited for a pool connection while
// that transaction held the order's row and every other connection was
// taken by a callback of the same order waiting for that row: on
// PostgreSQL, fifty simultaneous callbacks deadlocked (two instances with
// twenty callbacks did in TestTwoInstancesShareOnePostgreSQL). The seller
// is now read before the transaction begins.
func TestSellerIsReadOutsideTheSettlingTransaction(t *testing.T) {
	dbtest.Each(t, schemas, func(t *testing.T, d *db.DB) {
		var reads sync.Map
		e := newEnv(t, d, func(o *Options) {
			o.SellerName = func(ctx context.Context) string {
				var name string
				if err := d.QueryRow(ctx, "SELECT 'فروشگاه نمونه'").Scan(&name); err != nil {
					reads.Store(err.Error(), true)
					return ""
				}
				return name
			}
		})
		ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
		defer cancel()
		c := e.customer("0012345679", "علی", "رضایی")
		o := e.order(c, 1_000_000, nil)
		ref := e.atBank(o)
		e.gw.pay(ref)
		e.gw.delay = 20 * time.Millisecond
		const n = 50
		var wg sync.WaitGroup
		start := make(chan struct{})
		errs := make(chan error, n)
		for range n {
			wg.Go(func() {
				<-start
				_, err := e.s.HandleCallback(ctx, "fakebank", ref)
				errs <- err
			})
		}
		close(start)
		wg.Wait()
		close(errs)
		for err := range errs {
			if err != nil {
				t.Fatalf("a callback failed (the settling transaction waited for the pool): %v", err)
			}
		}
		reads.Range(func(k, _ any) bool {
			t.Errorf("reading the seller failed: %v", k)
			return true
		})
		var seller string
		if err := d.QueryRow(context.Background(), "SELECT seller_name FROM billing_invoices WHERE order_id = $1", o.ID).Scan(&seller); err != nil || seller != "فروشگاه نمونه" {
			t.Errorf("invoice seller %q, want the brand's: %v", seller, err)
		}
	})
}
