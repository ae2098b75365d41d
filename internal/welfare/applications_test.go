package welfare

import (
	"errors"
	"strings"
	"testing"
	"time"

	"pishkhan/internal/fa"
	"pishkhan/internal/identity"
)

func guarantorProblems(err error) string {
	var ge *fa.Error
	if errors.Is(err, ErrGuarantor) && errors.As(err, &ge) {
		return strings.Join(ge.Problems, " | ")
	}
	return ""
}

func TestGuarantorRulesAtTheirBoundaries(t *testing.T) {
	engines(t, func(t *testing.T, e *env) {
		people := e.employees(
			person{"10", "1", 30_000_000, 5, 0}, // applicant
			person{"11", "1", 30_000_000, 28, 10},
			person{"12", "1", 30_000_000, 28, 11},
			person{"13", "1", 29_999_999, 5, 0},
			person{"14", "2", 90_000_000, 5, 0},
			person{"20", "1", 10_000_000, 1, 0},
			person{"21", "1", 10_000_000, 1, 0},
			person{"22", "1", 10_000_000, 1, 0},
			person{"23", "1", 10_000_000, 1, 0},
			person{"30", "1", 50_000_000, 1, 0}, // the popular guarantor
		)
		app := people["10"]
		cases := []struct {
			guarantor string
			want      string // "" accepted
		}{
			{"12", msgGuarantorService}, // 28y11m refused
			{"13", msgGuarantorSalary},  // one rial less refused
			{"14", msgGuarantorRegion},
			{"10", ErrSelfGuarantor.Message},
		}
		for _, c := range cases {
			_, err := e.s.Apply(ctxb(), app.CustomerID, 12, people[c.guarantor].NationalCode)
			got := guarantorProblems(err)
			if errors.Is(err, ErrSelfGuarantor) {
				got = ErrSelfGuarantor.Message
			}
			if got != c.want {
				t.Errorf("guarantor %s: %v, want «%s»", c.guarantor, err, c.want)
			}
		}
		// 28 years 10 months and an equal salary: accepted, by personnel number.
		a, err := e.s.Apply(ctxb(), app.CustomerID, 12, "11")
		if err != nil {
			t.Fatalf("guarantor with 28y10m and the same salary: %v", err)
		}
		if a.Status != StatusGuarantorPending {
			t.Errorf("status %s", a.Status)
		}
		// One open application at a time.
		if _, err := e.s.Apply(ctxb(), app.CustomerID, 12, "30"); !errors.Is(err, ErrOpenApplication) {
			t.Errorf("second application: %v, want ErrOpenApplication", err)
		}
		// The 3rd guarantee accepted, the 4th refused.
		for i, who := range []string{"20", "21", "22"} {
			if _, err := e.s.Apply(ctxb(), people[who].CustomerID, 6, people["30"].NationalCode); err != nil {
				t.Fatalf("guarantee %d: %v", i+1, err)
			}
		}
		_, err = e.s.Apply(ctxb(), people["23"].CustomerID, 6, people["30"].NationalCode)
		if got := guarantorProblems(err); got != msgGuarantorCount {
			t.Fatalf("4th guarantee: %v, want «%s»", err, msgGuarantorCount)
		}
		// Installments out of the product's bounds.
		if _, err := e.s.Apply(ctxb(), people["23"].CustomerID, 37, "20"); !errors.Is(err, ErrInstallments) {
			t.Errorf("37 installments: %v, want ErrInstallments", err)
		}
		// A rejection frees the guarantee: now the 4th colleague may name 30.
		list, err := e.s.GuaranteeRequests(ctxb(), people["30"].CustomerID)
		if err != nil || len(list) != 3 {
			t.Fatalf("guarantee requests: %d %v", len(list), err)
		}
		if err := e.s.GuarantorDecide(ctxb(), people["30"].CustomerID, list[0].ID, false); err != nil {
			t.Fatal(err)
		}
		if err := e.s.GuarantorDecide(ctxb(), people["30"].CustomerID, list[0].ID, true); !errors.Is(err, ErrNotPending) {
			t.Errorf("second decision: %v, want ErrNotPending", err)
		}
		if _, err := e.s.Apply(ctxb(), people["23"].CustomerID, 6, people["30"].NationalCode); err != nil {
			t.Errorf("after a rejection the guarantee is free: %v", err)
		}
		// The rejected applicant may apply again.
		rejected := list[0].Applicant
		if _, err := e.s.Apply(ctxb(), rejected.CustomerID, 6, "11"); err != nil {
			t.Errorf("apply again after the guarantor's rejection: %v", err)
		}
		// Only the named guarantor decides.
		mine, _ := e.s.Applications(ctxb(), app.CustomerID)
		if err := e.s.GuarantorDecide(ctxb(), people["30"].CustomerID, mine[0].ID, true); !errors.Is(err, ErrNotFound) {
			t.Errorf("another colleague deciding: %v, want ErrNotFound", err)
		}
	})
}

func TestMutualGuaranteesAreAllowed(t *testing.T) {
	engines(t, func(t *testing.T, e *env) {
		p := e.employees(person{"40", "3", 20_000_000, 2, 0}, person{"41", "3", 20_000_000, 4, 0})
		if _, err := e.s.Apply(ctxb(), p["40"].CustomerID, 10, p["41"].NationalCode); err != nil {
			t.Fatal(err)
		}
		if _, err := e.s.Apply(ctxb(), p["41"].CustomerID, 10, p["40"].NationalCode); err != nil {
			t.Fatalf("the colleague guaranteeing back: %v", err)
		}
	})
}

func TestCreditOpens72HoursAfterFinanceApproval(t *testing.T) {
	engines(t, func(t *testing.T, e *env) {
		p := e.employees(person{"50", "4", 40_000_003, 2, 0}, person{"51", "4", 45_000_000, 4, 0})
		app, g := p["50"], p["51"]
		a, err := e.s.Apply(ctxb(), app.CustomerID, 10, g.NationalCode)
		if err != nil {
			t.Fatal(err)
		}
		if err := e.s.GuarantorDecide(ctxb(), g.CustomerID, a.ID, true); err != nil {
			t.Fatal(err)
		}
		if err := e.s.FinanceDecide(ctxb(), e.admin, "", a.ID, false, ""); !errors.Is(err, ErrNoReason) {
			t.Errorf("rejection without reason: %v", err)
		}
		approvedAt := e.clock.Now()
		if err := e.s.FinanceDecide(ctxb(), e.admin, "", a.ID, true, ""); err != nil {
			t.Fatal(err)
		}
		m := e.merchant()
		acct := e.account(app)
		if acct.MonthlyCredit != 10_000_000 || acct.Ceiling != 10 || acct.PurchasePower() != 100_000_000 {
			t.Errorf("account %+v: want monthly 10,000,000 (40,000,003 / 4 rounded down), ceiling 10, power 100,000,000", acct)
		}
		e.clock.Set(approvedAt.Add(71*time.Hour + 59*time.Minute))
		if list, _ := e.s.Applications(ctxb(), app.CustomerID); list[0].State(e.clock.Now()) != StatusApproved {
			t.Errorf("state at 71h59m: %s", list[0].State(e.clock.Now()))
		}
		if _, err := e.buy(m, app, 1_000_000, 2, "k1"); !errors.Is(err, ErrNotOpen) {
			t.Errorf("purchase at 71h59m: %v, want ErrNotOpen", err)
		}
		if n, _ := e.s.ActivateDue(ctxb()); n != 0 {
			t.Errorf("activated %d at 71h59m", n)
		}
		e.clock.Set(approvedAt.Add(72 * time.Hour))
		if list, _ := e.s.Applications(ctxb(), app.CustomerID); list[0].State(e.clock.Now()) != StatusActive {
			t.Errorf("state at 72h: %s", list[0].State(e.clock.Now()))
		}
		if n, err := e.s.ActivateDue(ctxb()); n != 1 || err != nil {
			t.Errorf("activation job at 72h: %d %v", n, err)
		}
		if n, _ := e.s.ActivateDue(ctxb()); n != 0 {
			t.Errorf("activation job again: %d, want 0", n)
		}
		if _, err := e.buy(m, app, 1_000_000, 2, "k2"); err != nil {
			t.Errorf("purchase at 72h: %v", err)
		}
		texts := e.sms(app.CustomerID)
		for _, want := range []string{"ثبت درخواست", "تایید ضمانت", "تایید درخواست توسط امور مالی منطقه", "ایجاد حساب کاربری توانا", AppURL, "فعال شدن اعتبار", "خرید با توانا کارت"} {
			if !strings.Contains(texts, want) {
				t.Errorf("the applicant's SMS lack %q:\n%s", want, texts)
			}
		}
		if !strings.Contains(e.sms(g.CustomerID), "تایید یا رد ضمانت") {
			t.Errorf("the guarantor was not told: %s", e.sms(g.CustomerID))
		}
	})
}

func TestFinanceRejectionLetsApplyAgain(t *testing.T) {
	engines(t, func(t *testing.T, e *env) {
		p := e.employees(person{"60", "4", 20_000_000, 2, 0}, person{"61", "4", 25_000_000, 4, 0})
		a := must(e.s.Apply(ctxb(), p["60"].CustomerID, 10, "61"))
		if err := e.s.GuarantorDecide(ctxb(), p["61"].CustomerID, a.ID, true); err != nil {
			t.Fatal(err)
		}
		if err := e.s.FinanceDecide(ctxb(), e.admin, "", a.ID, false, "حقوق بروز نیست"); err != nil {
			t.Fatal(err)
		}
		if g, _ := e.s.Employee(ctxb(), p["61"].ID); g.Guarantees != 0 {
			t.Errorf("guarantees after the rejection: %d, want 0", g.Guarantees)
		}
		if _, err := e.s.Apply(ctxb(), p["60"].CustomerID, 12, "61"); err != nil {
			t.Errorf("apply again after the finance rejection: %v", err)
		}
		if !strings.Contains(e.sms(p["60"].CustomerID), "امکان ثبت درخواست مجدد") {
			t.Errorf("rejection SMS: %s", e.sms(p["60"].CustomerID))
		}
	})
}

func TestFinanceStaffDecideOnlyForTheirRegion(t *testing.T) {
	engines(t, func(t *testing.T, e *env) {
		p := e.employees(person{"65", "31", 20_000_000, 2, 0}, person{"66", "31", 25_000_000, 4, 0}, person{"67", "32", 1, 0, 0})
		a := must(e.s.Apply(ctxb(), p["65"].CustomerID, 10, "66"))
		if err := e.s.GuarantorDecide(ctxb(), p["66"].CustomerID, a.ID, true); err != nil {
			t.Fatal(err)
		}
		fin, _, err := e.ids.CreateStaff(ctxb(), identity.Actor{}, "fin32", "مالی ۳۲", []string{identity.RoleFinance})
		if err != nil {
			t.Fatal(err)
		}
		if err := e.s.AssignStaffRegion(ctxb(), fin.ID, p["67"].RegionID); err != nil {
			t.Fatal(err)
		}
		if err := e.s.FinanceDecide(ctxb(), fin, "", a.ID, true, ""); !errors.Is(err, ErrNotYourRegion) {
			t.Errorf("finance of region 32 on a region 31 application: %v", err)
		}
		if list, _ := e.s.PendingFinance(ctxb(), []int64{p["67"].RegionID}); len(list) != 0 {
			t.Errorf("region 32's desk lists %d applications of region 31", len(list))
		}
		if err := e.s.AssignStaffRegion(ctxb(), fin.ID, p["65"].RegionID); err != nil {
			t.Fatal(err)
		}
		if err := e.s.FinanceDecide(ctxb(), fin, "", a.ID, true, ""); err != nil {
			t.Errorf("after joining region 31: %v", err)
		}
	})
}
