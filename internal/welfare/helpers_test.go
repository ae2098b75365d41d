package welfare

import (
	"bytes"
	"context"
	"fmt"
	"regexp"
	"strings"
	"testing"
	"time"

	"pishkhan/internal/db"
	"pishkhan/internal/db/dbtest"
	"pishkhan/internal/fa"
	"pishkhan/internal/fa/fatest"
	"pishkhan/internal/identity"
	"pishkhan/internal/otp"
	"pishkhan/internal/pagetest"
	"pishkhan/internal/web/webtest"
)

// at is noon in Tehran on a Jalali day.
var at = fatest.At

func dayStart(y, m, d int) time.Time { return fa.Date{Year: y, Month: m, Day: d}.Time(fa.Tehran) }
func ctxb() context.Context          { return context.Background() }

// must panics on err (a failed set-up step fails the test).
func must[T any](v T, err error) T {
	if err != nil {
		panic(err)
	}
	return v
}

type env struct {
	t     *testing.T
	d     *db.DB
	ids   *identity.Service
	otp   *otp.Service
	s     *Service
	clock *fatest.Clock
	admin *identity.StaffMember
	base  *pagetest.Domains
}

func engines(t *testing.T, fn func(t *testing.T, e *env)) {
	dbtest.Each(t, []*db.Schema{Schema, otp.Schema}, func(t *testing.T, d *db.DB) {
		fn(t, newEnv(t, d))
	})
}

func newEnv(t *testing.T, d *db.DB) *env {
	t.Helper()
	base := pagetest.NewDomains(t, d, fatest.NewClock(at(1403, 6, 15)), nil)
	codes := otp.New(d, base.SMS, otp.Options{Key: webtest.Key, Now: base.Clock.Now, Logger: base.Logger})
	s := New(d, base.Identity, base.SMS, codes, Options{Now: base.Clock.Now, Logger: base.Logger})
	admin, _, err := base.Identity.CreateStaff(ctxb(), identity.Actor{}, "boss", "مدیر", []string{identity.RoleAdmin})
	if err != nil {
		t.Fatal(err)
	}
	return &env{t: t, d: d, ids: base.Identity, otp: codes, s: s, clock: base.Clock, admin: admin, base: base}
}

// nationalCode completes nine digits with their check digit.
var nationalCode = fatest.NationalCode

const employeesHeader = "personnel_no,national_code,first_name,last_name,region_code,region,net_salary,service_years,service_months,mobile\n"

// person is one employees row for tests.
type person struct {
	no, region    string
	salary        int64
	years, months int
}

func (p person) code() string   { return nationalCode(fmt.Sprintf("1%08s", p.no)[:9]) }
func (p person) mobile() string { return "0912" + fmt.Sprintf("%07s", p.no) }
func (p person) row() string {
	return fmt.Sprintf("%s,%s,کارمند,شماره %s,%s,منطقه %s,%d,%d,%d,%s\n", p.no, p.code(), p.no, p.region, p.region, p.salary, p.years, p.months, p.mobile())
}

// employees imports people and returns them by personnel number.
func (e *env) employees(people ...person) map[string]*Employee {
	e.t.Helper()
	var b strings.Builder
	b.WriteString(employeesHeader)
	for _, p := range people {
		b.WriteString(p.row())
	}
	if _, err := e.s.ImportEmployees(ctxb(), identity.Actor{}, strings.NewReader(b.String())); err != nil {
		e.t.Fatalf("import: %v", err)
	}
	out := map[string]*Employee{}
	for _, p := range people {
		emp, err := e.s.FindEmployee(ctxb(), e.d, p.no)
		if err != nil {
			e.t.Fatal(err)
		}
		out[p.no] = emp
	}
	return out
}

// approved runs an application to the finance approval.
func (e *env) approved(applicant, guarantor *Employee, n int) *Application {
	e.t.Helper()
	a, err := e.s.Apply(ctxb(), applicant.CustomerID, n, guarantor.NationalCode)
	if err != nil {
		e.t.Fatalf("apply: %v", err)
	}
	if err := e.s.GuarantorDecide(ctxb(), guarantor.CustomerID, a.ID, true); err != nil {
		e.t.Fatal(err)
	}
	if err := e.s.FinanceDecide(ctxb(), e.admin, "", a.ID, true, ""); err != nil {
		e.t.Fatal(err)
	}
	return a
}

// merchant proposes and approves a store.
func (e *env) merchant() *Merchant {
	e.t.Helper()
	id := must(e.s.ProposeMerchant(ctxb(), e.admin, "", NewMerchant{Name: "دیجی‌کالا", Kind: MerchantOnline, City: "تهران", Category: "کالای دیجیتال", Website: "https://www.digikala.com"}))
	if _, err := e.s.DecideMerchant(ctxb(), e.admin, "", id, true); err != nil {
		e.t.Fatal(err)
	}
	return must(e.s.Merchant(ctxb(), id))
}

var codePattern = regexp.MustCompile(`\d{6}`)

// lastCode is the newest one-time code sent to a customer.
func (e *env) lastCode(customerID int64) string {
	e.t.Helper()
	var body string
	if err := e.d.QueryRow(ctxb(), "SELECT body FROM sms_outbox WHERE person_id = $1 AND sensitive = $2 ORDER BY id DESC LIMIT 1", customerID, true).Scan(&body); err != nil {
		e.t.Fatalf("read code: %v", err)
	}
	return codePattern.FindString(body)
}

// buy starts and confirms a purchase.
func (e *env) buy(m *Merchant, emp *Employee, amount int64, n int, key string) (*Purchase, error) {
	e.t.Helper()
	p, err := e.s.StartPurchase(ctxb(), m, PurchaseRequest{Customer: emp.NationalCode, Amount: amount, Installments: n, IdempotencyKey: key})
	if err != nil {
		return nil, err
	}
	return e.s.ConfirmPurchase(ctxb(), m, p.ID, MethodSMS, e.lastCode(emp.CustomerID))
}

func (e *env) account(emp *Employee) *Account {
	e.t.Helper()
	return must(e.s.Account(ctxb(), emp.CustomerID))
}

// sms lists the texts sent to a person.
func (e *env) sms(customerID int64) string {
	e.t.Helper()
	list, err := db.All(ctxb(), e.d, func(r db.Scanner) (string, error) {
		var s string
		return s, r.Scan(&s)
	}, "SELECT reason || ': ' || body FROM sms_outbox WHERE person_id = $1 ORDER BY id", customerID)
	if err != nil {
		e.t.Fatal(err)
	}
	return strings.Join(list, "\n")
}

func settlementCSV(e *env, region int64, month string) []byte {
	e.t.Helper()
	var b bytes.Buffer
	if err := e.s.WriteDeductionsCSV(ctxb(), &b, region, month); err != nil {
		e.t.Fatal(err)
	}
	return b.Bytes()
}
