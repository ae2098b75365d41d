package welfare

import (
	"bytes"
	"errors"
	"testing"
	"time"

	"pishkhan/internal/fa"
	"pishkhan/internal/identity"
)

// open sets up an employee with an account open for purchases and a
// contracted store. Salary 40,000,000: monthly credit 10,000,000.
func openAccount(t *testing.T, e *env, n int) (*Employee, *Merchant) {
	t.Helper()
	p := e.employees(person{"70", "8", 40_000_000, 2, 0}, person{"71", "8", 45_000_000, 4, 0})
	e.approved(p["70"], p["71"], n)
	e.clock.Advance(OpeningDelay)
	return p["70"], e.merchant()
}

func TestRestoreDate(t *testing.T) {
	for _, c := range []struct{ on, want string }{
		{"1403/06/15", "1403/07/08"},
		{"1403/12/20", "1404/01/08"}, // across the year end
		{"1403/12/30", "1404/01/08"}, // Esfand 30 of the leap year 1403
		{"1404/12/29", "1405/01/08"}, // the last day of a common year
		{"1404/01/08", "1404/02/08"},
	} {
		d, err := fa.ParseDate(c.on)
		if err != nil {
			t.Fatal(err)
		}
		if got := RestoreDate(d).String(); got != c.want {
			t.Errorf("RestoreDate(%s) = %s, want %s", c.on, got, c.want)
		}
	}
}

func TestMonthlyCreditReturnsOnThe8thAcrossYearEndAndLeapEsfand(t *testing.T) {
	for _, c := range []struct {
		name        string
		buy         time.Time
		before, due time.Time
	}{
		{"year end", at(1403, 12, 20), dayStart(1404, 1, 8).Add(-time.Second), dayStart(1404, 1, 8)},
		{"Esfand 30 of leap 1403", dayStart(1403, 12, 30).Add(23*time.Hour + 59*time.Minute), dayStart(1404, 1, 8).Add(-time.Second), dayStart(1404, 1, 8)},
		{"mid year", at(1404, 3, 31), dayStart(1404, 4, 8).Add(-time.Second), dayStart(1404, 4, 8)},
	} {
		t.Run(c.name, func(t *testing.T) {
			engines(t, func(t *testing.T, e *env) {
				e.clock.Set(c.buy.Add(-OpeningDelay - time.Hour))
				emp, m := openAccount(t, e, 12)
				e.clock.Set(c.buy)
				p, err := e.buy(m, emp, 12_000_000, 4, "r1")
				if err != nil {
					t.Fatal(err)
				}
				if p.Monthly != 3_000_000 || p.RestoreOn != RestoreDate(fa.JalaliOf(c.buy)).String() {
					t.Fatalf("purchase %+v", p)
				}
				if a := e.account(emp); a.MonthUsed != 3_000_000 || a.Used != 12_000_000 || a.MonthAvailable() != 7_000_000 || a.Available() != 108_000_000 {
					t.Fatalf("after the purchase: %+v", a)
				}
				e.clock.Set(c.before)
				if n, err := e.s.RestoreMonthlyCredit(ctxb()); n != 0 || err != nil {
					t.Fatalf("restored %d (%v) a second before the 8th", n, err)
				}
				e.clock.Set(c.due)
				if n, err := e.s.RestoreMonthlyCredit(ctxb()); n != 1 || err != nil {
					t.Fatalf("restored %d (%v) on the 8th, want 1", n, err)
				}
				if n, _ := e.s.RestoreMonthlyCredit(ctxb()); n != 0 {
					t.Fatalf("restored again: %d", n)
				}
				a := e.account(emp)
				if a.MonthUsed != 0 || a.Used != 12_000_000 {
					t.Errorf("after the 8th: month used %d (want 0), used %d (want 12,000,000: installments unsettled)", a.MonthUsed, a.Used)
				}
			})
		})
	}
}

func TestPurchaseRulesAreCheckedAndChargedOnce(t *testing.T) {
	engines(t, func(t *testing.T, e *env) {
		emp, m := openAccount(t, e, 6)
		// Ceiling: 6 installments.
		if _, err := e.buy(m, emp, 6_000_000, 7, "c1"); !errors.Is(err, ErrOverCeiling) {
			t.Errorf("7 installments on a ceiling of 6: %v", err)
		}
		// The monthly installment must fit the monthly credit (10,000,000).
		if _, err := e.buy(m, emp, 20_000_002, 2, "c2"); !errors.Is(err, ErrOverMonthly) {
			t.Errorf("a 10,000,001 installment: %v", err)
		}
		// A wrong code charges nothing.
		p := must(e.s.StartPurchase(ctxb(), m, PurchaseRequest{Customer: emp.Mobile, Amount: 20_000_000, Installments: 2, IdempotencyKey: "c3"}))
		if _, err := e.s.ConfirmPurchase(ctxb(), m, p.ID, MethodSMS, "000000"); !errors.Is(err, ErrWrongCode) && e.lastCode(emp.CustomerID) != "000000" {
			t.Errorf("wrong code: %v", err)
		}
		if a := e.account(emp); a.Used != 0 || a.MonthUsed != 0 {
			t.Fatalf("charged before the code: %+v", a)
		}
		// The same key again is the same purchase, and sends no new code.
		again := must(e.s.StartPurchase(ctxb(), m, PurchaseRequest{Customer: emp.NationalCode, Amount: 20_000_000, Installments: 2, IdempotencyKey: "c3"}))
		if again.ID != p.ID {
			t.Errorf("same key: purchase %d, want %d", again.ID, p.ID)
		}
		code := e.lastCode(emp.CustomerID)
		done := must(e.s.ConfirmPurchase(ctxb(), m, p.ID, MethodSMS, fa.Digits(code)))
		if done.Status != PurchaseConfirmed {
			t.Fatalf("status %s", done.Status)
		}
		twice := must(e.s.ConfirmPurchase(ctxb(), m, p.ID, MethodSMS, code))
		if twice.ID != p.ID {
			t.Fatal("second confirmation")
		}
		a := e.account(emp)
		if a.Used != 20_000_000 || a.MonthUsed != 10_000_000 {
			t.Fatalf("after one purchase confirmed twice: %+v, want used 20,000,000 and month used 10,000,000", a)
		}
		// The month's credit is all used: even 1 rial a month is refused.
		if _, err := e.buy(m, emp, 1, 1, "c4"); !errors.Is(err, ErrOverMonthly) {
			t.Errorf("a purchase with no monthly credit left: %v", err)
		}
		list, err := e.s.Installments(ctxb(), emp.CustomerID)
		if err != nil || len(list) != 2 || list[0].DueMonth != "1403/07" || list[1].DueMonth != "1403/08" || list[0].SettledAt != nil {
			t.Fatalf("installments %+v %v", list, err)
		}
	})
}

func TestSplitInstallments(t *testing.T) {
	got := SplitInstallments(10_000_001, 3)
	if got[0] != 3_333_335 || got[1] != 3_333_333 || got[2] != 3_333_333 {
		t.Errorf("split %v", got)
	}
}

func TestSettlementSettlesOnceAndReportsUnmatchedRows(t *testing.T) {
	engines(t, func(t *testing.T, e *env) {
		emp, m := openAccount(t, e, 6)
		if _, err := e.s.db.Exec(ctxb(), "UPDATE welfare_products SET one_open_purchase = 1"); err != nil {
			t.Fatal(err)
		}
		p, err := e.buy(m, emp, 9_000_000, 2, "s1")
		if err != nil {
			t.Fatal(err)
		}
		// The product waits for the last installment.
		e.clock.Set(dayStart(1403, 7, 8))
		e.s.RestoreMonthlyCredit(ctxb())
		if _, err := e.buy(m, emp, 1_000_000, 1, "s2"); !errors.Is(err, ErrOpenPurchase) {
			t.Fatalf("a second purchase before settlement: %v", err)
		}
		// Month 1403/07: one row, 4,500,000.
		file := settlementCSV(e, emp.RegionID, "1403/07")
		if bytes.Count(file, []byte("\n")) != 2 {
			t.Fatalf("deduction list:\n%s", file)
		}
		res, err := e.s.ImportSettlement(ctxb(), identity.Actor{StaffID: e.admin.ID}, "1403-07.csv", bytes.NewReader(file))
		if err != nil || res.Settled != 1 || res.Amount != 4_500_000 || res.Finished != 0 {
			t.Fatalf("settlement: %+v %v", res, err)
		}
		if _, err := e.s.ImportSettlement(ctxb(), identity.Actor{}, "again.csv", bytes.NewReader(file)); !errors.Is(err, ErrAlreadyImported) {
			t.Fatalf("the same file twice: %v", err)
		}
		if a := e.account(emp); a.Used != 4_500_000 {
			t.Fatalf("used after one settled installment: %d, want 4,500,000", a.Used)
		}
		// The deduction list of 1403/07 is now empty; 1403/08 has the last.
		if f := settlementCSV(e, emp.RegionID, "1403/07"); bytes.Count(f, []byte("\n")) != 1 {
			t.Errorf("1403/07 after settlement:\n%s", f)
		}
		last := settlementCSV(e, 0, "1403/08")
		// Unmatched rows are reported and change nothing; the matching row settles.
		// The data row twice (line 3 repeats line 2) settles once.
		lines := bytes.SplitAfter(last, []byte("\n"))
		bad := append(append(append([]byte{}, last...), lines[1]...), []byte("999999,70,1,x,y,1403/08,100\n")...)
		res, err = e.s.ImportSettlement(ctxb(), identity.Actor{}, "1403-08.csv", bytes.NewReader(bad))
		if err != nil || res.Settled != 1 || len(res.Unmatched) != 2 || res.Unmatched[0].Line != 3 || res.Unmatched[1].Line != 4 || res.Finished != 1 {
			t.Fatalf("last settlement: %+v %v", res, err)
		}
		// A different file carrying an already settled row: reported, no change.
		res, err = e.s.ImportSettlement(ctxb(), identity.Actor{}, "copy.csv", bytes.NewReader(append(last, '\n')))
		if err != nil || res.Settled != 0 || len(res.Unmatched) != 1 {
			t.Fatalf("a settled row again: %+v %v", res, err)
		}
		a := e.account(emp)
		if a.Used != 0 {
			t.Errorf("used after the last installment: %d", a.Used)
		}
		fin, _ := e.s.Purchases(ctxb(), emp.CustomerID)
		if len(fin) != 1 || fin[0].ID != p.ID || fin[0].FinishedAt == nil {
			t.Errorf("purchase not finished: %+v", fin)
		}
		// The last installment settled: the customer may buy again.
		if _, err := e.buy(m, emp, 1_000_000, 1, "s3"); err != nil {
			t.Errorf("buying again after the last installment: %v", err)
		}
		// A malformed row refuses the whole file.
		_, err = e.s.ImportSettlement(ctxb(), identity.Actor{}, "bad.csv", bytes.NewReader([]byte("installment_id,personnel_no,amount\nabc,70,1\n")))
		var ie *ImportError
		if !errors.As(err, &ie) || ie.Rows[0].Line != 2 {
			t.Errorf("malformed settlement: %v", err)
		}
	})
}

func TestChangeMobileBySupportOnlyAndSignInWithIt(t *testing.T) {
	engines(t, func(t *testing.T, e *env) {
		p := e.employees(person{"80", "9", 40_000_000, 2, 0})
		emp := p["80"]
		fin, _, err := e.ids.CreateStaff(ctxb(), identity.Actor{}, "fin", "مالی", []string{identity.RoleFinance})
		if err != nil {
			t.Fatal(err)
		}
		if err := e.s.ChangeMobile(ctxb(), fin, "", emp.ID, "09351234567", "نامه ۱۲"); err == nil {
			t.Fatal("finance staff changed a mobile")
		}
		sup, _, _ := e.ids.CreateStaff(ctxb(), identity.Actor{}, "sup", "پشتیبان", []string{identity.RoleSupport})
		if err := e.s.ChangeMobile(ctxb(), sup, "10.0.0.1", emp.ID, "۰۹۳۵۱۲۳۴۵۶۷", "نامه ۱۲ واحد رفاهی"); err != nil {
			t.Fatal(err)
		}
		got, _ := e.s.Employee(ctxb(), emp.ID)
		if got.Mobile != "09351234567" {
			t.Errorf("mobile %s", got.Mobile)
		}
		id, err := e.ids.ResolveIdentifier(ctxb(), "09351234567")
		if err != nil || id != emp.CustomerID {
			t.Errorf("sign-in identifier of the new number: %d %v", id, err)
		}
		entries, _, err := e.ids.AuditLog(ctxb(), identity.AuditFilter{Action: ActionMobileChange})
		if err != nil || len(entries) != 1 || entries[0].ActorID != sup.ID {
			t.Errorf("audit: %+v %v", entries, err)
		}
	})
}
