package cards

import (
	"context"
	"testing"

	"pishkhan/internal/billing"
	"pishkhan/internal/db"
	"pishkhan/internal/db/dbtest"
	"pishkhan/internal/otp"
)

// An installment order sent to the sandbox bank and paid with a card that
// draws on the same credit account is declined (57, msgOwnCredit): nothing
// is drawn, the installments stay due. A card on another credit line pays
// it; the same card pays an order of another kind.
func TestInstallmentsNotPaidWithTheirOwnCredit(t *testing.T) {
	schemas := []*db.Schema{Schema, otp.Schema, billing.Schema, billing.SandboxSchema}
	dbtest.Each(t, schemas, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		e := newEnv(t, d)
		bill := billing.New(d, billing.Options{Now: e.clock.Now})
		bill.RegisterFulfiller(KindInstallments, e.s.InstallmentsFulfiller())
		bill.RegisterFulfiller(billing.KindWalletTopUp, bill.TopUpFulfiller())
		bank := billing.NewSandbox(d, "http://pishkhan.test", "پیشخوان", e.clock.Now, e.s)
		bill.AddGateway(bank)
		e.s.UsePaymentOrders(bill)

		cust, acct, ic := e.creditCard(t, 10_000_000)
		e.buy(t, ic.Number, "k1", 900_000, 0, 3)
		due, err := e.s.DueInstallments(ctx, cust)
		if err != nil || len(due) != 3 {
			t.Fatalf("due %v %v", due, err)
		}
		// The order «پرداخت اقساط» makes for the oldest installment, at the bank.
		toBank := func(kind, ref string, amount int64) string {
			t.Helper()
			o, err := bill.CreateOrder(ctx, nil, billing.NewOrder{CustomerID: cust, Kind: kind, Ref: ref,
				Lines: []billing.Line{{Description: "قسط", Amount: amount}}, VATExempt: true})
			if err != nil {
				t.Fatal(err)
			}
			r, err := bill.StartPayment(ctx, o.ID, bank, "http://pishkhan.test/billing/callback/sandbox")
			if err != nil {
				t.Fatal(err)
			}
			return r.Reference
		}
		ref := toBank(KindInstallments, InstallmentsRef([]int64{due[0].ID}), due[0].Amount)
		before := e.checkLedger(t, acct.ID).Balance
		d1, err := e.s.Authorize(ctx, payment(ic, ic.SecondPassword, due[0].Amount, ref))
		if err != nil {
			t.Fatal(err)
		}
		if d1.Approved || d1.Code != CodeNotAllowed || d1.Message != msgOwnCredit {
			t.Fatalf("own credit paying its installments: %+v", d1)
		}
		if a := e.checkLedger(t, acct.ID); a.Balance != before {
			t.Fatalf("balance %d, was %d: the refused payment drew credit", a.Balance, before)
		}
		var bankPurchases int
		if err := d.QueryRow(ctx, "SELECT COUNT(*) FROM card_purchases WHERE source = 'bank'").Scan(&bankPurchases); err != nil || bankPurchases != 0 {
			t.Fatalf("%d bank purchases booked (%v)", bankPurchases, err)
		}
		if still, _ := e.s.DueInstallments(ctx, cust); len(still) != 3 {
			t.Fatalf("%d installments due after the refusal, want 3", len(still))
		}
		// The same holder's card on another credit account pays it.
		other, err := e.s.IssueAccount(ctx, NewAccount{CustomerID: cust, TypeCode: "credit", Number: "200", Floor: -5_000_000})
		if err != nil {
			t.Fatal(err)
		}
		ic2, err := e.s.IssueCard(ctx, cust, other.ID)
		if err != nil {
			t.Fatal(err)
		}
		e.pay(t, e.s, payment(ic2, ic2.SecondPassword, due[0].Amount, ref), CodeApproved)
		if a := e.checkLedger(t, other.ID); a.Balance != -due[0].Amount {
			t.Fatalf("the other line's balance %d, want %d", a.Balance, -due[0].Amount)
		}

		// The first card pays an order of another kind (a wallet top-up).
		e.pay(t, e.s, payment(ic, ic.SecondPassword, 50_000, toBank(billing.KindWalletTopUp, "", 50_000)), CodeApproved)
	})
}
