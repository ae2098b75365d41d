package isp

import (
	"context"
	"errors"
	"sync"
	"testing"
	"time"
)

func TestAuthorizeRules(t *testing.T) {
	engines(t, func(t *testing.T, e *env) {
		ctx := context.Background()
		month := e.plan(t, PlanService, "یک ماهه", 215_000, 30, 1)
		sub := e.subscriber(t)
		check := func(pw, want string) {
			t.Helper()
			a, err := e.s.Authorize(ctx, sub.Username, CheckPAP(pw))
			if err != nil {
				t.Fatal(err)
			}
			if (want == "" && !a.OK) || (want != "" && (a.OK || a.Reason != want)) {
				t.Fatalf("authorize: %+v, want %q", a, want)
			}
		}
		check("modem-pass1", RejectExpired) // never had a service
		sub = e.give(t, sub, month)
		check("wrong", RejectPassword)
		check("modem-pass1", "")
		e.clock.Set(sub.EndsAt.Add(-time.Second))
		check("modem-pass1", "")
		e.clock.Set(sub.EndsAt)
		check("modem-pass1", RejectExpired)
		e.clock.Set(sub.StartsAt)
		e.s.Account(ctx, Accounting{Username: sub.Username, NAS: "n", SessionID: "s1", Status: AcctStop, Output: 5 * MB})
		check("modem-pass1", RejectNoTraffic)
		if err := e.s.SetLineStatus(ctx, sub.ID, LineSuspended, "test", nil); err != nil {
			t.Fatal(err)
		}
		check("modem-pass1", RejectSuspended)
	})
}

func TestAccountingCountsOnceAndInTheRightDirection(t *testing.T) {
	engines(t, func(t *testing.T, e *env) {
		ctx := context.Background()
		month := e.plan(t, PlanService, "یک ماهه", 215_000, 30, 100)
		timed := e.plan(t, PlanTimed, "زماندار", 1000, 1, 10)
		sub := e.give(t, e.subscriber(t), month)
		o, _ := e.s.Order(ctx, sub.CustomerID, "timed", timed.ID)
		e.fulfil(t, o)
		acct := func(status int, in, out int64) int64 {
			t.Helper()
			d, err := e.s.Account(ctx, Accounting{Username: sub.Username, NAS: "10.0.0.1", SessionID: "S-1", Status: status, Input: in, Output: out, IP: "10.1.1.5"})
			if err != nil {
				t.Fatal(err)
			}
			return d
		}
		acct(AcctStart, 0, 0)
		if d := acct(AcctInterim, 3*MB, 15*MB); d != 15*MB {
			t.Fatalf("interim deducted %d", d)
		}
		if d := acct(AcctInterim, 3*MB, 15*MB); d != 0 {
			t.Fatalf("repeated interim deducted %d", d)
		}
		if d := acct(AcctStop, 4*MB, 20*MB); d != 5*MB {
			t.Fatalf("stop deducted %d", d)
		}
		if d := acct(AcctStop, 4*MB, 20*MB); d != 0 {
			t.Fatalf("duplicate stop deducted %d", d)
		}
		r := e.reload(t, sub)
		// 10 MB of timed traffic went first, then 10 of the 100.
		if r.TimedLeft != 0 || r.TrafficLeft != 90*MB {
			t.Fatalf("timed %d traffic %d", r.TimedLeft, r.TrafficLeft)
		}
		rows, tot, err := e.s.Usage(ctx, UsageFilter{SubscriberID: sub.ID, From: e.clock.Now().Add(-time.Hour), To: e.clock.Now().Add(time.Hour)})
		if err != nil || len(rows) != 1 {
			t.Fatalf("usage %v %v", rows, err)
		}
		if rows[0].Download != 20*MB || rows[0].Upload != 4*MB || rows[0].EndedAt.IsZero() || tot.Deducted != 20*MB || tot.Total() != 24*MB {
			t.Fatalf("row %+v totals %+v", rows[0], tot)
		}
		if on, _ := e.s.Online(ctx, sub.ID); on {
			t.Fatal("online after stop")
		}
		acct2 := Accounting{Username: sub.Username, NAS: "10.0.0.1", SessionID: "S-2", Status: AcctStart}
		e.s.Account(ctx, acct2)
		if on, _ := e.s.Online(ctx, sub.ID); !on {
			t.Fatal("not online after start")
		}
		e.clock.Advance(16 * time.Minute)
		if on, _ := e.s.Online(ctx, sub.ID); on {
			t.Fatal("online with no packet for 16 minutes")
		}
		if _, tot, _ := e.s.Usage(ctx, UsageFilter{SubscriberID: sub.ID, From: e.clock.Now().Add(-time.Hour), To: e.clock.Now(), Search: "10.1.1"}); tot.Count != 1 {
			t.Fatalf("search found %d", tot.Count)
		}
	})
}

func TestNoticesAtTheirDays(t *testing.T) {
	engines(t, func(t *testing.T, e *env) {
		ctx := context.Background()
		month := e.plan(t, PlanService, "یک ماهه", 215_000, 30, 100)
		sub := e.subscriber(t)
		e.clock.Set(at(1394, 10, 19, 10, 30))
		sub = e.give(t, sub, month) // ends 1394/11/19 10:30 (30 days)
		mobile := func(ctx context.Context, id int64) (string, string, error) {
			c, err := e.ids.Customer(ctx, id)
			return c.Mobile, c.FullName(), err
		}
		count := func() int {
			var n int
			e.d.QueryRow(ctx, "SELECT COUNT(*) FROM isp_notices WHERE subscriber_id = $1", sub.ID).Scan(&n)
			return n
		}
		e.clock.Set(at(1394, 11, 16, 23, 59))
		e.s.SendNotices(ctx, mobile)
		if count() != 0 {
			t.Fatal("notice 3 days before")
		}
		e.clock.Set(at(1394, 11, 17, 0, 0))
		if n, err := e.s.SendNotices(ctx, mobile); n != 1 {
			t.Fatalf("2-day notice: %d %v", n, err)
		}
		e.s.SendNotices(ctx, mobile)
		if count() != 1 {
			t.Fatal("2-day notice repeated")
		}
		e.clock.Set(at(1394, 11, 18, 23, 59))
		e.s.SendNotices(ctx, mobile)
		if count() != 1 {
			t.Fatal("end-day notice a day early")
		}
		e.clock.Set(at(1394, 11, 19, 0, 0))
		if n, _ := e.s.SendNotices(ctx, mobile); n != 1 {
			t.Fatalf("end-day notice: %d", n)
		}
		var reasons []string
		rows, _ := e.d.Query(ctx, "SELECT reason FROM sms_outbox ORDER BY id")
		for rows.Next() {
			var r string
			rows.Scan(&r)
			reasons = append(reasons, r)
		}
		rows.Close()
		if len(reasons) != 2 || reasons[0] != NoticeTwoDays || reasons[1] != NoticeEndDay {
			t.Fatalf("reasons %v", reasons)
		}
	})
}

func TestSweepBillsLastMonthAndChargesCampaigns(t *testing.T) {
	engines(t, func(t *testing.T, e *env) {
		ctx := context.Background()
		p := &Plan{Kind: PlanService, Name: "کمپین پس پرداخت", Price: 215_000, Days: 365, TrafficMB: 5120, Postpaid: true, Active: true}
		if err := e.s.SavePlan(ctx, p); err != nil {
			t.Fatal(err)
		}
		sub := e.give(t, e.subscriber(t), p)
		e.clock.Set(at(1395, 1, 1, 0, 30))
		contact := func(context.Context, int64) (string, string, error) { return "", "", nil }
		for range 2 {
			if err := e.s.Sweep(ctx, contact); err != nil {
				t.Fatal(err)
			}
		}
		bills, _ := e.s.Bills(ctx, sub.ID)
		// Esfand 1394 has 29 days (1395 is the leap year): a whole month,
		// billed the monthly price for 30 days as the guide's table does.
		if len(bills) != 1 || bills[0].StartsOn != "1394/12/01" || bills[0].Days != 30 || bills[0].Amount != 215_000 {
			t.Fatalf("bills %+v", bills)
		}
		// The activation month's (Bahman 1394), then Farvardin 1395's.
		if cs, _ := e.s.CampaignCharges(ctx, sub.ID); len(cs) != 2 {
			t.Fatalf("campaign charges %d", len(cs))
		}
	})
}

func TestConcurrentDuplicatesCountOnce(t *testing.T) {
	engines(t, func(t *testing.T, e *env) {
		ctx := context.Background()
		month := e.plan(t, PlanService, "یک ماهه", 215_000, 30, 1000)
		sub := e.give(t, e.subscriber(t), month)
		var wg sync.WaitGroup
		errs := make(chan error, 16)
		for range 8 {
			wg.Add(2)
			go func() {
				defer wg.Done()
				_, err := e.s.Account(ctx, Accounting{Username: sub.Username, NAS: "nas", SessionID: "dup", Status: AcctStop, Input: MB, Output: 7 * MB})
				errs <- err
			}()
			go func() {
				defer wg.Done()
				errs <- e.s.ApplyFreeCharge(ctx, sub.CustomerID)
			}()
		}
		wg.Wait()
		close(errs)
		for err := range errs {
			if err != nil && !errors.Is(err, ErrFreeNotNeeded) && !errors.Is(err, ErrFreeUsed) {
				t.Fatal(err)
			}
		}
		if got := e.reload(t, sub).TrafficLeft; got != 993*MB {
			t.Fatalf("traffic left %d MB, want 993", got/MB)
		}
	})
}
