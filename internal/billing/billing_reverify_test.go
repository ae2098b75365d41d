package billing

import (
	"context"
	"errors"
	"log/slog"
	"testing"
	"time"

	"pishkhan/internal/db"
	"pishkhan/internal/jobs"
)

// Crash: the bank verified the payment but the process died before the
// settling transaction committed (here: the transaction is rolled back
// after Verify succeeded). The order is still at the gateway; the
// re-verification job then applies it once.
func TestCrashAfterVerifyThenJobSettlesOnce(t *testing.T) {
	each(t, func(t *testing.T, e *env) {
		ctx := context.Background()
		c := e.customer("0012345679", "علی", "رضایی")
		e.credit(c, 50_000, "seed")
		o := e.order(c, 1_000_000, func(n *NewOrder) { n.UseWallet = true })
		ref := e.atBank(o)
		e.gw.pay(ref)

		// The callback: the bank says paid, then the "process dies" inside
		// the settling transaction, after the fulfiller ran.
		p, err := paymentByRef(ctx, e.d, "fakebank", ref)
		if err != nil {
			t.Fatal(err)
		}
		v, err := e.gw.Verify(ctx, VerifyRequest{Reference: ref, Amount: p.Amount})
		if err != nil || !v.Paid {
			t.Fatalf("verify: %+v %v", v, err)
		}
		crash := errors.New("process killed")
		err = e.d.InTx(ctx, func(tx *db.Tx) error {
			if _, err := e.s.tryTransition(ctx, tx, o.ID, StateAtGateway, StatePaid, "gateway:fakebank", "paid"); err != nil {
				return err
			}
			o2, _ := orderByID(ctx, tx, o.ID)
			if err := e.s.complete(ctx, tx, o2, e.s.seller(ctx)); err != nil {
				return err
			}
			return crash
		})
		if !errors.Is(err, crash) {
			t.Fatal(err)
		}
		if e.state(o.ID) != StateAtGateway || e.fulfilments(o.ID) != 0 || e.count("SELECT COUNT(*) FROM billing_invoices") != 0 {
			t.Fatal("the rolled-back settlement left traces")
		}

		// Not yet due: the sweep leaves it alone.
		if sum, err := e.s.ReverifyDue(ctx); err != nil || sum.Checked != 0 {
			t.Fatalf("early sweep: %+v %v", sum, err)
		}
		e.clock.Advance(16 * time.Minute)
		sum, err := e.s.ReverifyDue(ctx)
		if err != nil || sum.Checked != 1 || sum.Paid != 1 {
			t.Fatalf("sweep: %+v %v", sum, err)
		}
		// And again: nothing more happens.
		if sum, err := e.s.ReverifyDue(ctx); err != nil || sum.Checked != 0 {
			t.Fatalf("second sweep: %+v %v", sum, err)
		}
		if got, err := e.s.HandleCallback(ctx, "fakebank", ref); err != nil || got.State != StatePaid {
			t.Fatalf("late callback: %+v %v", got, err)
		}
		if e.state(o.ID) != StatePaid || e.fulfilments(o.ID) != 1 ||
			e.count("SELECT COUNT(*) FROM billing_invoices WHERE order_id = $1", o.ID) != 1 ||
			e.count("SELECT COUNT(*) FROM billing_wallet_entries WHERE ref_kind = 'order' AND ref_id = $1", o.ID) != 1 {
			t.Fatal("not applied exactly once")
		}
		evs, _ := e.s.Events(ctx, o.ID)
		if last := evs[len(evs)-1]; last.ToState != StatePaid || last.Actor != "job" {
			t.Fatalf("last event %+v", last)
		}
	})
}

// The same crash, made by a fulfiller that fails the first time.
func TestFulfillerFailsThenJobSettles(t *testing.T) {
	each(t, func(t *testing.T, e *env) {
		ctx := context.Background()
		c := e.customer("0012345679", "علی", "رضایی")
		o := e.order(c, 1_000_000, nil)
		ref := e.atBank(o)
		e.gw.pay(ref)
		e.failFulfil.Store(1)
		if _, err := e.s.HandleCallback(ctx, "fakebank", ref); !errors.Is(err, ErrFulfilmentFailed) {
			t.Fatalf("callback: %v", err)
		}
		e.clock.Advance(20 * time.Minute)
		if sum, err := e.s.ReverifyDue(ctx); err != nil || sum.Paid != 1 {
			t.Fatalf("sweep: %+v %v", sum, err)
		}
		if e.fulfilments(o.ID) != 1 || e.count("SELECT COUNT(*) FROM billing_invoices") != 1 {
			t.Fatal("not applied once")
		}
	})
}

func TestJobFailsRefusedAndExpiresUnanswered(t *testing.T) {
	each(t, func(t *testing.T, e *env) {
		ctx := context.Background()
		c := e.customer("0012345679", "علی", "رضایی")
		e.credit(c, 30_000, "seed")
		refused := e.order(c, 1_000_000, nil)
		e.atBank(refused) // customer closed the tab without paying
		unpaid := e.order(c, 1_000_000, func(n *NewOrder) { n.UseWallet = true })
		e.atBank(unpaid)                    // its wallet credit is held meanwhile
		abandoned := e.order(c, 1_000, nil) // never sent to a bank

		e.clock.Advance(20 * time.Minute)
		e.gw.down.Store(true)
		sum, err := e.s.ReverifyDue(ctx)
		if err != nil || sum.Unanswered != 2 || e.state(refused.ID) != StateAtGateway {
			t.Fatalf("bank down: %+v %v", sum, err)
		}
		e.gw.down.Store(false)
		sum, err = e.s.ReverifyDue(ctx)
		if err != nil || sum.Failed != 2 || e.state(refused.ID) != StateFailed || e.state(unpaid.ID) != StateFailed {
			t.Fatalf("refused: %+v %v", sum, err)
		}
		if b, _ := e.s.Balance(ctx, c); b != 30_000 {
			t.Fatalf("wallet hold not released: %d", b)
		}

		late := e.order(c, 1_000_000, func(n *NewOrder) { n.UseWallet = true })
		lateRef := e.atBank(late)
		e.gw.down.Store(true)
		e.clock.Advance(2*time.Hour + time.Minute)
		sum, err = e.s.ReverifyDue(ctx)
		if err != nil || e.state(late.ID) != StateExpired || e.state(abandoned.ID) != StateExpired {
			t.Fatalf("expiry: %+v %v late=%s abandoned=%s", sum, err, e.state(late.ID), e.state(abandoned.ID))
		}
		if b, _ := e.s.Balance(ctx, c); b != 30_000 {
			t.Fatalf("wallet hold not released on expiry: %d", b)
		}
		// The bank took the money after all and a callback comes late:
		// the amount goes to the wallet, once; nothing is delivered.
		e.gw.down.Store(false)
		e.gw.pay(lateRef)
		for range 3 {
			if got, err := e.s.HandleCallback(ctx, "fakebank", lateRef); err != nil || got.State != StateExpired {
				t.Fatalf("late callback: %+v %v", got, err)
			}
		}
		if b, _ := e.s.Balance(ctx, c); b != 30_000+late.Payable {
			t.Fatalf("late payment not credited once: %d", b)
		}
		if e.fulfilments(late.ID) != 0 {
			t.Fatal("expired order delivered")
		}
	})
}

func TestStaffRequestReverify(t *testing.T) {
	each(t, func(t *testing.T, e *env) {
		ctx := context.Background()
		runner := jobs.New(e.d, slog.New(slog.DiscardHandler))
		if err := runner.Migrate(ctx); err != nil {
			t.Fatal(err)
		}
		e.s.Register(runner)
		if err := runner.Open(); err != nil {
			t.Fatal(err)
		}
		c := e.customer("0012345679", "علی", "رضایی")
		o := e.order(c, 1_000_000, nil)
		if err := e.s.RequestReverify(ctx, o.ID, 7); !errors.Is(err, ErrOrderState) {
			t.Fatalf("reverify a created order: %v", err)
		}
		e.atBank(o)
		if err := e.s.RequestReverify(ctx, o.ID, 7); err != nil {
			t.Fatal(err)
		}
		if n := e.count("SELECT COUNT(*) FROM river_job WHERE kind = 'billing_reverify'"); n != 1 {
			t.Fatalf("%d jobs queued", n)
		}
		evs, _ := e.s.Events(ctx, o.ID)
		if last := evs[len(evs)-1]; last.Actor != "staff:7" || last.ToState != StateAtGateway {
			t.Fatalf("event %+v", last)
		}
		// What the job does for that order: ask the bank now, whatever the
		// order's age. Asking never marks it paid unless the bank says so.
		if got, err := e.s.ReverifyOrder(ctx, o.ID); err != nil || got.State != StateFailed {
			t.Fatalf("unpaid: %+v %v", got, err)
		}
		o2 := e.order(c, 1_000_000, nil)
		ref2 := e.atBank(o2)
		e.gw.pay(ref2)
		if got, err := e.s.ReverifyOrder(ctx, o2.ID); err != nil || got.State != StatePaid || e.fulfilments(o2.ID) != 1 {
			t.Fatalf("paid: %+v %v", got, err)
		}
	})
}
