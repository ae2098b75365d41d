package billing

import (
	"context"
	"errors"
	"testing"
)

func TestInvoicesSequentialAndFrozen(t *testing.T) {
	each(t, func(t *testing.T, e *env) {
		ctx := context.Background()
		c := e.customer("0012345679", "علی", "رضایی")
		other := e.customer("0067749828", "مریم", "احمدی")
		pay := func(customer, price int64) *Order {
			o := e.order(customer, price, nil)
			ref := e.atBank(o)
			e.gw.pay(ref)
			if _, err := e.s.HandleCallback(ctx, "fakebank", ref); err != nil {
				t.Fatal(err)
			}
			return o
		}
		o1 := pay(c, 8_000_000)
		o2 := pay(other, 1_000_000)
		o3 := pay(c, 2_000_000)
		// 2025-03-21 is 1 Farvardin 1404: the year's first invoices.
		for i, o := range []*Order{o1, o2, o3} {
			inv, err := e.s.InvoiceForOrder(ctx, o.ID)
			if err != nil {
				t.Fatal(err)
			}
			if want := int64(14040000001 + i); inv.Number != want {
				t.Fatalf("invoice %d number %d, want %d", i, inv.Number, want)
			}
		}
		// The buyer renames; the invoice keeps the name it was issued to.
		if _, err := e.d.Exec(ctx, "UPDATE customers SET first_name = 'حسن' WHERE id = $1", c); err != nil {
			t.Fatal(err)
		}
		inv, err := e.s.Invoice(ctx, 14040000001)
		if err != nil {
			t.Fatal(err)
		}
		if inv.Buyer.Name != "علی رضایی" || inv.Price != 8_000_000 || inv.VAT != 720_000 || inv.Total != 8_720_000 ||
			inv.Tracking != o1.Tracking || inv.Seller.EconomicCode != "411111111111" || inv.Lines[0].Description != "سرویس یک ماهه" {
			t.Fatalf("invoice %+v", inv)
		}
		if _, err := e.s.CustomerInvoice(ctx, other, 14040000001); !errors.Is(err, ErrInvoiceNotFound) {
			t.Fatalf("someone else's invoice: %v", err)
		}
		if _, err := e.s.Invoice(ctx, 1); !errors.Is(err, ErrInvoiceNotFound) {
			t.Fatalf("missing invoice: %v", err)
		}
		list, err := e.s.InvoicesOf(ctx, c, 1)
		if err != nil || list.Total != 2 || list.Items[0].Number != 14040000003 {
			t.Fatalf("InvoicesOf = %+v %v", list, err)
		}
	})
}
