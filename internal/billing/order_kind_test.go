package billing

import (
	"context"
	"testing"

	"pishkhan/internal/db"
)

// An order's «بازگشت و تصحیح» leads to the page its area registered with
// the kind; billing itself names no area's page.
func TestRegisterOrderKindGivesTheBackLink(t *testing.T) {
	s := &Service{fulfillers: map[string]Fulfiller{}}
	nop := func(context.Context, *db.Tx, *Order) error { return nil }
	s.RegisterOrderKind(OrderKind{Kind: "k1", Fulfil: nop, BackURL: "/area-one/pay"})
	s.RegisterOrderKind(OrderKind{Kind: "k2", Fulfil: nop})
	for kind, want := range map[string]string{"k1": "/area-one/pay", "k2": "/", "unknown": "/", KindWalletTopUp: "/wallet"} {
		if got := s.BackURL(kind); got != want {
			t.Errorf("BackURL(%q) = %q, want %q", kind, got, want)
		}
	}
	if _, ok := s.fulfiller("k1"); !ok {
		t.Error("RegisterOrderKind did not register the fulfiller")
	}
}
