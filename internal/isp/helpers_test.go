package isp

import (
	"context"
	"fmt"
	"sync/atomic"
	"testing"

	"pishkhan/internal/billing"
	"pishkhan/internal/db"
	"pishkhan/internal/db/dbtest"
	"pishkhan/internal/fa/fatest"
	"pishkhan/internal/identity"
	"pishkhan/internal/notify"
	"pishkhan/internal/pagetest"
)

var testKey = []byte("0123456789abcdef0123456789abcdef")

// at is a Tehran wall-clock time on a Jalali day.
var at = fatest.AtTime

type env struct {
	d     *db.DB
	ids   *identity.Service
	bill  *billing.Service
	sms   *notify.Service
	s     *Service
	clock *fatest.Clock
}

func engines(t *testing.T, fn func(t *testing.T, e *env)) {
	dbtest.Each(t, []*db.Schema{identity.Schema, billing.Schema, Schema}, func(t *testing.T, d *db.DB) {
		fn(t, newEnv(t, d))
	})
}

func newEnv(t testing.TB, d *db.DB) *env {
	t.Helper()
	base := pagetest.NewDomains(t, d, fatest.NewClock(at(1394, 11, 25, 12, 0)), nil)
	bill := billing.New(d, billing.Options{Now: base.Clock.Now, Logger: base.Logger})
	s, err := New(d, bill, base.SMS, Options{Key: testKey, Now: base.Clock.Now, Logger: base.Logger})
	if err != nil {
		t.Fatal(err)
	}
	bill.RegisterFulfiller(KindOrder, s.Fulfiller())
	return &env{d: d, ids: base.Identity, bill: bill, sms: base.SMS, s: s, clock: base.Clock}
}

var seq atomic.Int64

var nationalCode = fatest.NationalCode

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
