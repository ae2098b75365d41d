package isp

import (
	"context"
	"testing"

	"pishkhan/internal/identity"
)

// A post-paid line is billed from its activation: nothing for the months
// before it, the first month by the days it ran, whole months by the
// guide's table; and its first month's traffic is the plan's, not the
// plan's and the campaign's.
func TestPostpaidLineIsBilledFromItsActivation(t *testing.T) {
	engines(t, func(t *testing.T, e *env) {
		ctx := context.Background()
		p := &Plan{Kind: PlanService, Name: GuideCampaign, Price: 215_000, Days: 365, TrafficMB: 5120, Postpaid: true, Active: true}
		if err := e.s.SavePlan(ctx, p); err != nil {
			t.Fatal(err)
		}
		sub := e.subscriber(t)
		e.clock.Set(at(1394, 11, 25, 12, 0)) // Bahman has 30 days: 25th to 30th is 6
		e.give(t, sub, p)
		if r := e.reload(t, sub); r.TrafficLeft != 5120*MB {
			t.Fatalf("traffic at activation %d", r.TrafficLeft)
		}
		// The same month's campaign charge gives nothing more.
		if ok, err := e.s.ChargeCampaign(ctx, sub.ID); ok || err != nil {
			t.Fatalf("charged the activation month again: %v %v", ok, err)
		}
		if r := e.reload(t, sub); r.TrafficLeft != 5120*MB {
			t.Fatalf("traffic after this month's charge %d, want the plan's 5120 MB only", r.TrafficLeft)
		}
		for _, m := range []int{9, 10} {
			if b, err := e.s.BillMonth(ctx, sub.ID, 1394, m); b != nil || err != nil {
				t.Fatalf("billed 1394/%d before the activation: %+v %v", m, b, err)
			}
		}
		b, err := e.s.BillMonth(ctx, sub.ID, 1394, 11)
		if err != nil || b == nil || b.StartsOn != "1394/11/25" || b.EndsOn != "1394/11/30" || b.Days != 6 || b.Amount != 43_000 {
			t.Fatalf("first month %+v %v", b, err)
		}
		// Esfand 1394 has 29 days: a whole month, the monthly price.
		b, err = e.s.BillMonth(ctx, sub.ID, 1394, 12)
		if err != nil || b == nil || b.StartsOn != "1394/12/01" || b.EndsOn != "1394/12/29" || b.Days != 30 || b.Amount != 215_000 {
			t.Fatalf("Esfand %+v %v", b, err)
		}
		// Farvardin 1395, 31 days.
		b, _ = e.s.BillMonth(ctx, sub.ID, 1395, 1)
		if b == nil || b.Days != 31 || b.Amount != 222_166 {
			t.Fatalf("Farvardin %+v", b)
		}
		// Billing a month again changes nothing.
		e.s.BillMonth(ctx, sub.ID, 1394, 11)
		bills, _ := e.s.Bills(ctx, sub.ID)
		if len(bills) != 3 || bills[0].Amount != 43_000 {
			t.Fatalf("bills %+v", bills)
		}
		// The hourly job in Esfand bills Bahman (already billed) and gives
		// Esfand's traffic once.
		e.clock.Set(at(1394, 12, 1, 3, 20))
		if n, err := e.s.BillAndCharge(ctx); n != 1 || err != nil {
			t.Fatalf("job %d %v", n, err)
		}
		if n, _ := e.s.BillAndCharge(ctx); n != 0 {
			t.Fatal("job charged twice")
		}
		if r := e.reload(t, sub); r.TrafficLeft != 2*5120*MB {
			t.Fatalf("traffic after Esfand's charge %d", r.TrafficLeft)
		}
		if bills, _ := e.s.Bills(ctx, sub.ID); len(bills) != 3 {
			t.Fatalf("bills after the job %+v", bills)
		}
		// A year later the service has ended (1395/11/25): the month after
		// its end is not billed; its last month only to the day before.
		b, _ = e.s.BillMonth(ctx, sub.ID, 1395, 11)
		if b == nil || b.StartsOn != "1395/11/01" || b.EndsOn != "1395/11/24" || b.Days != 24 || b.Amount != 172_000 {
			t.Fatalf("last month %+v", b)
		}
		if b, _ := e.s.BillMonth(ctx, sub.ID, 1395, 12); b != nil {
			t.Fatalf("billed after the end %+v", b)
		}
	})
}

// The guide's «سابقه قبوض» rows of the demo line come from the rule: the
// old campaign's six months at 227,900 (Esfand 1393, 29 days, included,
// counted as 30 days), then the festival's 31-day months at 222,166 and
// 30-day months at 215,000.
func TestGuideBillsFollowTheTable(t *testing.T) {
	engines(t, func(t *testing.T, e *env) {
		ctx := context.Background()
		c, err := e.ids.CreateCustomer(ctx, identity.Actor{}, identity.NewCustomer{NationalCode: "4567891236", FirstName: "کمال", LastName: "نصیری"})
		if err != nil {
			t.Fatal(err)
		}
		sub, err := e.s.SeedGuideSubscriber(ctx, c.ID, "nasiri", "modem-pass1")
		if err != nil {
			t.Fatal(err)
		}
		bills, _ := e.s.Bills(ctx, sub.ID)
		if len(bills) != 16 {
			t.Fatalf("%d bills", len(bills))
		}
		for i, b := range bills {
			wantDays, wantAmount, service := 30, int64(227_900), GuideOldCampaign
			switch {
			case i >= 6 && i < 12:
				wantDays, wantAmount, service = 31, 222_166, GuideCampaign
			case i >= 12:
				wantAmount, service = 215_000, GuideCampaign
			}
			if b.Days != wantDays || b.Amount != wantAmount || b.Service != service {
				t.Errorf("row %d: %+v", i+1, b)
			}
		}
		if bills[5].StartsOn != "1393/12/01" || bills[5].EndsOn != "1393/12/29" || bills[5].Note != "اسفند ماه سال 1393" {
			t.Errorf("Esfand 1393: %+v", bills[5])
		}
	})
}
