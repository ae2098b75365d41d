package welfare

import (
	"bytes"
	"context"
	"fmt"
	"log/slog"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"

	"pishkhan/internal/db"
	"pishkhan/internal/db/dbtest"
	"pishkhan/internal/fa"
	"pishkhan/internal/identity"
	"pishkhan/internal/jobs"
	"pishkhan/internal/notify"
	"pishkhan/internal/otp"
)

type clock struct {
	mu sync.Mutex
	t  time.Time
}

func (c *clock) Now() time.Time      { c.mu.Lock(); defer c.mu.Unlock(); return c.t }
func (c *clock) Set(t time.Time)     { c.mu.Lock(); defer c.mu.Unlock(); c.t = t }
func (c *clock) Add(d time.Duration) { c.mu.Lock(); defer c.mu.Unlock(); c.t = c.t.Add(d) }
func at(y, m, d int) time.Time {
	return fa.Date{Year: y, Month: m, Day: d}.Time(fa.Tehran).Add(12 * time.Hour)
}
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
	clock *clock
	admin *identity.StaffMember
}

func engines(t *testing.T, fn func(t *testing.T, e *env)) {
	dbtest.Each(t, []*db.Schema{Schema, otp.Schema}, func(t *testing.T, d *db.DB) {
		fn(t, newEnv(t, d))
	})
}

func newEnv(t *testing.T, d *db.DB) *env {
	t.Helper()
	logger := slog.New(slog.DiscardHandler)
	runner := jobs.New(d, logger)
	if err := runner.Migrate(ctxb()); err != nil {
		t.Fatal(err)
	}
	if err := runner.Open(); err != nil {
		t.Fatal(err)
	}
	c := &clock{t: at(1403, 6, 15)}
	sms := notify.New(d, runner, &notify.Outbox{}, logger, c.Now)
	ids := identity.New(d, sms, identity.Options{
		Params: identity.Params{Memory: 256, Time: 1, Threads: 1, SaltLen: 16, KeyLen: 32},
		Now:    c.Now, Logger: logger,
	})
	codes := otp.New(d, sms, otp.Options{Key: []byte("0123456789abcdef0123456789abcdef"), Now: c.Now, Logger: logger})
	s := New(d, ids, sms, codes, Options{Now: c.Now, Logger: logger})
	admin, _, err := ids.CreateStaff(ctxb(), identity.Actor{}, "boss", "مدیر", []string{identity.RoleAdmin})
	if err != nil {
		t.Fatal(err)
	}
	return &env{t: t, d: d, ids: ids, otp: codes, s: s, clock: c, admin: admin}
}

// nationalCode completes nine digits with their check digit.
func nationalCode(first9 string) string {
	sum := 0
	for i := 0; i < 9; i++ {
		sum += int(first9[i]-'0') * (10 - i)
	}
	c := sum % 11
	if c >= 2 {
		c = 11 - c
	}
	return first9 + string(rune('0'+c))
}

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
