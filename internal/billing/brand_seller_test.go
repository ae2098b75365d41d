package billing

import (
	"context"
	"strings"
	"testing"

	"pishkhan/internal/db"
	"pishkhan/internal/db/dbtest"
)

// The seller on a new invoice is the brand's as it stands when the
// invoice is issued (an admin may rename it); the invoice keeps the name
// it was issued with.
func TestInvoiceSellerIsTheBrandInForce(t *testing.T) {
	dbtest.Each(t, schemas, func(t *testing.T, d *db.DB) {
		seller := "پارس‌نت"
		e := newEnv(t, d, func(o *Options) { o.SellerName = func(context.Context) string { return seller } })
		ctx := context.Background()
		c := e.customer("0012345679", "علی", "رضایی")
		pay := func() *Invoice {
			o := e.order(c, 100_000, nil)
			ref := e.atBank(o)
			e.gw.pay(ref)
			if _, err := e.s.HandleCallback(ctx, "fakebank", ref); err != nil {
				t.Fatal(err)
			}
			inv, err := e.s.InvoiceForOrder(ctx, o.ID)
			if err != nil {
				t.Fatal(err)
			}
			return inv
		}
		first := pay()
		if first.Seller.Name != "پارس‌نت" || first.Seller.EconomicCode != "411111111111" {
			t.Fatalf("seller %+v", first.Seller)
		}
		seller = "شرکت پارس‌نت نو"
		if second := pay(); second.Seller.Name != "شرکت پارس‌نت نو" {
			t.Fatalf("the renamed seller: %+v", second.Seller)
		}
		if again, _ := e.s.Invoice(ctx, first.Number); again.Seller.Name != "پارس‌نت" {
			t.Fatalf("an issued invoice changed its seller: %q", again.Seller.Name)
		}
		seller = "" // the brand unreadable: the configured seller
		if third := pay(); third.Seller.Name != "شرکت پارتاک" {
			t.Fatalf("fallback seller: %q", third.Seller.Name)
		}
	})
}

// The bank page's merchant line is the brand's seller when the payment
// is opened.
func TestSandboxMerchantIsTheBrandInForce(t *testing.T) {
	dbtest.Each(t, []*db.Schema{SandboxSchema}, func(t *testing.T, d *db.DB) {
		rig := newSandboxRig(t, d)
		rig.bank.MerchantName = func(context.Context) string { return "پارس‌نت" }
		red, err := rig.bank.Request(context.Background(), PaymentRequest{OrderID: 1, Amount: 10_000, CallbackURL: rig.ts.URL + "/cb"})
		if err != nil {
			t.Fatal(err)
		}
		page, _, _, _ := rig.open(t, red.URL)
		if !strings.Contains(page, "<th>پذیرنده</th><td>پارس‌نت</td>") {
			t.Fatalf("merchant line: %s", page)
		}
	})
}
