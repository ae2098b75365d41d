package isp

import (
	"context"
	"errors"
	"testing"
	"time"

	"pishkhan/internal/db"
	"pishkhan/internal/fa"
	"pishkhan/internal/identity"
)

func TestGuideMoney(t *testing.T) {
	if got := RemainingValue(2_000_000, 365, 352); got != 1_928_767 {
		t.Fatalf("remaining value = %d, want 1,928,767", got)
	}
	if got := RemainingValue(2_000_000, 365, 365); got != 2_000_000 {
		t.Fatalf("a whole service is worth its price, got %d", got)
	}
	if got := RemainingValue(2_000_000, 365, 0); got != 0 {
		t.Fatalf("no days, no value: %d", got)
	}
	// The guide's table: a whole month of 29 or 30 days bills the monthly
	// price for 30 days (Esfand 1393, 29 days: 227,900), a 31-day month
	// price × 31 / 30.
	for _, c := range []struct {
		price    int64
		days     int
		wantDays int
		want     int64
	}{{215_000, 31, 31, 222_166}, {215_000, 30, 30, 215_000}, {215_000, 29, 30, 215_000}, {227_900, 29, 30, 227_900}, {227_900, 30, 30, 227_900}} {
		if days, got := MonthlyBill(c.price, c.days); got != c.want || days != c.wantDays {
			t.Errorf("bill of a %d-day month at %d = %d for %d days, want %d for %d", c.days, c.price, got, days, c.want, c.wantDays)
		}
	}
	if got := PartMonthBill(215_000, 6); got != 43_000 {
		t.Errorf("6 days of 215,000 = %d, want 43,000", got)
	}
}

func TestDaysLeftAsTheGuide(t *testing.T) {
	// «روز باقی مانده: 26 روز» on Sunday 1394/11/25 for a service ending
	// 1394/12/21 13:42.
	ends := at(1394, 12, 21, 13, 42)
	if got := DaysLeft(ends, at(1394, 11, 25, 9, 0)); got != 26 {
		t.Fatalf("days left = %d, want 26", got)
	}
	if got := DaysLeft(ends, at(1394, 12, 21, 13, 41)); got != 0 {
		t.Fatalf("last day: %d", got)
	}
	if got := DaysLeft(ends, ends); got != 0 {
		t.Fatalf("ended: %d", got)
	}
}

func TestChangeServiceOrderHasTheGuidesFigures(t *testing.T) {
	engines(t, func(t *testing.T, e *env) {
		ctx := context.Background()
		firooze := e.plan(t, PlanService, "فیروزه - اینترنت 2048 یکساله", 2_000_000, 365, 60*1024)
		zomorod := e.plan(t, PlanService, "زمرد - اینترنت 2048 یکساله 40 گیگ در ماه", 8_000_000, 365, 480*1024)
		sub := e.subscriber(t)
		e.clock.Advance(-13 * 24 * time.Hour)
		e.give(t, sub, firooze)
		e.clock.Advance(13 * 24 * time.Hour)
		cur, err := e.s.Current(ctx, sub.CustomerID)
		if err != nil {
			t.Fatal(err)
		}
		q := e.s.QuoteChange(cur)
		if q.DaysLeft != 352 || q.Paid != 2_000_000 || q.Remaining != 1_928_767 {
			t.Fatalf("quote = %+v", q)
		}
		o, err := e.s.Order(ctx, sub.CustomerID, "change", zomorod.ID)
		if err != nil {
			t.Fatal(err)
		}
		if o.Price != 8_000_000 || o.VAT != 720_000 || o.Subscription != 0 || o.Remaining != 1_928_767 || o.WalletUsed != 0 || o.Payable != 6_791_233 {
			t.Fatalf("order figures = %+v", o.Figures)
		}
		e.fulfil(t, o)
		after := e.reload(t, sub)
		if after.Plan.ID != zomorod.ID || after.Paid != 8_000_000 || after.TrafficLeft != 480*1024*MB || DaysLeft(after.EndsAt, e.clock.Now()) != 365 {
			t.Fatalf("after change: plan %v paid %d traffic %d", after.Plan.Name, after.Paid, after.TrafficLeft)
		}
		// A second delivery of the same order is refused by the unique
		// order_id: a payment is applied once.
		if err := e.d.InTx(ctx, func(tx *db.Tx) error { return e.s.Fulfiller()(ctx, tx, o) }); err == nil {
			t.Fatal("the same order applied twice")
		}
		ps, _ := e.s.Purchases(ctx, sub.ID)
		if len(ps) != 2 || ps[1].PurchaseType != BoughtOnline || ps[1].Note != "تغییر سرویس" {
			t.Fatalf("purchases = %+v", ps)
		}
	})
}

func TestChangeToACheaperServiceCreditsTheWallet(t *testing.T) {
	engines(t, func(t *testing.T, e *env) {
		ctx := context.Background()
		dear := e.plan(t, PlanService, "یکساله", 2_000_000, 365, 0)
		cheap := e.plan(t, PlanService, "عقیق یکساله", 1_400_000, 365, 50*1024)
		sub := e.subscriber(t)
		e.give(t, sub, dear) // 365 days left: worth 2,000,000
		o, err := e.s.Order(ctx, sub.CustomerID, "change", cheap.ID)
		if err != nil {
			t.Fatal(err)
		}
		// 1,400,000 + 126,000 VAT − 2,000,000 = −474,000: nothing to pay.
		if o.Payable != 0 || o.Surplus != 474_000 {
			t.Fatalf("figures = %+v", o.Figures)
		}
		if _, err := e.bill.CompleteWithoutPayment(ctx, sub.CustomerID, o.ID); err != nil {
			t.Fatal(err)
		}
		bal, _ := e.bill.Balance(ctx, sub.CustomerID)
		if bal != 474_000 {
			t.Fatalf("wallet = %d, want 474,000", bal)
		}
		if after := e.reload(t, sub); after.Plan.ID != cheap.ID {
			t.Fatalf("service not changed: %v", after.Plan.Name)
		}
	})
}

func TestBuyingDuringAServiceReservesIt(t *testing.T) {
	engines(t, func(t *testing.T, e *env) {
		ctx := context.Background()
		month := e.plan(t, PlanService, "استاندارد پیش پرداخت - یک ماهه سرعت 2048 کیلوبیت حجم 5 گیگ", 215_000, 30, 5*1024)
		sub := e.subscriber(t)
		e.give(t, sub, month)
		o, err := e.s.Order(ctx, sub.CustomerID, "service", month.ID)
		if err != nil {
			t.Fatal(err)
		}
		e.fulfil(t, o)
		r := e.reload(t, sub)
		if r.Reserved == nil || r.ReservedTraffic != 5*1024*MB {
			t.Fatalf("not reserved: %+v", r)
		}
		if _, err := e.s.Order(ctx, sub.CustomerID, "service", month.ID); !errors.Is(err, ErrReservedTaken) {
			t.Fatalf("second reserve: %v", err)
		}
		// One second before the end the first service runs; at the end the
		// reserved one starts.
		e.clock.Set(r.EndsAt.Add(-time.Second))
		cur, _ := e.s.Current(ctx, sub.CustomerID)
		if cur.Reserved == nil {
			t.Fatal("reserved started early")
		}
		e.clock.Set(r.EndsAt)
		cur, _ = e.s.Current(ctx, sub.CustomerID)
		if cur.Reserved != nil || cur.Plan == nil || !cur.EndsAt.Equal(r.EndsAt.AddDate(0, 0, 30)) {
			t.Fatalf("reserved not started: %+v", cur)
		}
	})
}

func TestTrafficTimedTrafficAndStaticIP(t *testing.T) {
	engines(t, func(t *testing.T, e *env) {
		ctx := context.Background()
		month := e.plan(t, PlanService, "یک ماهه", 215_000, 30, 5*1024)
		extra := e.plan(t, PlanTraffic, "5 گیگ ترافیک عمومی", 100_000, 0, 5*1024)
		timed := e.plan(t, PlanTimed, "ترافیک زماندار شبانه 3 روزه", 30_000, 3, 2*1024)
		sub := e.subscriber(t)
		if _, err := e.s.Order(ctx, sub.CustomerID, "traffic", extra.ID); !errors.Is(err, ErrNoActiveService) {
			t.Fatalf("traffic without service: %v", err)
		}
		e.give(t, sub, month)
		o, _ := e.s.Order(ctx, sub.CustomerID, "traffic", extra.ID)
		e.fulfil(t, o)
		o, _ = e.s.Order(ctx, sub.CustomerID, "timed", timed.ID)
		e.fulfil(t, o)
		r := e.reload(t, sub)
		if r.TrafficLeft != 10*1024*MB || r.TimedLeft != 2*1024*MB || !r.TimedUntil.Equal(e.clock.Now().AddDate(0, 0, 3)) {
			t.Fatalf("traffic %d timed %d until %v", r.TrafficLeft, r.TimedLeft, r.TimedUntil)
		}
		if _, err := e.s.Order(ctx, sub.CustomerID, "ip", 2); !errors.Is(err, ErrNoStaticIP) {
			t.Fatalf("ip without one: %v", err)
		}
		ipEnds := at(1394, 12, 16, 10, 0)
		if _, err := e.d.Exec(ctx, "UPDATE isp_subscribers SET static_ip = '85.9.70.25', ip_starts_at = $1, ip_ends_at = $2, ip_monthly = 50000 WHERE id = $3",
			at(1393, 11, 16, 10, 0), ipEnds, sub.ID); err != nil {
			t.Fatal(err)
		}
		if _, err := e.s.Order(ctx, sub.CustomerID, "ip", 5); !errors.Is(err, ErrMonths) {
			t.Fatalf("5 months: %v", err)
		}
		o, err := e.s.Order(ctx, sub.CustomerID, "ip", 2)
		if err != nil || o.Price != 100_000 {
			t.Fatalf("ip order %v %+v", err, o)
		}
		e.fulfil(t, o)
		if got := e.reload(t, sub).IPEndsAt; !got.Equal(at(1395, 2, 16, 10, 0)) {
			t.Fatalf("ip ends %v", got)
		}
	})
}

func TestFreeChargeOnceAndTheCollectionList(t *testing.T) {
	engines(t, func(t *testing.T, e *env) {
		ctx := context.Background()
		month := e.plan(t, PlanService, "یک ماهه", 215_000, 30, 5*1024)
		sub := e.subscriber(t)
		e.give(t, sub, month)
		if err := e.s.ApplyFreeCharge(ctx, sub.CustomerID); !errors.Is(err, ErrFreeNotNeeded) {
			t.Fatalf("free charge with days and traffic: %v", err)
		}
		r := e.reload(t, sub)
		e.clock.Set(r.EndsAt) // days run out (traffic remains)
		if err := e.s.ApplyFreeCharge(ctx, sub.CustomerID); err != nil {
			t.Fatal(err)
		}
		r = e.reload(t, sub)
		if !r.EndsAt.Equal(e.clock.Now().AddDate(0, 0, 2)) || r.TrafficLeft != 5*1024*MB {
			t.Fatalf("free charge: ends %v traffic %d", r.EndsAt, r.TrafficLeft)
		}
		if err := e.s.ApplyFreeCharge(ctx, sub.CustomerID); !errors.Is(err, ErrFreeUsed) {
			t.Fatalf("second free charge: %v", err)
		}
		// One second before the 2 days end, the line still operates.
		e.clock.Set(r.FreeUntil.Add(-time.Second))
		if n, err := e.s.SweepFreeCharges(ctx); err != nil || n != 0 {
			t.Fatalf("sweep early: %d %v", n, err)
		}
		e.clock.Set(r.FreeUntil)
		if n, err := e.s.SweepFreeCharges(ctx); err != nil || n != 1 {
			t.Fatalf("sweep: %d %v", n, err)
		}
		ls, _ := e.s.LineStatuses(ctx, sub.ID)
		if last := ls[len(ls)-1]; last.Status != LineCollection {
			t.Fatalf("line status %+v", last)
		}
		// A real charge brings the line back and allows a free charge again.
		o, _ := e.s.Order(ctx, sub.CustomerID, "service", month.ID)
		e.fulfil(t, o)
		r = e.reload(t, sub)
		if r.LineStatus != LineOperating || !r.FreeAt.IsZero() {
			t.Fatalf("after purchase: %s %v", r.LineStatus, r.FreeAt)
		}
	})
}

func TestFreeChargeWhenTrafficRunsOut(t *testing.T) {
	engines(t, func(t *testing.T, e *env) {
		ctx := context.Background()
		if err := e.s.SetFreeCharge(ctx, FreeCharge{Days: 2, MB: 100}); err != nil {
			t.Fatal(err)
		}
		month := e.plan(t, PlanService, "یک ماهه", 215_000, 30, 1)
		sub := e.subscriber(t)
		sub = e.give(t, sub, month)
		if _, err := e.s.Account(ctx, Accounting{Username: sub.Username, NAS: "nas1", SessionID: "a", Status: AcctStop, Output: 2 * MB}); err != nil {
			t.Fatal(err)
		}
		if err := e.s.ApplyFreeCharge(ctx, sub.CustomerID); err != nil {
			t.Fatal(err)
		}
		r := e.reload(t, sub)
		if r.TimedActive(e.clock.Now()) != 100*MB || !r.EndsAt.Equal(sub.EndsAt) {
			t.Fatalf("free traffic %d ends %v", r.TimedActive(e.clock.Now()), r.EndsAt)
		}
	})
}

func TestInternetPassword(t *testing.T) {
	engines(t, func(t *testing.T, e *env) {
		ctx := context.Background()
		sub := e.subscriber(t)
		if pw, err := e.s.InternetPassword(ctx, sub.ID); err != nil || pw != "modem-pass1" {
			t.Fatalf("reveal %q %v", pw, err)
		}
		for _, c := range []struct {
			old, nw, rep string
			want         error
		}{
			{"wrong-pass", "new-pass-1", "new-pass-1", ErrWrongOldPassword},
			{"modem-pass1", "new-pass-1", "new-pass-2", ErrPasswordRepeat},
			{"modem-pass1", "short", "short", ErrPasswordFormat},
			{"modem-pass1", "رمزفارسی۱۲۳", "رمزفارسی۱۲۳", ErrPasswordFormat},
			{"modem-pass1", "modem-pass1", "modem-pass1", ErrPasswordSame},
			{"modem-pass1", "new-pass-1", "new-pass-1", nil},
		} {
			if err := e.s.ChangeInternetPassword(ctx, sub.ID, c.old, c.nw, c.rep); !errors.Is(err, c.want) {
				t.Fatalf("%+v: %v", c, err)
			}
		}
		if pw, _ := e.s.InternetPassword(ctx, sub.ID); pw != "new-pass-1" {
			t.Fatalf("after change %q", pw)
		}
		var sealed []byte
		e.d.QueryRow(ctx, "SELECT password_enc FROM isp_subscribers WHERE id = $1", sub.ID).Scan(&sealed)
		if string(sealed) == "new-pass-1" || len(sealed) < 20 {
			t.Fatal("password stored in clear")
		}
	})
}

func TestBillsAndCampaignCharges(t *testing.T) {
	engines(t, func(t *testing.T, e *env) {
		ctx := context.Background()
		p := &Plan{Kind: PlanService, Name: "جشنواره بهار تا بهار 2مگ ماهیانه 5 گیگ-پس پرداخت", Price: 215_000, Days: 365, TrafficMB: 5120, Postpaid: true, Active: true}
		if err := e.s.SavePlan(ctx, p); err != nil {
			t.Fatal(err)
		}
		sub := e.subscriber(t)
		now := e.clock.Now()
		e.clock.Set(at(1393, 12, 1, 9, 0)) // activated before the months billed
		e.give(t, sub, p)
		e.clock.Set(now)
		b1, _ := e.s.BillMonth(ctx, sub.ID, 1394, 1)
		b7, _ := e.s.BillMonth(ctx, sub.ID, 1394, 7)
		if b1.Amount != 222_166 || b1.Days != 31 || b1.EndsOn != "1394/01/31" || b1.Note != "فروردین ماه سال 1394" {
			t.Fatalf("farvardin bill %+v", b1)
		}
		if b7.Amount != 215_000 || b7.Days != 30 {
			t.Fatalf("mehr bill %+v", b7)
		}
		e.s.BillMonth(ctx, sub.ID, 1394, 1)
		if bills, _ := e.s.Bills(ctx, sub.ID); len(bills) != 2 {
			t.Fatalf("bills %d", len(bills))
		}
		before := e.reload(t, sub).TrafficLeft
		if ok, err := e.s.ChargeCampaign(ctx, sub.ID); !ok || err != nil {
			t.Fatalf("charge %v %v", ok, err)
		}
		if ok, _ := e.s.ChargeCampaign(ctx, sub.ID); ok {
			t.Fatal("charged twice in a month")
		}
		if got := e.reload(t, sub).TrafficLeft; got != before+5120*MB {
			t.Fatalf("traffic %d", got)
		}
		cs, _ := e.s.CampaignCharges(ctx, sub.ID)
		// The activation month's row, then this month's.
		if len(cs) != 2 || cs[1].TrafficMB != 5120 || cs[1].Result != "شارژ با موفقیت اعمال شده" {
			t.Fatalf("charges %+v", cs)
		}
	})
}

func TestGuideSubscriberHasTheGuidesFigures(t *testing.T) {
	engines(t, func(t *testing.T, e *env) {
		ctx := context.Background()
		c := e.subscriber(t) // another line, so IDs differ from 1
		_ = c
		cust, err := e.ids.CreateCustomer(ctx, identity.Actor{}, identity.NewCustomer{NationalCode: "4567891236", FirstName: "کمال", LastName: "نصیری"})
		if err != nil {
			t.Fatal(err)
		}
		sub, err := e.s.SeedGuideSubscriber(ctx, cust.ID, "nasiri", "modem-pass1")
		if err != nil {
			t.Fatal(err)
		}
		now := e.clock.Now()
		if DaysLeft(sub.EndsAt, now) != 26 || GB(sub.TrafficLeft) != "۴.۲۴ گیگابایت" || sub.Plan.Name != GuideStandard {
			t.Fatalf("box: %d days, %s, %s", DaysLeft(sub.EndsAt, now), GB(sub.TrafficLeft), sub.Plan.Name)
		}
		y := fa.JalaliOf(now.AddDate(0, 0, -1)).Time(fa.Tehran)
		tot, err := e.s.UsageTotals(ctx, UsageFilter{SubscriberID: sub.ID, From: y, To: y.AddDate(0, 0, 1)})
		if err != nil || tot.Count != 25 || MBs(tot.Download) != "۲۴۳.۶۳" || MBs(tot.Upload) != "۵۳.۳۹" || MBs(tot.Total()) != "۲۹۷.۰۲" {
			t.Fatalf("totals %+v %v", tot, err)
		}
		bills, _ := e.s.Bills(ctx, sub.ID)
		if len(bills) != 16 || bills[6].Amount != 222_166 || bills[6].Days != 31 || bills[12].Amount != 215_000 || bills[0].Amount != 227_900 {
			t.Fatalf("bills %+v", bills)
		}
		ls, _ := e.s.LineStatuses(ctx, sub.ID)
		ps, _ := e.s.Purchases(ctx, sub.ID)
		cs, _ := e.s.CampaignCharges(ctx, sub.ID)
		if len(ls) != 13 || len(ps) != 8 || len(cs) != 10 || ps[1].PurchaseType != BoughtByAgent {
			t.Fatalf("histories %d %d %d", len(ls), len(ps), len(cs))
		}
		again, err := e.s.SeedGuideSubscriber(ctx, cust.ID, "nasiri", "modem-pass1")
		if err != nil || again.ID != sub.ID {
			t.Fatalf("seeding twice: %v", err)
		}
	})
}
