package cards

import (
	"context"
	"fmt"
	"sync"
	"testing"
	"time"

	"pishkhan/internal/fa"
)

// 1,000 concurrent purchases against one account: the approved sum never
// exceeds the limit, and the ledger sums to the balance.
func TestConcurrentPurchasesNeverExceedLimit(t *testing.T) {
	engines(t, func(t *testing.T, e *env) {
		ctx := context.Background()
		const limit = 1_000_000
		cust, acct, ic := e.creditCard(t, limit)
		start := time.Now()
		var mu sync.Mutex
		var approved, declined int64
		var wg sync.WaitGroup
		errs := make(chan error, 1000)
		for i := range 1000 {
			wg.Add(1)
			go func() {
				defer wg.Done()
				amount := int64(1000 + (i%7)*500) // 2,500 on average: 2.5 times the limit in all
				r, err := e.s.Purchase(ctx, "staff", PurchaseRequest{CardNumber: ic.Number, Total: amount,
					Installments: 1 + i%3, IdempotencyKey: fmt.Sprintf("c-%d", i)})
				if err != nil {
					errs <- err
					return
				}
				mu.Lock()
				defer mu.Unlock()
				if r.Approved {
					approved += amount
				} else if r.Code == CodeNoFunds {
					declined++
				} else {
					errs <- fmt.Errorf("purchase %d: code %s", i, r.Code)
				}
			}()
		}
		wg.Wait()
		close(errs)
		for err := range errs {
			t.Fatal(err)
		}
		t.Logf("%s: 1000 concurrent purchases in %v; approved %d rials, %d declined for funds",
			e.d.Engine(), time.Since(start).Round(time.Millisecond), approved, declined)
		if approved > limit || declined == 0 || approved < limit-4000 {
			t.Fatalf("approved %d of limit %d, %d declined", approved, limit, declined)
		}
		a := e.checkLedger(t, acct.ID)
		if a.Balance != -approved || a.Withdrawable != limit-approved {
			t.Fatalf("balance %d, withdrawable %d, approved %d", a.Balance, a.Withdrawable, approved)
		}
		// The schedules add up to what was drawn.
		due, err := e.s.DueInstallments(ctx, cust)
		if err != nil {
			t.Fatal(err)
		}
		var sched int64
		for _, in := range due {
			sched += in.Amount
		}
		if sched != approved {
			t.Fatalf("schedules sum to %d, approved %d", sched, approved)
		}
	})
}

func TestPurchaseIdempotent(t *testing.T) {
	engines(t, func(t *testing.T, e *env) {
		ctx := context.Background()
		cust, acct, ic := e.creditCard(t, 10_000_000)
		first := e.buy(t, ic.Number, "k1", 3_400_000, 680_000, 4)
		if !first.Approved || first.Repeated {
			t.Fatalf("first: %+v", first)
		}
		// Same key, even another body: the first answer, nothing drawn again.
		again := e.buy(t, ic.Number, "k1", 9_000_000, 0, 1)
		if again.PurchaseID != first.PurchaseID || !again.Approved || !again.Repeated {
			t.Fatalf("repeat: %+v", again)
		}
		// A decline is repeated as a decline, even once credit is there.
		d := e.buy(t, ic.Number, "k2", 20_000_000, 0, 1)
		if d.Approved || d.Code != CodeNoFunds {
			t.Fatalf("big: %+v", d)
		}
		if r := e.buy(t, ic.Number, "k2", 1000, 0, 1); r.Approved || !r.Repeated || r.Code != CodeNoFunds {
			t.Fatalf("repeat decline: %+v", r)
		}
		// Concurrent repeats of one key: one purchase.
		var wg sync.WaitGroup
		ids := make([]int64, 20)
		for i := range ids {
			wg.Add(1)
			go func() {
				defer wg.Done()
				r, err := e.s.Purchase(ctx, "staff", PurchaseRequest{CardNumber: ic.Number, Total: 100_000, Installments: 2, IdempotencyKey: "k3"})
				if err != nil {
					t.Error(err)
					return
				}
				ids[i] = r.PurchaseID
			}()
		}
		wg.Wait()
		for _, id := range ids {
			if id != ids[0] {
				t.Fatalf("one key, several purchases: %v", ids)
			}
		}
		a := e.checkLedger(t, acct.ID)
		if a.Balance != -(2_720_000 + 100_000) {
			t.Fatalf("balance %d", a.Balance)
		}
		// A card that is not ours is declined with 14.
		if r := e.buy(t, "6037991234567893", "k5", 1000, 0, 1); r.Approved || r.Code != CodeNoSuchCard {
			t.Fatalf("unknown card: %+v", r)
		}
		// Staff limits: raising adds to what can be drawn; cutting below
		// what is drawn is refused.
		if err := e.s.SetLimit(ctx, acct.ID, 12_000_000); err != nil {
			t.Fatal(err)
		}
		if a := e.checkLedger(t, acct.ID); a.Floor != -12_000_000 || a.Withdrawable != 12_000_000-2_820_000 {
			t.Fatalf("after raise %+v", a)
		}
		if err := e.s.SetLimit(ctx, acct.ID, 2_000_000); err != ErrBadAmounts {
			t.Fatalf("cut below drawn: %v", err)
		}
		// Invalid amounts are declined with 13.
		if r := e.buy(t, ic.Number, "k4", 1000, 1000, 1); r.Code != CodeInvalidAmount {
			t.Fatalf("zero share: %+v", r)
		}
		list, err := e.s.Purchases(ctx, cust)
		if err != nil || len(list) != 2 {
			t.Fatalf("list %+v %v", list, err)
		}
	})
}

func TestScheduleSplitAndDueDates(t *testing.T) {
	// Remainder on the first installment; the sum is exact.
	for _, c := range []struct {
		share int64
		n     int
		want  []int64
	}{
		{2_720_000, 4, []int64{680_000, 680_000, 680_000, 680_000}},
		{1_512_000, 6, []int64{252_000, 252_000, 252_000, 252_000, 252_000, 252_000}},
		{3_665_743, 6, []int64{610_958, 610_957, 610_957, 610_957, 610_957, 610_957}},
		{10, 3, []int64{4, 3, 3}},
		{214_514, 1, []int64{214_514}},
	} {
		got := SplitInstallments(c.share, c.n)
		var sum int64
		for _, v := range got {
			sum += v
		}
		if fmt.Sprint(got) != fmt.Sprint(c.want) || sum != c.share {
			t.Errorf("split %d/%d = %v", c.share, c.n, got)
		}
	}
	if !fa.IsLeap(1403) || fa.IsLeap(1402) || fa.IsLeap(1404) {
		t.Fatal("leap years are not what this test assumes")
	}
	for _, c := range []struct {
		from fa.Date
		n    int
		want string
	}{
		// Across the year end, Esfand of the leap year 1403 has a 30th.
		{fa.Date{Year: 1403, Month: 10, Day: 30}, 4, "[1403/11/30 1403/12/30 1404/01/30 1404/02/30]"},
		// In a common year Esfand ends on the 29th; the day comes back after.
		{fa.Date{Year: 1402, Month: 11, Day: 30}, 3, "[1402/12/29 1403/01/30 1403/02/30]"},
		// The 31st: clamped in the 30-day months, restored in Farvardin.
		{fa.Date{Year: 1403, Month: 6, Day: 31}, 7, "[1403/07/30 1403/08/30 1403/09/30 1403/10/30 1403/11/30 1403/12/30 1404/01/31]"},
		{fa.Date{Year: 1404, Month: 11, Day: 30}, 2, "[1404/12/29 1405/01/30]"},
	} {
		if got := fmt.Sprint(DueDates(c.from, c.n)); got != c.want {
			t.Errorf("due dates from %s: %s, want %s", c.from, got, c.want)
		}
	}
}

// A purchase's schedule in the database, the list's columns, and paying
// whole installments oldest first.
func TestScheduleListAndPayment(t *testing.T) {
	engines(t, func(t *testing.T, e *env) {
		ctx := context.Background()
		cust, acct, ic := e.creditCard(t, 50_000_000)
		e.clock.Set(at(1403, 10, 30))
		e.buy(t, ic.Number, "p1", 3_400_000, 680_000, 4)
		e.clock.Set(at(1403, 11, 5))
		e.buy(t, ic.Number, "p2", 1_000_001, 0, 2)
		list, err := e.s.Purchases(ctx, cust)
		if err != nil || len(list) != 2 {
			t.Fatal(list, err)
		}
		p1 := list[1]
		if p1.Date != "1403/10/30" || p1.PolicyNumber != "P-1" || p1.CashShare != 680_000 || p1.InstallmentShare != 2_720_000 ||
			p1.Total != 3_400_000 || p1.Installments != 4 || p1.Paid != 0 || p1.Left != 4 || p1.Payable != 2_720_000 {
			t.Fatalf("p1 row %+v", p1)
		}
		if p1.Schedule[1].DueOn != "1403/12/30" || p1.Schedule[2].DueOn != "1404/01/30" {
			t.Fatalf("schedule %+v", p1.Schedule)
		}
		if s := list[0].Schedule; s[0].Amount != 500_001 || s[1].Amount != 500_000 || s[0].DueOn != "1403/12/05" {
			t.Fatalf("p2 schedule %+v", s)
		}
		due, _ := e.s.DueInstallments(ctx, cust)
		// Order: 1403/11/30 (p1 #1), 1403/12/05 (p2 #1), 1403/12/30 (p1 #2) …
		if due[0].ID != p1.Schedule[0].ID || due[1].ID != list[0].Schedule[0].ID {
			t.Fatalf("due order %+v", due)
		}
		// Skipping the oldest, or a part of it, is refused.
		if _, err := e.s.PayInstallmentsNow(ctx, cust, []int64{due[1].ID}); err != ErrNotOldest {
			t.Fatalf("skip oldest: %v", err)
		}
		if _, err := e.s.PayInstallmentsNow(ctx, cust+1000, []int64{due[0].ID}); err != ErrNotOldest {
			t.Fatalf("someone else's: %v", err)
		}
		before := e.checkLedger(t, acct.ID)
		paid, err := e.s.PayInstallmentsNow(ctx, cust, []int64{due[1].ID, due[0].ID})
		if err != nil || paid != 680_000+500_001 {
			t.Fatalf("pay two: %d %v", paid, err)
		}
		after := e.checkLedger(t, acct.ID)
		if after.Withdrawable-before.Withdrawable != paid {
			t.Fatalf("credit restored %d", after.Withdrawable-before.Withdrawable)
		}
		if _, err := e.s.PayInstallmentsNow(ctx, cust, []int64{due[0].ID}); err != ErrNotOldest {
			t.Fatalf("paid twice: %v", err)
		}
		list, _ = e.s.Purchases(ctx, cust)
		if p := list[1]; p.Paid != 1 || p.Left != 3 || p.TotalPaid != 680_000 || p.Payable != 2_040_000 {
			t.Fatalf("after payment %+v", p)
		}
		// Staff reverse p1: its 3 unpaid installments go back to the credit.
		if err := e.s.ReversePurchase(ctx, 7, p1.ID, ""); err != ErrNoReason {
			t.Fatal(err)
		}
		if err := e.s.ReversePurchase(ctx, 7, p1.ID, "بیمه نامه ابطال شد"); err != nil {
			t.Fatal(err)
		}
		if err := e.s.ReversePurchase(ctx, 7, p1.ID, "again"); err != ErrNotReversible {
			t.Fatalf("reversed twice: %v", err)
		}
		if a := e.checkLedger(t, acct.ID); a.Withdrawable != after.Withdrawable+2_040_000 {
			t.Fatalf("after reversal %+v", a)
		}
		list, _ = e.s.Purchases(ctx, cust)
		due, _ = e.s.DueInstallments(ctx, cust)
		if len(list) != 1 || len(due) != 1 || due[0].PurchaseID != list[0].ID {
			t.Fatalf("after reversal: %d purchases, due %+v", len(list), due)
		}
	})
}
