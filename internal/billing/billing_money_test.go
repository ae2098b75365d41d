package billing

import (
	"errors"
	"testing"
)

// The ISP guide's pre-invoice, to the rial.
func TestGuideExample(t *testing.T) {
	f, err := ComputeFigures(8_000_000, 0, 1_928_767, 0, true, DefaultVATRate)
	if err != nil {
		t.Fatal(err)
	}
	want := Figures{Price: 8_000_000, VATRate: 900, VAT: 720_000, Subscription: 0, Remaining: 1_928_767, WalletUsed: 0, Payable: 6_791_233}
	if f != want {
		t.Fatalf("figures = %+v, want %+v", f, want)
	}
}

func TestVATRounding(t *testing.T) {
	for _, c := range []struct{ price, rate, want int64 }{
		{8_000_000, 900, 720_000},
		{0, 900, 0},
		{1, 900, 0},            // 0.09 → 0
		{5, 900, 0},            // 0.45 → 0
		{6, 900, 1},            // 0.54 → 1
		{50, 100, 1},           // exactly 0.5 → 1 (half up)
		{150, 100, 2},          // 1.5 → 2
		{149, 100, 1},          // 1.49 → 1
		{227_900, 900, 20_511}, // 20,511.0
		{222_166, 900, 19_995}, // 19,994.94 → 19,995
		{MaxAmount, 10_000, MaxAmount},
	} {
		if got := VAT(c.price, c.rate); got != c.want {
			t.Errorf("VAT(%d, %d) = %d, want %d", c.price, c.rate, got, c.want)
		}
	}
}

func TestPayableRules(t *testing.T) {
	cases := []struct {
		name                                 string
		price, sub, remaining, balance       int64
		use                                  bool
		wantWallet, wantPayable, wantSurplus int64
	}{
		{"plain", 1_000_000, 0, 0, 0, false, 0, 1_090_000, 0},
		{"subscription untaxed", 1_000_000, 50_000, 0, 0, false, 0, 1_140_000, 0},
		{"wallet not chosen", 1_000_000, 0, 0, 500_000, false, 0, 1_090_000, 0},
		{"wallet part", 1_000_000, 0, 0, 500_000, true, 500_000, 590_000, 0},
		{"wallet covers all", 1_000_000, 0, 0, 5_000_000, true, 1_090_000, 0, 0},
		{"wallet after remaining", 1_000_000, 0, 90_000, 2_000_000, true, 1_000_000, 0, 0},
		{"remaining exceeds", 1_000_000, 0, 1_500_000, 700_000, true, 0, 0, 410_000},
		{"remaining exact", 1_000_000, 0, 1_090_000, 0, false, 0, 0, 0},
	}
	for _, c := range cases {
		f, err := ComputeFigures(c.price, c.sub, c.remaining, c.balance, c.use, 900)
		if err != nil {
			t.Fatalf("%s: %v", c.name, err)
		}
		if f.WalletUsed != c.wantWallet || f.Payable != c.wantPayable || f.Surplus != c.wantSurplus {
			t.Errorf("%s: wallet %d payable %d surplus %d; want %d %d %d", c.name, f.WalletUsed, f.Payable, f.Surplus,
				c.wantWallet, c.wantPayable, c.wantSurplus)
		}
		// The identity every pre-invoice must satisfy.
		if f.Total()-f.Remaining-f.WalletUsed-f.Payable+f.Surplus != 0 {
			t.Errorf("%s: figures do not add up: %+v", c.name, f)
		}
		if f.WalletUsed > c.balance {
			t.Errorf("%s: wallet used %d exceeds balance %d", c.name, f.WalletUsed, c.balance)
		}
	}
}

func TestFiguresRejectBadAmounts(t *testing.T) {
	for _, args := range [][5]int64{{-1, 0, 0, 0, 900}, {0, -1, 0, 0, 900}, {0, 0, -1, 0, 900}, {MaxAmount + 1, 0, 0, 0, 900}, {1, 0, 0, 0, 10_001}, {1, 0, 0, 0, -1}} {
		if _, err := ComputeFigures(args[0], args[1], args[2], args[3], true, args[4]); !errors.Is(err, ErrAmount) {
			t.Errorf("ComputeFigures%v: err = %v, want ErrAmount", args, err)
		}
	}
}
