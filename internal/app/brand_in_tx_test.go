package app

import (
	"context"
	"testing"

	"pishkhan/internal/db"
	"pishkhan/internal/db/dbtest"
	"pishkhan/internal/web"
)

// countingQuerier counts the reads that go through it.
type countingQuerier struct {
	db.Querier
	reads int
}

func (c *countingQuerier) QueryRow(ctx context.Context, query string, args ...any) *db.Row {
	c.reads++
	return c.Querier.QueryRow(ctx, query, args...)
}

// The SMS signature is read through the querier notify hands it (the
// message's transaction), never from the pool: inside a transaction a
// pool read waits for a second connection, and fifty at once deadlocked
// PostgreSQL (notify's TestSMSInsideATransactionReadsTheBrandThroughIt
// holds notify to passing its transaction; this holds the brand to
// reading through it).
func TestBrandSignatureReadsThroughTheGivenQuerier(t *testing.T) {
	dbtest.Each(t, []*db.Schema{web.Schema}, func(t *testing.T, d *db.DB) {
		store := web.NewBrandStore(d, web.DefaultBrand(), nil)
		ctx := context.Background()
		err := d.InTx(ctx, func(tx *db.Tx) error {
			q := &countingQuerier{Querier: tx}
			if sig := brandSignature(store)(ctx, q); sig == "" {
				t.Error("no signature")
			}
			if q.reads == 0 {
				t.Error("the brand was not read through the transaction")
			}
			return nil
		})
		if err != nil {
			t.Fatal(err)
		}
	})
}
