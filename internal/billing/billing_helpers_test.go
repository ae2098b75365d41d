package billing

import (
	"context"
	"fmt"
	"log/slog"
	"strconv"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"pishkhan/internal/db"
	"pishkhan/internal/db/dbtest"
	"pishkhan/internal/fa/fatest"
)

var schemas = []*db.Schema{Schema}

// fakeGateway is a bank that answers as the Gateway contract says:
// Verify reports AlreadyVerified after the first success, refuses what
// the customer did not pay, and can be switched off (unavailable).
type fakeGateway struct {
	name        string
	verifyCalls atomic.Int64
	down        atomic.Bool
	// delay holds each Verify, so concurrent callbacks all get past the
	// "already decided?" read before the first settles.
	delay time.Duration

	mu       sync.Mutex
	next     int
	payments map[string]*fakePayment
}

type fakePayment struct {
	amount         int64
	paid, verified bool
}

func newFakeGateway(name string) *fakeGateway {
	return &fakeGateway{name: name, payments: map[string]*fakePayment{}}
}

func (g *fakeGateway) Name() string  { return g.name }
func (g *fakeGateway) Label() string { return "بانک آزمایشی" }

func (g *fakeGateway) Request(ctx context.Context, p PaymentRequest) (Redirect, error) {
	if g.down.Load() {
		return Redirect{}, fmt.Errorf("request: %w", ErrGatewayUnavailable)
	}
	g.mu.Lock()
	defer g.mu.Unlock()
	g.next++
	ref := g.name + "-" + strconv.Itoa(g.next)
	g.payments[ref] = &fakePayment{amount: p.Amount}
	return Redirect{Reference: ref, URL: "https://bank.test/pay/" + ref, Method: "GET"}, nil
}

// pay is the customer paying at the bank's page.
func (g *fakeGateway) pay(ref string) {
	g.mu.Lock()
	defer g.mu.Unlock()
	g.payments[ref].paid = true
}

func (g *fakeGateway) Verify(ctx context.Context, v VerifyRequest) (Verification, error) {
	g.verifyCalls.Add(1)
	time.Sleep(g.delay)
	if g.down.Load() {
		return Verification{}, fmt.Errorf("verify: %w", ErrGatewayUnavailable)
	}
	g.mu.Lock()
	defer g.mu.Unlock()
	p, ok := g.payments[v.Reference]
	switch {
	case !ok:
		return Verification{Code: "-54", Message: "unknown authority"}, nil
	case p.amount != v.Amount:
		return Verification{Code: "-50", Message: "amount mismatch"}, nil
	case !p.paid:
		return Verification{Code: "-51", Message: "not paid"}, nil
	case p.verified:
		return Verification{Paid: true, AlreadyVerified: true, RefID: "RID-" + v.Reference, CardMask: "603799******1234", Code: "101"}, nil
	}
	p.verified = true
	return Verification{Paid: true, RefID: "RID-" + v.Reference, CardMask: "603799******1234", Code: "100"}, nil
}

type env struct {
	t     *testing.T
	d     *db.DB
	s     *Service
	gw    *fakeGateway
	clock *fatest.Clock
	// fulfilCalls counts calls, including those whose transaction rolled
	// back; committed fulfilments are rows in test_fulfilments.
	fulfilCalls atomic.Int64
	failFulfil  atomic.Int64 // fail this many more fulfilments
}

const kindTest = "test_service"

func newEnv(t *testing.T, d *db.DB, tweak func(*Options)) *env {
	t.Helper()
	ctx := context.Background()
	if _, err := d.Exec(ctx, "CREATE TABLE test_fulfilments (order_id BIGINT NOT NULL, ref TEXT NOT NULL)"); err != nil {
		t.Fatal(err)
	}
	e := &env{t: t, d: d, gw: newFakeGateway("fakebank"), clock: fatest.NewClock(time.Date(2025, 3, 21, 8, 0, 0, 0, time.UTC))}
	opts := Options{Now: e.clock.Now, Logger: slog.New(slog.DiscardHandler),
		Seller:   Seller{Name: "شرکت پارتاک", NationalID: "10101010101", EconomicCode: "411111111111", Address: "تهران"},
		Gateways: map[string]Gateway{e.gw.Name(): e.gw}}
	if tweak != nil {
		tweak(&opts)
	}
	e.s = New(d, opts)
	e.s.RegisterFulfiller(kindTest, func(ctx context.Context, tx *db.Tx, o *Order) error {
		e.fulfilCalls.Add(1)
		if e.failFulfil.Load() > 0 {
			e.failFulfil.Add(-1)
			return fmt.Errorf("area down")
		}
		_, err := tx.Exec(ctx, "INSERT INTO test_fulfilments (order_id, ref) VALUES ($1, $2)", o.ID, o.Ref)
		return err
	})
	return e
}

func (e *env) customer(nationalCode, first, last string) int64 {
	e.t.Helper()
	var id int64
	now := e.clock.Now()
	if err := e.d.ExecReturning(context.Background(), `INSERT INTO customers (national_code, first_name, last_name, address, created_at, updated_at)
		VALUES ($1, $2, $3, $4, $5, $5) RETURNING id`, nationalCode, first, last, "تهران، خیابان آزادی", now).Scan(&id); err != nil {
		e.t.Fatal(err)
	}
	return id
}

func (e *env) count(query string, args ...any) int {
	e.t.Helper()
	var n int
	if err := e.d.QueryRow(context.Background(), query, args...).Scan(&n); err != nil {
		e.t.Fatalf("%s: %v", query, err)
	}
	return n
}

func (e *env) fulfilments(orderID int64) int {
	return e.count("SELECT COUNT(*) FROM test_fulfilments WHERE order_id = $1", orderID)
}

// order creates a one-line order.
func (e *env) order(customerID, price int64, tweak func(*NewOrder)) *Order {
	e.t.Helper()
	n := NewOrder{CustomerID: customerID, Kind: kindTest, Ref: "plan-7", Lines: []Line{{Description: "سرویس یک ماهه", Amount: price}}}
	if tweak != nil {
		tweak(&n)
	}
	o, err := e.s.CreateOrder(context.Background(), nil, n)
	if err != nil {
		e.t.Fatal(err)
	}
	return o
}

// atBank sends an order to the fake bank and returns the reference.
func (e *env) atBank(o *Order) string {
	e.t.Helper()
	r, err := e.s.StartPayment(context.Background(), o.ID, e.gw, "https://pishkhan.test/billing/callback/fakebank")
	if err != nil {
		e.t.Fatal(err)
	}
	return r.Reference
}

func (e *env) state(orderID int64) string {
	e.t.Helper()
	o, err := e.s.Order(context.Background(), orderID)
	if err != nil {
		e.t.Fatal(err)
	}
	return o.State
}

func (e *env) credit(customerID, amount int64, key string) {
	e.t.Helper()
	if _, err := e.s.Credit(context.Background(), nil, customerID, amount, "شارژ آزمایشی", "test", 0, key); err != nil {
		e.t.Fatal(err)
	}
}

func each(t *testing.T, fn func(t *testing.T, e *env)) {
	dbtest.Each(t, schemas, func(t *testing.T, d *db.DB) {
		fn(t, newEnv(t, d, nil))
	})
}
