package welfare

import (
	"errors"
	"sync"
	"testing"
	"time"
)

// Two colleagues name a guarantor who backs 2 people already, at once:
// exactly one becomes the 3rd; the other is told the rule.
func TestConcurrentGuaranteesStopAtThree(t *testing.T) {
	engines(t, func(t *testing.T, e *env) {
		p := e.employees(person{"90", "6", 90_000_000, 1, 0}, person{"91", "6", 10_000_000, 1, 0}, person{"92", "6", 10_000_000, 1, 0},
			person{"93", "6", 10_000_000, 1, 0}, person{"94", "6", 10_000_000, 1, 0})
		for _, who := range []string{"91", "92"} {
			if _, err := e.s.Apply(ctxb(), p[who].CustomerID, 6, "90"); err != nil {
				t.Fatal(err)
			}
		}
		var wg sync.WaitGroup
		errs := make([]error, 2)
		for i, who := range []string{"93", "94"} {
			wg.Add(1)
			go func() {
				defer wg.Done()
				_, errs[i] = e.s.Apply(ctxb(), p[who].CustomerID, 6, "90")
			}()
		}
		wg.Wait()
		ok := 0
		for _, err := range errs {
			if err == nil {
				ok++
			} else if guarantorProblems(err) != msgGuarantorCount {
				t.Errorf("the refused one: %v", err)
			}
		}
		g, _ := e.s.Employee(ctxb(), p["90"].ID)
		if ok != 1 || g.Guarantees != 3 {
			t.Errorf("%d accepted, guarantor backs %d; want 1 and 3", ok, g.Guarantees)
		}
	})
}

// Two purchases that each fit the month's credit but not together,
// confirmed at once: one is charged, the other refused, nothing overdrawn.
func TestConcurrentConfirmationsCannotOverdrawTheMonth(t *testing.T) {
	engines(t, func(t *testing.T, e *env) {
		emp, m := openAccount(t, e, 6)
		var ids []int64
		var codes []string
		for _, k := range []string{"a", "b"} {
			p := must(e.s.StartPurchase(ctxb(), m, PurchaseRequest{Customer: emp.NationalCode, Amount: 12_000_000, Installments: 2, IdempotencyKey: k}))
			ids = append(ids, p.ID)
			codes = append(codes, e.lastCode(emp.CustomerID))
			if k == "a" {
				e.clock.Advance(61 * time.Second) // past the SMS cool-down, within the first code's 120 s
			}
		}
		var wg sync.WaitGroup
		errs := make([]error, 2)
		for i := range ids {
			wg.Add(1)
			go func() {
				defer wg.Done()
				_, errs[i] = e.s.ConfirmPurchase(ctxb(), m, ids[i], MethodSMS, codes[i])
			}()
		}
		wg.Wait()
		ok := 0
		for _, err := range errs {
			if err == nil {
				ok++
			} else if !errors.Is(err, ErrOverMonthly) {
				t.Errorf("the refused one: %v", err)
			}
		}
		a := e.account(emp)
		if ok != 1 || a.MonthUsed != 6_000_000 || a.Used != 12_000_000 {
			t.Errorf("%d confirmed; account %+v; want 1 and month used 6,000,000", ok, a)
		}
	})
}
