package isp

import (
	"context"
	"testing"
	"time"
)

// The free charge's traffic is for its two days only: 100 MB given when
// the traffic ran out (days still left) are gone when the two days end,
// and with no paid charge after it the line goes to «در لیست جمع آوری»,
// where RADIUS refuses it.
func TestFreeTrafficEndsWithItsTwoDays(t *testing.T) {
	engines(t, func(t *testing.T, e *env) {
		ctx := context.Background()
		month := e.plan(t, PlanService, "یک ماهه", 215_000, 30, 1)
		sub := e.give(t, e.subscriber(t), month)
		if _, err := e.s.Account(ctx, Accounting{Username: sub.Username, NAS: "nas1", SessionID: "a", Status: AcctStop, Output: 2 * MB}); err != nil {
			t.Fatal(err)
		}
		if err := e.s.ApplyFreeCharge(ctx, sub.CustomerID); err != nil {
			t.Fatal(err)
		}
		// 40 MB of the 100 are used on the first day.
		if _, err := e.s.Account(ctx, Accounting{Username: sub.Username, NAS: "nas1", SessionID: "b", Status: AcctStop, Output: 40 * MB}); err != nil {
			t.Fatal(err)
		}
		r := e.reload(t, sub)
		if got := r.TimedActive(e.clock.Now()); got != 60*MB {
			t.Fatalf("free traffic left %d", got)
		}
		if a, _ := e.s.Authorize(ctx, sub.Username, CheckPAP("modem-pass1")); !a.OK {
			t.Fatalf("refused during the free days: %+v", a)
		}
		e.clock.Set(r.FreeUntil.Add(-time.Second))
		if n, _ := e.s.SweepFreeCharges(ctx); n != 0 {
			t.Fatal("collected before the end of the free days")
		}
		e.clock.Set(r.FreeUntil)
		if r := e.reload(t, sub); !r.OutOfTraffic(e.clock.Now()) {
			t.Fatalf("the free traffic outlived its two days: %d + %d", r.TrafficLeft, r.TimedActive(e.clock.Now()))
		}
		if n, err := e.s.SweepFreeCharges(ctx); n != 1 || err != nil {
			t.Fatalf("sweep %d %v", n, err)
		}
		if r := e.reload(t, sub); r.LineStatus != LineCollection {
			t.Fatalf("line %s", r.LineStatus)
		}
		if a, _ := e.s.Authorize(ctx, sub.Username, CheckPAP("modem-pass1")); a.OK {
			t.Fatal("a collected line was let in")
		}
		if n, _ := e.s.SweepFreeCharges(ctx); n != 0 {
			t.Fatal("collected twice")
		}
	})
}

// A service bought during the free days (kept as the reserved service
// while the free days run) is the paid charge: the line starts it at
// their end and stays in operation.
func TestServiceBoughtDuringTheFreeDaysKeepsTheLine(t *testing.T) {
	engines(t, func(t *testing.T, e *env) {
		ctx := context.Background()
		month := e.plan(t, PlanService, "یک ماهه", 215_000, 30, 5*1024)
		sub := e.give(t, e.subscriber(t), month)
		e.clock.Set(sub.EndsAt)
		if err := e.s.ApplyFreeCharge(ctx, sub.CustomerID); err != nil {
			t.Fatal(err)
		}
		o, err := e.s.Order(ctx, sub.CustomerID, "service", month.ID)
		if err != nil {
			t.Fatal(err)
		}
		e.fulfil(t, o)
		r := e.reload(t, sub)
		if r.Reserved == nil {
			t.Fatal("not reserved")
		}
		e.clock.Set(r.FreeUntil)
		if n, err := e.s.SweepFreeCharges(ctx); n != 0 || err != nil {
			t.Fatalf("sweep %d %v", n, err)
		}
		r = e.reload(t, sub)
		if r.LineStatus != LineOperating || r.Reserved != nil || !r.EndsAt.Equal(e.clock.Now().AddDate(0, 0, 30)) {
			t.Fatalf("line %s reserved %v ends %v", r.LineStatus, r.Reserved, r.EndsAt)
		}
		ls, _ := e.s.LineStatuses(ctx, sub.ID)
		for _, l := range ls {
			if l.Status == LineCollection {
				t.Fatalf("went to the collection list: %+v", ls)
			}
		}
	})
}
