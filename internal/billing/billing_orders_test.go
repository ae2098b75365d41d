package billing

import (
	"context"
	"errors"
	"regexp"
	"testing"
	"time"

	"pishkhan/internal/fa"
)

func TestCreateOrderGuideFigures(t *testing.T) {
	each(t, func(t *testing.T, e *env) {
		ctx := context.Background()
		c := e.customer("0012345679", "علی", "رضایی")
		o := e.order(c, 8_000_000, func(n *NewOrder) { n.Remaining = 1_928_767; n.UseWallet = true })
		if o.VAT != 720_000 || o.Payable != 6_791_233 || o.WalletUsed != 0 || o.State != StateCreated {
			t.Fatalf("order = %+v", o)
		}
		if !regexp.MustCompile(`^[1-9][0-9]{7}$`).MatchString(o.Tracking) {
			t.Fatalf("tracking %q is not 8 digits", o.Tracking)
		}
		got, err := e.s.OrderByTracking(ctx, c, o.Tracking)
		if err != nil || got.ID != o.ID || len(got.Lines) != 1 || got.Payable != 6_791_233 {
			t.Fatalf("OrderByTracking = %+v, %v", got, err)
		}
		// A customer never sees someone else's order.
		other := e.customer("0067749828", "مریم", "احمدی")
		if _, err := e.s.OrderByTracking(ctx, other, o.Tracking); !errors.Is(err, ErrNotFound) {
			t.Fatalf("other customer's lookup: %v", err)
		}
		evs, err := e.s.Events(ctx, o.ID)
		if err != nil || len(evs) != 1 || evs[0].ToState != StateCreated {
			t.Fatalf("events = %+v, %v", evs, err)
		}
	})
}

func TestCreateOrderRefusals(t *testing.T) {
	each(t, func(t *testing.T, e *env) {
		ctx := context.Background()
		c := e.customer("0012345679", "علی", "رضایی")
		for name, c := range map[string]struct {
			n    NewOrder
			want error
		}{
			"no fulfiller": {NewOrder{CustomerID: c, Kind: "nobody", Lines: []Line{{"x", 1}}}, ErrNoFulfiller},
			"no lines":     {NewOrder{CustomerID: c, Kind: kindTest}, ErrNoLines},
			"negative":     {NewOrder{CustomerID: c, Kind: kindTest, Lines: []Line{{"x", -1}}}, ErrAmount},
			"no customer":  {NewOrder{Kind: kindTest, Lines: []Line{{"x", 1}}}, ErrNoCustomer},
		} {
			if _, err := e.s.CreateOrder(ctx, nil, c.n); !errors.Is(err, c.want) {
				t.Errorf("%s: err = %v, want %v", name, err, c.want)
			}
		}
		var be *fa.Error
		_, err := e.s.CreateOrder(ctx, nil, NewOrder{CustomerID: c, Kind: "nobody", Lines: []Line{{"x", 1}}})
		if !errors.As(err, &be) || be.UserMessage() == "" {
			t.Fatalf("no Persian message on %v", err)
		}
	})
}

func TestTrackingNumbersUnique(t *testing.T) {
	each(t, func(t *testing.T, e *env) {
		// Six digits and many orders: collisions must be retried, not fail.
		e.s.opts.TrackingDigits = 6
		c := e.customer("0012345679", "علی", "رضایی")
		seen := map[string]bool{}
		for range 300 {
			o := e.order(c, 1000, nil)
			if seen[o.Tracking] || len(o.Tracking) != 6 {
				t.Fatalf("tracking %q repeated or wrong length", o.Tracking)
			}
			seen[o.Tracking] = true
		}
	})
}

func TestCancelAndListOrders(t *testing.T) {
	each(t, func(t *testing.T, e *env) {
		ctx := context.Background()
		c := e.customer("0012345679", "علی", "رضایی")
		c2 := e.customer("0067749828", "مریم", "احمدی")
		o1 := e.order(c, 1000, nil)
		e.clock.Advance(time.Hour)
		o2 := e.order(c, 2000, nil)
		e.order(c2, 3000, nil)
		if err := e.s.CancelOrder(ctx, c2, o1.ID); !errors.Is(err, ErrNotFound) {
			t.Fatalf("cancel someone else's order: %v", err)
		}
		if err := e.s.CancelOrder(ctx, c, o1.ID); err != nil {
			t.Fatal(err)
		}
		if err := e.s.CancelOrder(ctx, c, o1.ID); !errors.Is(err, ErrOrderState) {
			t.Fatalf("cancel twice: %v", err)
		}
		e.atBank(o2)
		if err := e.s.CancelOrder(ctx, c, o2.ID); !errors.Is(err, ErrOrderState) {
			t.Fatalf("cancel at the gateway: %v", err)
		}
		list, total, err := e.s.ListOrders(ctx, Filter{CustomerID: c})
		if err != nil || total != 2 || len(list) != 2 || list[0].ID != o2.ID {
			t.Fatalf("ListOrders(customer) = %d %v", total, err)
		}
		list, total, err = e.s.ListOrders(ctx, Filter{State: StateCancelled})
		if err != nil || total != 1 || list[0].ID != o1.ID {
			t.Fatalf("ListOrders(cancelled) = %d %v", total, err)
		}
		start := time.Date(2025, 3, 21, 8, 30, 0, 0, time.UTC)
		_, total, err = e.s.ListOrders(ctx, Filter{From: start, To: start.Add(2 * time.Hour)})
		if err != nil || total != 2 {
			t.Fatalf("ListOrders(dates) = %d %v", total, err)
		}
		list, total, err = e.s.ListOrders(ctx, Filter{Limit: 1, Offset: 1})
		if err != nil || total != 3 || len(list) != 1 {
			t.Fatalf("ListOrders(page) = %d %d %v", total, len(list), err)
		}
	})
}
