package cards

import (
	"context"
	"fmt"
	"sync/atomic"
	"testing"

	"pishkhan/internal/db"
	"pishkhan/internal/db/dbtest"
	"pishkhan/internal/fa/fatest"
	"pishkhan/internal/identity"
	"pishkhan/internal/notify"
	"pishkhan/internal/otp"
	"pishkhan/internal/pagetest"
)

const testBIN = "628157"

var testKey = []byte("0123456789abcdef0123456789abcdef")

// at is noon in Tehran on a Jalali day.
var at = fatest.At

type env struct {
	d     *db.DB
	ids   *identity.Service
	s     *Service
	sms   *notify.Service
	clock *fatest.Clock
	base  *pagetest.Domains
}

// engines runs fn on SQLite and (when switched on) PostgreSQL.
func engines(t *testing.T, fn func(t *testing.T, e *env)) {
	dbtest.Each(t, []*db.Schema{Schema, otp.Schema}, func(t *testing.T, d *db.DB) {
		fn(t, newEnv(t, d))
	})
}

func newEnv(t *testing.T, d *db.DB) *env {
	t.Helper()
	base := pagetest.NewDomains(t, d, fatest.NewClock(at(1403, 6, 15)), nil)
	s, err := New(d, base.Identity, Options{Key: testKey, BIN: testBIN, Now: base.Clock.Now, Logger: base.Logger})
	if err != nil {
		t.Fatal(err)
	}
	return &env{d: d, ids: base.Identity, s: s, sms: base.SMS, clock: base.Clock, base: base}
}

var codeSeq atomic.Int64

// nationalCode completes nine digits with their check digit.
var nationalCode = fatest.NationalCode

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
