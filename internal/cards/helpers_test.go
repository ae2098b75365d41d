package cards

import (
	"context"
	"fmt"
	"log/slog"
	"sync"
	"sync/atomic"
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

const testBIN = "628157"

var testKey = []byte("0123456789abcdef0123456789abcdef")

type clock struct {
	mu sync.Mutex
	t  time.Time
}

func (c *clock) Now() time.Time  { c.mu.Lock(); defer c.mu.Unlock(); return c.t }
func (c *clock) Set(t time.Time) { c.mu.Lock(); defer c.mu.Unlock(); c.t = t }

// at is noon in Tehran on a Jalali day.
func at(y, m, d int) time.Time {
	return fa.Date{Year: y, Month: m, Day: d}.Time(fa.Tehran).Add(12 * time.Hour)
}

type env struct {
	d     *db.DB
	ids   *identity.Service
	s     *Service
	sms   *notify.Service
	clock *clock
}

// engines runs fn on SQLite and (when switched on) PostgreSQL.
func engines(t *testing.T, fn func(t *testing.T, e *env)) {
	dbtest.Each(t, []*db.Schema{Schema, otp.Schema}, func(t *testing.T, d *db.DB) {
		fn(t, newEnv(t, d))
	})
}

func newEnv(t *testing.T, d *db.DB) *env {
	t.Helper()
	logger := slog.New(slog.DiscardHandler)
	runner := jobs.New(d, logger)
	if err := runner.Migrate(context.Background()); err != nil {
		t.Fatal(err)
	}
	if err := runner.Open(); err != nil {
		t.Fatal(err)
	}
	sms := notify.New(d, runner, &notify.Outbox{}, logger, nil)
	c := &clock{t: at(1403, 6, 15)}
	ids := identity.New(d, sms, identity.Options{
		Params: identity.Params{Memory: 256, Time: 1, Threads: 1, SaltLen: 16, KeyLen: 32},
		Now:    c.Now, Logger: logger,
	})
	s, err := New(d, ids, Options{Key: testKey, BIN: testBIN, Now: c.Now, Logger: logger})
	if err != nil {
		t.Fatal(err)
	}
	return &env{d: d, ids: ids, s: s, sms: sms, clock: c}
}

var codeSeq atomic.Int64

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

func (e *env) customer(t *testing.T) int64 {
	t.Helper()
	code := nationalCode(fmt.Sprintf("%09d", 123000000+codeSeq.Add(1)))
	c, err := e.ids.CreateCustomer(context.Background(), identity.Actor{},
		identity.NewCustomer{NationalCode: code, FirstName: "علی", LastName: "رضایی"})
	if err != nil {
		t.Fatal(err)
	}
	return c.ID
}

// creditCard gives a new customer a credit account with limit rials of
// credit (balance 0, floor -limit) and a card on it.
func (e *env) creditCard(t *testing.T, limit int64) (int64, *Account, *IssuedCard) {
	t.Helper()
	ctx := context.Background()
	cust := e.customer(t)
	a, err := e.s.IssueAccount(ctx, NewAccount{CustomerID: cust, TypeCode: "credit", Number: "100", Floor: -limit})
	if err != nil {
		t.Fatal(err)
	}
	ic, err := e.s.IssueCard(ctx, cust, a.ID)
	if err != nil {
		t.Fatal(err)
	}
	return cust, a, ic
}

func (e *env) buy(t *testing.T, number, key string, total, cash int64, n int) *PurchaseResult {
	t.Helper()
	r, err := e.s.Purchase(context.Background(), "staff", PurchaseRequest{CardNumber: number, Total: total,
		CashShare: cash, Installments: n, PolicyNumber: "P-1", Merchant: "بیمه", IdempotencyKey: key})
	if err != nil {
		t.Fatal(err)
	}
	return r
}

// checkLedger asserts that an account's ledger sums to its balance.
func (e *env) checkLedger(t *testing.T, accountID int64) *Account {
	t.Helper()
	a, err := e.s.account(context.Background(), e.d, accountID)
	if err != nil {
		t.Fatal(err)
	}
	sum, err := e.s.LedgerSum(context.Background(), accountID)
	if err != nil {
		t.Fatal(err)
	}
	if sum != a.Balance {
		t.Fatalf("ledger sums to %d, balance is %d", sum, a.Balance)
	}
	return a
}
