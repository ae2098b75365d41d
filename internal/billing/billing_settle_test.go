package billing

import (
	"context"
	"errors"
	"sync"
	"testing"
	"time"
)

func TestPaidOrderSettles(t *testing.T) {
	each(t, func(t *testing.T, e *env) {
		ctx := context.Background()
		c := e.customer("0012345679", "علی", "رضایی")
		e.credit(c, 300_000, "seed")
		o := e.order(c, 1_000_000, func(n *NewOrder) { n.UseWallet = true })
		if o.WalletUsed != 300_000 || o.Payable != 790_000 {
			t.Fatalf("figures %+v", o.Figures)
		}
		ref := e.atBank(o)
		if e.state(o.ID) != StateAtGateway {
			t.Fatal("not at the gateway")
		}
		if b, _ := e.s.Balance(ctx, c); b != 0 {
			t.Fatalf("wallet credit not taken at the bank: %d", b)
		}
		e.gw.pay(ref)
		got, err := e.s.HandleCallback(ctx, "fakebank", ref)
		if err != nil || got.State != StatePaid || got.PaidAt.IsZero() {
			t.Fatalf("HandleCallback = %+v, %v", got, err)
		}
		if e.fulfilments(o.ID) != 1 {
			t.Fatal("not fulfilled")
		}
		ps, err := e.s.PaymentsOf(ctx, c, 1)
		if err != nil || ps.Total != 1 || ps.Items[0].State != PaymentVerified || ps.Items[0].RefID != "RID-"+ref ||
			ps.Items[0].CardMask == "" || ps.Items[0].Amount != 790_000 || ps.Items[0].Tracking != o.Tracking {
			t.Fatalf("PaymentsOf = %+v, %v", ps, err)
		}
		inv, err := e.s.InvoiceForOrder(ctx, o.ID)
		if err != nil {
			t.Fatal(err)
		}
		if inv.Total != 1_090_000 || inv.WalletUsed != 300_000 || inv.Paid != 790_000 || inv.Buyer.Name != "علی رضایی" ||
			inv.Buyer.NationalCode != "0012345679" || inv.Seller.Name != "شرکت پارتاک" || len(inv.Lines) != 1 {
			t.Fatalf("invoice = %+v", inv)
		}
		evs, _ := e.s.Events(ctx, o.ID)
		if len(evs) != 3 || evs[2].ToState != StatePaid || evs[2].Actor != "gateway:fakebank" {
			t.Fatalf("events = %+v", evs)
		}
		// A late second callback changes nothing.
		if got, err := e.s.HandleCallback(ctx, "fakebank", ref); err != nil || got.State != StatePaid {
			t.Fatalf("second callback: %+v %v", got, err)
		}
		if e.fulfilments(o.ID) != 1 || e.count("SELECT COUNT(*) FROM billing_invoices") != 1 {
			t.Fatal("second callback applied something")
		}
	})
}

// Fifty callbacks at once for one order: one fulfilment, one wallet
// change, one invoice, on both engines.
func TestConcurrentCallbacksApplyOnce(t *testing.T) {
	each(t, func(t *testing.T, e *env) {
		ctx := context.Background()
		c := e.customer("0012345679", "علی", "رضایی")
		e.credit(c, 100_000, "seed")
		o := e.order(c, 1_000_000, func(n *NewOrder) { n.UseWallet = true })
		ref := e.atBank(o)
		e.gw.pay(ref)
		e.gw.delay = 20 * time.Millisecond
		const n = 50
		var wg sync.WaitGroup
		errs := make(chan error, n)
		start := make(chan struct{})
		for range n {
			wg.Go(func() {
				<-start
				got, err := e.s.HandleCallback(ctx, "fakebank", ref)
				if err == nil && got.State != StatePaid {
					err = errors.New("callback saw state " + got.State)
				}
				errs <- err
			})
		}
		close(start)
		wg.Wait()
		close(errs)
		for err := range errs {
			if err != nil {
				t.Fatal(err)
			}
		}
		if got := e.fulfilments(o.ID); got != 1 {
			t.Fatalf("fulfilled %d times", got)
		}
		if got := e.fulfilCalls.Load(); got != 1 {
			t.Fatalf("fulfiller called %d times", got)
		}
		if got := e.count("SELECT COUNT(*) FROM billing_invoices WHERE order_id = $1", o.ID); got != 1 {
			t.Fatalf("%d invoices", got)
		}
		if got := e.count("SELECT COUNT(*) FROM billing_wallet_entries WHERE ref_kind = 'order' AND ref_id = $1", o.ID); got != 1 {
			t.Fatalf("%d wallet entries for the order", got)
		}
		if got := e.count("SELECT COUNT(*) FROM billing_order_events WHERE order_id = $1 AND to_state = 'paid'", o.ID); got != 1 {
			t.Fatalf("%d paid events", got)
		}
		if b, _ := e.s.Balance(ctx, c); b != 0 {
			t.Fatalf("balance %d", b)
		}
		t.Logf("%d callbacks, %d verify calls", n, e.gw.verifyCalls.Load())
	})
}

func TestRefusedPaymentFailsAndReturnsWallet(t *testing.T) {
	each(t, func(t *testing.T, e *env) {
		ctx := context.Background()
		c := e.customer("0012345679", "علی", "رضایی")
		e.credit(c, 100_000, "seed")
		o := e.order(c, 1_000_000, func(n *NewOrder) { n.UseWallet = true })
		ref := e.atBank(o) // the customer presses «انصراف» at the bank
		got, err := e.s.HandleCallback(ctx, "fakebank", ref)
		if err != nil || got.State != StateFailed {
			t.Fatalf("HandleCallback = %+v, %v", got, err)
		}
		ps, _ := e.s.PaymentsOf(ctx, c, 1)
		if ps.Items[0].State != PaymentFailed || ps.Items[0].Code != "-51" {
			t.Fatalf("payment = %+v", ps.Items[0])
		}
		if b, _ := e.s.Balance(ctx, c); b != 100_000 {
			t.Fatalf("wallet not given back: %d", b)
		}
		if e.fulfilments(o.ID) != 0 || e.count("SELECT COUNT(*) FROM billing_invoices") != 0 {
			t.Fatal("a refused payment delivered something")
		}
		// Paying after the refusal and calling back again changes nothing.
		e.gw.pay(ref)
		if got, _ := e.s.HandleCallback(ctx, "fakebank", ref); got.State != StateFailed {
			t.Fatalf("state after a second callback: %s", got.State)
		}
	})
}

func TestGatewayDownChangesNothing(t *testing.T) {
	each(t, func(t *testing.T, e *env) {
		ctx := context.Background()
		c := e.customer("0012345679", "علی", "رضایی")
		o := e.order(c, 1_000_000, nil)
		ref := e.atBank(o)
		e.gw.pay(ref)
		e.gw.down.Store(true)
		got, err := e.s.HandleCallback(ctx, "fakebank", ref)
		if !errors.Is(err, ErrGatewayDown) || got == nil || got.State != StateAtGateway {
			t.Fatalf("HandleCallback = %+v, %v", got, err)
		}
		ps, _ := e.s.PaymentsOf(ctx, c, 1)
		if ps.Items[0].State != PaymentPending {
			t.Fatalf("payment = %+v", ps.Items[0])
		}
		e.gw.down.Store(false)
		if got, err := e.s.HandleCallback(ctx, "fakebank", ref); err != nil || got.State != StatePaid {
			t.Fatalf("after recovery: %+v %v", got, err)
		}
	})
}

func TestUnknownReferenceAndWrongAmount(t *testing.T) {
	each(t, func(t *testing.T, e *env) {
		ctx := context.Background()
		c := e.customer("0012345679", "علی", "رضایی")
		o := e.order(c, 1_000_000, nil)
		ref := e.atBank(o)
		e.gw.pay(ref)
		if _, err := e.s.HandleCallback(ctx, "fakebank", "forged"); !errors.Is(err, ErrUnknownPayment) {
			t.Fatalf("unknown reference: %v", err)
		}
		if _, err := e.s.HandleCallback(ctx, "otherbank", ref); !errors.Is(err, ErrUnknownPayment) {
			t.Fatalf("reference under another gateway: %v", err)
		}
		// A stored payment whose amount no longer matches its order (a
		// tampered row) is refused before the bank is asked.
		if _, err := e.d.Exec(ctx, "UPDATE billing_payments SET amount = 1000 WHERE reference = $1", ref); err != nil {
			t.Fatal(err)
		}
		calls := e.gw.verifyCalls.Load()
		got, err := e.s.HandleCallback(ctx, "fakebank", ref)
		if !errors.Is(err, ErrAmountMismatch) || got.State != StateAtGateway || e.gw.verifyCalls.Load() != calls {
			t.Fatalf("wrong amount: %+v %v", got, err)
		}
		if e.fulfilments(o.ID) != 0 {
			t.Fatal("applied")
		}
	})
}

// The bank is always asked about the stored amount: a payment made at the
// bank for another amount is refused by the bank and fails the order.
func TestBankAmountMismatchFails(t *testing.T) {
	each(t, func(t *testing.T, e *env) {
		ctx := context.Background()
		c := e.customer("0012345679", "علی", "رضایی")
		o := e.order(c, 1_000_000, nil)
		ref := e.atBank(o)
		e.gw.mu.Lock()
		e.gw.payments[ref].amount = 10 // the customer paid something else
		e.gw.payments[ref].paid = true
		e.gw.mu.Unlock()
		got, err := e.s.HandleCallback(ctx, "fakebank", ref)
		if err != nil || got.State != StateFailed || e.fulfilments(o.ID) != 0 {
			t.Fatalf("%+v %v", got, err)
		}
	})
}

func TestCompleteWithoutPayment(t *testing.T) {
	each(t, func(t *testing.T, e *env) {
		ctx := context.Background()
		c := e.customer("0012345679", "علی", "رضایی")
		// Remaining value exceeds the new service: surplus to the wallet.
		o := e.order(c, 1_000_000, func(n *NewOrder) { n.Remaining = 1_928_767 })
		if o.Payable != 0 || o.Surplus != 838_767 {
			t.Fatalf("figures %+v", o.Figures)
		}
		if _, err := e.s.StartPayment(ctx, o.ID, e.gw, "x"); !errors.Is(err, ErrNothingToPay) {
			t.Fatalf("StartPayment on nothing to pay: %v", err)
		}
		got, err := e.s.CompleteWithoutPayment(ctx, c, o.ID)
		if err != nil || got.State != StatePaid {
			t.Fatalf("%+v %v", got, err)
		}
		if got, err := e.s.CompleteWithoutPayment(ctx, c, o.ID); err != nil || got.State != StatePaid {
			t.Fatalf("again: %+v %v", got, err)
		}
		if b, _ := e.s.Balance(ctx, c); b != 838_767 {
			t.Fatalf("surplus not credited once: %d", b)
		}
		if e.fulfilments(o.ID) != 1 || e.count("SELECT COUNT(*) FROM billing_invoices") != 1 {
			t.Fatal("not fulfilled/invoiced once")
		}
		// Now the wallet covers a whole order.
		o2 := e.order(c, 500_000, func(n *NewOrder) { n.UseWallet = true })
		if o2.Payable != 0 || o2.WalletUsed != 545_000 {
			t.Fatalf("figures %+v", o2.Figures)
		}
		if _, err := e.s.CompleteWithoutPayment(ctx, c, o2.ID); err != nil {
			t.Fatal(err)
		}
		if b, _ := e.s.Balance(ctx, c); b != 838_767-545_000 {
			t.Fatalf("balance %d", b)
		}
		inv, err := e.s.InvoiceForOrder(ctx, o2.ID)
		if err != nil || inv.Paid != 0 || inv.WalletUsed != 545_000 {
			t.Fatalf("invoice %+v %v", inv, err)
		}
		// An order with something to pay cannot skip the bank.
		o3 := e.order(c, 500_000, nil)
		if _, err := e.s.CompleteWithoutPayment(ctx, c, o3.ID); !errors.Is(err, ErrMustPay) {
			t.Fatalf("skip the bank: %v", err)
		}
	})
}

// Wallet credit shown on the pre-invoice but spent elsewhere before the
// customer pays: the order is cancelled, nothing goes to the bank.
func TestWalletSpentBeforePaying(t *testing.T) {
	each(t, func(t *testing.T, e *env) {
		ctx := context.Background()
		c := e.customer("0012345679", "علی", "رضایی")
		e.credit(c, 200_000, "seed")
		a := e.order(c, 1_000_000, func(n *NewOrder) { n.UseWallet = true })
		b := e.order(c, 1_000_000, func(n *NewOrder) { n.UseWallet = true })
		e.atBank(a)
		if _, err := e.s.StartPayment(ctx, b.ID, e.gw, "x"); !errors.Is(err, ErrWalletChanged) {
			t.Fatalf("second order with spent credit: %v", err)
		}
		if e.state(b.ID) != StateCancelled {
			t.Fatalf("state %s", e.state(b.ID))
		}
		if bal, _ := e.s.Balance(ctx, c); bal != 0 {
			t.Fatalf("balance %d", bal)
		}
	})
}

func TestFulfillerErrorRollsBack(t *testing.T) {
	each(t, func(t *testing.T, e *env) {
		ctx := context.Background()
		c := e.customer("0012345679", "علی", "رضایی")
		e.credit(c, 100_000, "seed")
		o := e.order(c, 1_000_000, func(n *NewOrder) { n.UseWallet = true; n.Remaining = 0 })
		ref := e.atBank(o)
		e.gw.pay(ref)
		e.failFulfil.Store(1)
		got, err := e.s.HandleCallback(ctx, "fakebank", ref)
		if !errors.Is(err, ErrFulfilmentFailed) || got.State != StateAtGateway {
			t.Fatalf("%+v %v", got, err)
		}
		if e.count("SELECT COUNT(*) FROM billing_invoices") != 0 || e.count("SELECT COUNT(*) FROM billing_payments WHERE state = 'pending'") != 1 {
			t.Fatal("a failed fulfilment left traces")
		}
		// The next callback (the bank now says "already verified") applies it.
		if got, err := e.s.HandleCallback(ctx, "fakebank", ref); err != nil || got.State != StatePaid {
			t.Fatalf("retry: %+v %v", got, err)
		}
		if e.fulfilments(o.ID) != 1 {
			t.Fatal("not fulfilled once")
		}
	})
}
