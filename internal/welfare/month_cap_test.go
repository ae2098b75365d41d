package welfare

import (
	"bytes"
	"errors"
	"fmt"
	"strings"
	"testing"
	"time"

	"pishkhan/internal/fa"
	"pishkhan/internal/identity"
)

// A purchase is refused when, in any month of its schedule, the
// installments due would exceed the monthly credit, even though the
// month's credit has come back on the 8th and the purchase power is
// ample; the check holds at confirmation too, for two purchases started
// together.
func TestInstallmentsDueInAMonthNeverExceedTheMonthlyCredit(t *testing.T) {
	engines(t, func(t *testing.T, e *env) {
		emp, m := openAccount(t, e, 6) // monthly credit 10,000,000
		if _, err := e.buy(m, emp, 24_000_000, 3, "big"); err != nil {
			t.Fatal(err) // 8,000,000 due in 1403/07, 08, 09
		}
		e.clock.Set(at(1403, 7, 10))
		if n, err := e.s.RestoreMonthlyCredit(ctxb()); err != nil || n != 1 {
			t.Fatalf("restore: %d %v", n, err)
		}
		// 3,000,000 a month in 08, 09, 10: 08 would owe 11,000,000.
		_, err := e.buy(m, emp, 9_000_000, 3, "over")
		var we *fa.Error
		if !errors.As(err, &we) || we.Code != "over_month_schedule" || !strings.Contains(we.Message, "۱۴۰۳/۰۸") {
			t.Fatalf("a purchase over 08's credit: %v", err)
		}
		// Two of 2,000,000 a month started together: each fits alone, the
		// second confirmed would make 12,000,000 in 08.
		a := must(e.s.StartPurchase(ctxb(), m, PurchaseRequest{Customer: emp.NationalCode, Amount: 6_000_000, Installments: 3, IdempotencyKey: "a"}))
		codeA := e.lastCode(emp.CustomerID)
		e.clock.Advance(61 * time.Second)
		b := must(e.s.StartPurchase(ctxb(), m, PurchaseRequest{Customer: emp.NationalCode, Amount: 6_000_000, Installments: 3, IdempotencyKey: "b"}))
		codeB := e.lastCode(emp.CustomerID)
		if _, err := e.s.ConfirmPurchase(ctxb(), m, a.ID, MethodSMS, codeA); err != nil {
			t.Fatalf("the first fits: %v", err)
		}
		if _, err := e.s.ConfirmPurchase(ctxb(), m, b.ID, MethodSMS, codeB); !errors.As(err, &we) || we.Code != "over_month_schedule" {
			t.Fatalf("the second at confirmation: %v", err)
		}
		if acc := e.account(emp); acc.Used != 24_000_000+6_000_000 {
			t.Errorf("used after the refused confirmation: %d", acc.Used)
		}
		// Every month's deduction list stays within the credit.
		for _, month := range []string{"1403/07", "1403/08", "1403/09", "1403/10"} {
			var sum int64
			e.s.EachDeduction(ctxb(), 0, month, func(d Deduction) error { sum += d.Amount; return nil })
			if sum > 10_000_000 {
				t.Errorf("%s deducts %d", month, sum)
			}
		}
	})
}

// A settlement row paying less than due is a partial deduction: the
// installment stays unsettled with what was paid; the rest is listed as
// arrears («معوق») in later months' deduction lists, within what the
// month's installments leave of the credit, and shown to the employee.
func TestPartialDeductionCarriesArrearsIntoLaterLists(t *testing.T) {
	engines(t, func(t *testing.T, e *env) {
		emp, m := openAccount(t, e, 6)                      // monthly credit 10,000,000
		small := must(e.buy(m, emp, 6_000_000, 3, "small")) // 2,000,000 in 07, 08, 09
		e.clock.Advance(61 * time.Second)
		if _, err := e.buy(m, emp, 24_000_000, 3, "big"); err != nil { // 8,000,000 in 07, 08, 09
			t.Fatal(err)
		}
		var first, big7 int64
		e.s.EachDeduction(ctxb(), 0, "1403/07", func(d Deduction) error {
			if d.Amount == 2_000_000 {
				first = d.InstallmentID
			} else {
				big7 = d.InstallmentID
			}
			return nil
		})
		file := fmt.Sprintf("installment_id,personnel_no,amount\n%d,70,1500000\n%d,70,8000000\n", first, big7)
		res, err := e.s.ImportSettlement(ctxb(), identity.Actor{StaffID: e.admin.ID}, "1403-07.csv", strings.NewReader(file))
		if err != nil || res.Settled != 1 || res.Partial != 1 || res.Amount != 9_500_000 || res.Unmatch != 0 {
			t.Fatalf("settlement: %+v %v", res, err)
		}
		if a := e.account(emp); a.Used != 30_000_000-9_500_000 {
			t.Errorf("used after the partial deduction: %d", a.Used)
		}
		list := must(e.s.Installments(ctxb(), emp.CustomerID))
		if list[0].ID != first || !list[0].Partial() || list[0].Paid != 1_500_000 || list[0].Due() != 500_000 {
			t.Fatalf("the partly deducted installment: %+v", list[0])
		}
		// 08 and 09 are full (10,000,000 each): the arrears wait for 10.
		for _, month := range []string{"1403/08", "1403/09"} {
			if f := settlementCSV(e, 0, month); bytes.Contains(f, []byte(deductionArrears)) {
				t.Errorf("%s lists arrears over the credit:\n%s", month, f)
			}
		}
		f := settlementCSV(e, 0, "1403/10")
		want := fmt.Sprintf("%d,70,", first)
		if !bytes.Contains(f, []byte(want)) || !bytes.Contains(f, []byte(",1403/07,500000,"+deductionArrears)) {
			t.Fatalf("1403/10 lacks the arrears:\n%s", f)
		}
		// The employee sees the partial deduction and its arrears.
		base := pageSite(t, e)
		e.login(t, base, emp).Get("/welfare/installments").Want(t, 200, "").
			Has(t, `<tr class="partial">`, "۱٬۵۰۰٬۰۰۰ ریال", "۵۰۰٬۰۰۰ ریال", "معوق؛ در فهرست کسورات ماه‌های بعد")
		// Paying more than is left is unmatched; the arrears paid settle it.
		over := fmt.Sprintf("installment_id,personnel_no,amount\n%d,70,600000\n", first)
		if res, err := e.s.ImportSettlement(ctxb(), identity.Actor{}, "over.csv", strings.NewReader(over)); err != nil || res.Unmatch != 1 || res.Amount != 0 {
			t.Fatalf("more than the arrears: %+v %v", res, err)
		}
		rest := fmt.Sprintf("installment_id,personnel_no,amount\n%d,70,500000\n", first)
		if res, err := e.s.ImportSettlement(ctxb(), identity.Actor{}, "1403-10.csv", strings.NewReader(rest)); err != nil || res.Settled != 1 {
			t.Fatalf("the arrears: %+v %v", res, err)
		}
		if list := must(e.s.Installments(ctxb(), emp.CustomerID)); list[0].SettledAt == nil || list[0].Paid != 2_000_000 {
			t.Errorf("after the arrears: %+v", list[0])
		}
		_ = small
	})
}
