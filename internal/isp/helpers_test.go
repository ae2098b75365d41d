package isp

import (
	"context"
	"fmt"
	"log/slog"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"pishkhan/internal/billing"
	"pishkhan/internal/db"
	"pishkhan/internal/db/dbtest"
	"pishkhan/internal/fa"
	"pishkhan/internal/identity"
	"pishkhan/internal/jobs"
	"pishkhan/internal/notify"
)

var testKey = []byte("0123456789abcdef0123456789abcdef")

type clock struct {
	mu sync.Mutex
	t  time.Time
}

func (c *clock) Now() time.Time      { c.mu.Lock(); defer c.mu.Unlock(); return c.t }
func (c *clock) Set(t time.Time)     { c.mu.Lock(); defer c.mu.Unlock(); c.t = t }
func (c *clock) Add(d time.Duration) { c.mu.Lock(); defer c.mu.Unlock(); c.t = c.t.Add(d) }

// at is a Tehran wall-clock time on a Jalali day.
func at(y, m, d, hh, mm int) time.Time {
	return fa.Date{Year: y, Month: m, Day: d}.Time(fa.Tehran).Add(time.Duration(hh)*time.Hour + time.Duration(mm)*time.Minute)
}

type env struct {
	d     *db.DB
	ids   *identity.Service
	bill  *billing.Service
	sms   *notify.Service
	s     *Service
	clock *clock
}

func engines(t *testing.T, fn func(t *testing.T, e *env)) {
	dbtest.Each(t, []*db.Schema{identity.Schema, billing.Schema, Schema}, func(t *testing.T, d *db.DB) {
		fn(t, newEnv(t, d))
	})
}

func newEnv(t testing.TB, d *db.DB) *env {
	t.Helper()
	logger := slog.New(slog.DiscardHandler)
	runner := jobs.New(d, logger)
	if err := runner.Migrate(context.Background()); err != nil {
		t.Fatal(err)
	}
	if err := runner.Open(); err != nil {
		t.Fatal(err)
	}
	c := &clock{t: at(1394, 11, 25, 12, 0)}
	sms := notify.New(d, runner, &notify.Outbox{}, logger, c.Now)
	ids := identity.New(d, sms, identity.Options{
		Params: identity.Params{Memory: 256, Time: 1, Threads: 1, SaltLen: 16, KeyLen: 32},
		Now:    c.Now, Logger: logger,
	})
	bill := billing.New(d, billing.Options{Now: c.Now, Logger: logger})
	s, err := New(d, bill, sms, Options{Key: testKey, Now: c.Now, Logger: logger})
	if err != nil {
		t.Fatal(err)
	}
	bill.RegisterFulfiller(KindOrder, s.Fulfiller())
	return &env{d: d, ids: ids, bill: bill, sms: sms, s: s, clock: c}
}

var seq atomic.Int64

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

// subscriber makes a customer with a line; password "modem-pass1".
func (e *env) subscriber(t testing.TB) *Subscriber {
	t.Helper()
	n := seq.Add(1)
	c, err := e.ids.CreateCustomer(context.Background(), identity.Actor{},
		identity.NewCustomer{NationalCode: nationalCode(fmt.Sprintf("%09d", 223000000+n)), FirstName: "کمال", LastName: "نصیری", Mobile: fmt.Sprintf("0912%07d", n)})
	if err != nil {
		t.Fatal(err)
	}
	sub, err := e.s.CreateSubscriber(context.Background(), NewSubscriber{CustomerID: c.ID, Phone: "32239700", Centre: "دانشگاه",
		Username: fmt.Sprintf("user%d", n), Password: "modem-pass1"})
	if err != nil {
		t.Fatal(err)
	}
	return sub
}

func (e *env) plan(t testing.TB, kind, name string, price int64, days int, mb int64) *Plan {
	t.Helper()
	p := &Plan{Kind: kind, Name: name, Price: price, Days: days, TrafficMB: mb, SpeedKbps: 2048, Active: true}
	if err := e.s.SavePlan(context.Background(), p); err != nil {
		t.Fatal(err)
	}
	return p
}

// give starts a service as the system admin would (no bank).
func (e *env) give(t testing.TB, sub *Subscriber, p *Plan) *Subscriber {
	t.Helper()
	ctx := context.Background()
	err := e.d.InTx(ctx, func(tx *db.Tx) error {
		s, err := loadSubscriber(ctx, tx, "s.id = $1", sub.ID, true)
		if err != nil {
			return err
		}
		_, err = e.s.apply(ctx, tx, s, "service", p.ID, purchase{kind: BoughtByAdmin, amount: p.Price})
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	return e.reload(t, sub)
}

func (e *env) reload(t testing.TB, sub *Subscriber) *Subscriber {
	t.Helper()
	s, err := e.s.Subscriber(context.Background(), sub.ID)
	if err != nil {
		t.Fatal(err)
	}
	return s
}

// pay settles an order as the bank would, through billing's own path:
// orders with nothing to pay complete at once; others are fulfilled by
// the registered fulfiller inside a transaction, as settlement does.
func (e *env) fulfil(t testing.TB, o *billing.Order) {
	t.Helper()
	ctx := context.Background()
	if err := e.d.InTx(ctx, func(tx *db.Tx) error { return e.s.Fulfiller()(ctx, tx, o) }); err != nil {
		t.Fatal(err)
	}
}
