package cards

import (
	"context"
	"fmt"
	"sync"
	"testing"
	"time"

	"pishkhan/internal/billing"
	"pishkhan/internal/fa"
)

func payment(ic *IssuedCard, password string, amount int64, ref string) billing.Authorization {
	return billing.Authorization{Card: ic.Number, CVV2: ic.CVV2, ExpYear: ic.ExpYear, ExpMonth: ic.ExpMonth,
		Password: password, Amount: amount, Merchant: "فروشگاه نمونه", Reference: ref}
}

func (e *env) pay(t *testing.T, s *Service, a billing.Authorization, want string) {
	t.Helper()
	d, err := s.Authorize(context.Background(), a)
	if err != nil {
		t.Fatal(err)
	}
	if d.Code != want || d.Approved != (want == CodeApproved) || d.Message != CodeMessages[want] {
		t.Fatalf("pay %d (ref %q): got %+v, want code %s", a.Amount, a.Reference, d, want)
	}
}

func (e *env) spent(t *testing.T, cardID, want int64) {
	t.Helper()
	got, err := e.s.StaticSpent(context.Background(), cardID)
	if err != nil {
		t.Fatal(err)
	}
	if got != want {
		t.Fatalf("static total today %d, want %d", got, want)
	}
}

func TestStaticPasswordDailyCapEdges(t *testing.T) {
	engines(t, func(t *testing.T, e *env) {
		if CodeMessages[CodeDynamicRequired] != "رمز دوم پویا الزامی است" {
			t.Fatal("no message for the dynamic-required code")
		}
		// 999,999 then 1: exactly 1,000,000 passes; 1 more is refused.
		_, acct, ic := e.creditCard(t, 10_000_000)
		e.pay(t, e.s, payment(ic, ic.SecondPassword, 999_999, "a1"), CodeApproved)
		e.spent(t, ic.ID, 999_999)
		e.pay(t, e.s, payment(ic, ic.SecondPassword, 1, "a2"), CodeApproved)
		e.spent(t, ic.ID, 1_000_000)
		e.pay(t, e.s, payment(ic, ic.SecondPassword, 1, "a3"), CodeDynamicRequired)
		e.spent(t, ic.ID, 1_000_000)
		// A repeat of an approved reference is answered as first and not
		// counted again.
		e.pay(t, e.s, payment(ic, ic.SecondPassword, 999_999, "a1"), CodeApproved)
		e.spent(t, ic.ID, 1_000_000)
		// The refused reference was not recorded: it may be paid later
		// (here, the next day).
		if a := e.checkLedger(t, acct.ID); a.Balance != -1_000_000 {
			t.Fatalf("balance %d", a.Balance)
		}

		// One payment of 1,000,001 is refused; 1,000,000 alone passes.
		_, _, ic2 := e.creditCard(t, 10_000_000)
		e.pay(t, e.s, payment(ic2, ic2.SecondPassword, 1_000_001, "b1"), CodeDynamicRequired)
		e.spent(t, ic2.ID, 0)
		e.pay(t, e.s, payment(ic2, ic2.SecondPassword, 1_000_000, "b2"), CodeApproved)

		// 999,999 then 2 (1,000,001 cumulative) is refused, then 1 passes.
		_, _, ic3 := e.creditCard(t, 10_000_000)
		e.pay(t, e.s, payment(ic3, ic3.SecondPassword, 999_999, "c1"), CodeApproved)
		e.pay(t, e.s, payment(ic3, ic3.SecondPassword, 2, "c2"), CodeDynamicRequired)
		e.pay(t, e.s, payment(ic3, ic3.SecondPassword, 1, "c3"), CodeApproved)
		e.spent(t, ic3.ID, 1_000_000)

		// A credit decline gives the cap reservation back.
		_, _, ic4 := e.creditCard(t, 500_000)
		e.pay(t, e.s, payment(ic4, ic4.SecondPassword, 600_000, "d1"), CodeNoFunds)
		e.spent(t, ic4.ID, 0)
		e.pay(t, e.s, payment(ic4, ic4.SecondPassword, 500_000, "d2"), CodeApproved)
		e.spent(t, ic4.ID, 500_000)

		// No dynamic passwords available: a 6-digit code that is not the
		// static password is a wrong password.
		e.pay(t, e.s, payment(ic4, "123456", 1_000, "d3"), CodeWrongPassword)
	})
}

func TestStaticCapRollsOverAtTehranMidnight(t *testing.T) {
	engines(t, func(t *testing.T, e *env) {
		_, _, ic := e.creditCard(t, 10_000_000)
		day := fa.Date{Year: 1403, Month: 6, Day: 20}
		e.clock.Set(day.Time(fa.Tehran).Add(24*time.Hour - time.Second)) // 23:59:59 Tehran
		e.pay(t, e.s, payment(ic, ic.SecondPassword, 1_000_000, "n1"), CodeApproved)
		e.pay(t, e.s, payment(ic, ic.SecondPassword, 1, "n2"), CodeDynamicRequired)
		next := day.Time(fa.Tehran).Add(24 * time.Hour) // 00:00:00 Tehran, the next day
		if got := fa.JalaliOf(next); got != (fa.Date{Year: 1403, Month: 6, Day: 21}) {
			t.Fatalf("next day is %v", got)
		}
		e.clock.Set(next)
		e.spent(t, ic.ID, 0)
		e.pay(t, e.s, payment(ic, ic.SecondPassword, 1_000_000, "n3"), CodeApproved)
		e.pay(t, e.s, payment(ic, ic.SecondPassword, 1, "n4"), CodeDynamicRequired)
		e.spent(t, ic.ID, 1_000_000)
	})
}

// 40,000 already paid, then 20 concurrent payments of 60,000: exactly 16
// fit (40,000 + 16 × 60,000 = 1,000,000, the cap to the rial); the other
// four are refused with the dynamic-required code.
func TestConcurrentStaticPaymentsNeverExceedCap(t *testing.T) {
	engines(t, func(t *testing.T, e *env) {
		ctx := context.Background()
		_, acct, ic := e.creditCard(t, 10_000_000)
		e.pay(t, e.s, payment(ic, ic.SecondPassword, 40_000, "first"), CodeApproved)
		start := time.Now()
		var wg sync.WaitGroup
		codes := make(chan string, 20)
		errs := make(chan error, 20)
		for i := range 20 {
			wg.Go(func() {
				d, err := e.s.Authorize(ctx, payment(ic, ic.SecondPassword, 60_000, fmt.Sprintf("p-%d", i)))
				if err != nil {
					errs <- err
					return
				}
				codes <- d.Code
			})
		}
		wg.Wait()
		close(codes)
		close(errs)
		for err := range errs {
			t.Fatal(err)
		}
		count := map[string]int{}
		for c := range codes {
			count[c]++
		}
		t.Logf("%s: 20 concurrent static payments in %v: %v", e.d.Engine(), time.Since(start).Round(time.Millisecond), count)
		if count[CodeApproved] != 16 || count[CodeDynamicRequired] != 4 {
			t.Fatalf("codes %v, want 16 approved and 4 dynamic-required", count)
		}
		e.spent(t, ic.ID, 1_000_000)
		if a := e.checkLedger(t, acct.ID); a.Balance != -1_000_000 {
			t.Fatalf("balance %d, want -1,000,000", a.Balance)
		}
	})
}

func TestDynamicPasswordAboveCap(t *testing.T) {
	engines(t, func(t *testing.T, base *env) {
		e := base.withRealOTP(t)
		cust, acct, ic := e.creditCard(t, 10_000_000)
		// Both dynamic methods activated for the card (second_password.go).
		e.smsOn(t, cust, ic)
		e.appOn(t, cust, ic)
		// The static password above the cap: a dynamic one is required.
		e.pay(t, e.s, payment(ic, ic.SecondPassword, 1_500_000, "x1"), CodeDynamicRequired)
		// The code sent for this card, amount and merchant.
		code := e.smsCode(t, cust, payment(ic, "", 1_500_000, ""))
		// A wrong dynamic code, and a short one, are wrong passwords.
		wrong := "111111"
		if wrong == code {
			wrong = "222222"
		}
		e.pay(t, e.s, payment(ic, wrong, 1_500_000, "x1"), CodeWrongPassword)
		e.pay(t, e.s, payment(ic, code[:5], 1_500_000, "x1"), CodeWrongPassword)
		// The SMS code bound to another amount does not pay this one (no
		// code was sent for it).
		e.refused(t, payment(ic, code, 1_400_000, "x0"), msgDynamicStale)
		// The SMS code bound to this card, amount and merchant pays it,
		// with no cap; a double submit is answered as first without
		// spending the (now used) code again.
		e.pay(t, e.s, payment(ic, code, 1_500_000, "x1"), CodeApproved)
		e.pay(t, e.s, payment(ic, code, 1_500_000, "x1"), CodeApproved)
		// Used once: a new payment with the same code is refused.
		e.refused(t, payment(ic, code, 1_500_000, "x2"), msgDynamicStale)
		// The authenticator's code pays any amount within credit.
		e.pay(t, e.s, payment(ic, e.appCode(t), 1_200_000, "x3"), CodeApproved)
		// Dynamic payments are not counted against the static cap.
		e.spent(t, ic.ID, 0)
		e.pay(t, e.s, payment(ic, ic.SecondPassword, 1_000_000, "x4"), CodeApproved)
		if a := e.checkLedger(t, acct.ID); a.Balance != -3_700_000 {
			t.Fatalf("balance %d, want -3,700,000", a.Balance)
		}
		// A wrong CVV2 is refused before any code is checked: the live
		// SMS code of a new payment keeps its tries.
		e.later(time.Minute)
		code = e.smsCode(t, cust, payment(ic, "", 10, ""))
		for i := range 3 {
			bad := payment(ic, "999999", 10, fmt.Sprintf("x5-%d", i))
			bad.CVV2 = "0000"
			if bad.CVV2 == ic.CVV2 {
				bad.CVV2 = "1111"
			}
			e.pay(t, e.s, bad, CodeWrongPassword)
		}
		e.pay(t, e.s, payment(ic, code, 10, "x6"), CodeApproved)
	})
}

func TestPaymentBinding(t *testing.T) {
	a := PaymentBinding(7, 1_500_000, "shop&amount=1")
	if a != PaymentBinding(7, 1_500_000, "shop&amount=1") || a == PaymentBinding(7, 1_500_001, "shop&amount=1") ||
		a == PaymentBinding(8, 1_500_000, "shop&amount=1") || a == PaymentBinding(7, 1_500_000, "shop") {
		t.Fatalf("binding %q does not tell payments apart", a)
	}
}
