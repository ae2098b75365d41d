package isp

import (
	"context"
	"fmt"
	"math"
	"time"

	"pishkhan/internal/db"
	"pishkhan/internal/fa"
)

// The guide's figures (seed 004), for the demo and the tests: its plans,
// and a subscriber with its home box, histories and usage rows.

// GuideOldCampaignPrice is the monthly price of the campaign of the
// guide's first six bills (1393/07–12), GuideOldCampaign.
const GuideOldCampaignPrice int64 = 227_900

// guidePlans are the services of the guide's «خرید سرویس» list (prices
// are not in the guide except where noted, so they are made up in
// proportion), its change-service plans (prices from the guide), and
// traffic packages from its purchase history.
var guidePlans = []Plan{
	{Kind: PlanService, Name: GuideStandard, Price: 250_000, Days: 30, TrafficMB: 5 * 1024, SpeedKbps: 2048},
	{Kind: PlanService, Name: guideStandard128, Price: 90_000, Days: 30, TrafficMB: 3 * 1024, SpeedKbps: 128},
	{Kind: PlanService, Name: guideMonth256x3, Price: 110_000, Days: 30, TrafficMB: 3 * 1024, SpeedKbps: 256},
	{Kind: PlanService, Name: guideMonth512x5, Price: 160_000, Days: 30, TrafficMB: 5 * 1024, SpeedKbps: 512},
	{Kind: PlanService, Name: guideMonth1024x5, Price: 200_000, Days: 30, TrafficMB: 5 * 1024, SpeedKbps: 1024},
	{Kind: PlanService, Name: guideMonth1024x8, Price: 260_000, Days: 30, TrafficMB: 8 * 1024, SpeedKbps: 1024},
	{Kind: PlanService, Name: guideMonth2048x8, Price: 320_000, Days: 30, TrafficMB: 8 * 1024, SpeedKbps: 2048},
	{Kind: PlanService, Name: guideMonth2048x50, Price: 900_000, Days: 30, TrafficMB: 50 * 1024, SpeedKbps: 2048},
	{Kind: PlanService, Name: guideMonth2048x100, Price: 1_500_000, Days: 30, TrafficMB: 100 * 1024, SpeedKbps: 2048},
	{Kind: PlanService, Name: guideMonth2048, Price: 1_800_000, Days: 30, TrafficMB: 0, SpeedKbps: 2048},
	{Kind: PlanService, Name: guideQuarter1024x9, Price: 540_000, Days: 90, TrafficMB: 9 * 1024, SpeedKbps: 1024},
	{Kind: PlanService, Name: GuideFirooze, Description: guideFiroozeAbout, Price: 2_000_000, Days: 365, TrafficMB: 60 * 1024, SpeedKbps: 2048},
	{Kind: PlanService, Name: GuideAghigh, Description: guideAghighAbout, Price: 1_400_000, Days: 365, TrafficMB: 50 * 1024, SpeedKbps: 1024},
	{Kind: PlanService, Name: GuideZomorod, Description: guideZomorodAbout, Price: 8_000_000, Days: 365, TrafficMB: 480 * 1024, SpeedKbps: 2048},
	{Kind: PlanService, Name: GuideCampaign, Price: 215_000, Days: 365, TrafficMB: 5 * 1024, SpeedKbps: 2048, Postpaid: true},
	{Kind: PlanTraffic, Name: guideTraffic5, Price: 150_000, TrafficMB: 5 * 1024},
	{Kind: PlanTraffic, Name: guideTraffic1Plus, Price: 35_000, TrafficMB: 1126},
	{Kind: PlanTraffic, Name: guideTraffic5Plus, Price: 150_000, TrafficMB: 5632},
	{Kind: PlanTimed, Name: guideTimedWeek, Price: 70_000, Days: 7, TrafficMB: 4 * 1024},
	{Kind: PlanTimed, Name: guideTimed3Days, Price: 20_000, Days: 3, TrafficMB: 1024},
}

// SeedGuidePlans adds the guide's plans unless plans exist already.
func (s *Service) SeedGuidePlans(ctx context.Context) error {
	var n int
	if err := s.db.QueryRow(ctx, "SELECT COUNT(*) FROM isp_plans").Scan(&n); err != nil || n > 0 {
		return err
	}
	for i, p := range guidePlans {
		p.Active, p.Position = true, i
		if err := s.SavePlan(ctx, &p); err != nil {
			return fmt.Errorf("isp: guide plan %q: %w", p.Name, err)
		}
	}
	return nil
}

func (s *Service) planNamed(ctx context.Context, q db.Querier, name string) (*Plan, error) {
	return scanPlan(q.QueryRow(ctx, "SELECT "+planColumns+" FROM isp_plans WHERE name = $1 ORDER BY id LIMIT 1", name))
}

// jtime is a Tehran wall-clock time on a Jalali day.
func jtime(y, m, d, hh, mm int) time.Time {
	return fa.Date{Year: y, Month: m, Day: d}.Time(fa.Tehran).Add(time.Duration(hh)*time.Hour + time.Duration(mm)*time.Minute)
}

// onDay is a Tehran wall-clock time on the Tehran day of t plus days.
func onDay(t time.Time, days, hh, mm int) time.Time {
	d := fa.JalaliOf(t)
	return d.Time(fa.Tehran).AddDate(0, 0, days).Add(time.Duration(hh)*time.Hour + time.Duration(mm)*time.Minute)
}

func mbBytes(mb float64) int64 { return int64(math.Round(mb * float64(MB))) }

// GuideUsage are the ten rows of the guide's «ریز مصرف» table (start,
// end as minutes into the day, received MB, sent MB).
var GuideUsage = []struct {
	From, To [2]int
	Down, Up float64
}{
	{[2]int{0, 43}, [2]int{2, 26}, 23.27, 11.08},
	{[2]int{2, 27}, [2]int{4, 14}, 0.1, 0.1},
	{[2]int{4, 14}, [2]int{5, 0}, 0.15, 0.07},
	{[2]int{5, 2}, [2]int{5, 10}, 0, 0},
	{[2]int{5, 10}, [2]int{6, 1}, 0.04, 0.04},
	{[2]int{6, 2}, [2]int{7, 47}, 0.16, 0.15},
	{[2]int{7, 47}, [2]int{7, 49}, 0, 0},
	{[2]int{7, 50}, [2]int{7, 55}, 0, 0},
	{[2]int{7, 56}, [2]int{7, 56}, 0, 0},
	{[2]int{7, 58}, [2]int{8, 16}, 0.14, 0.02},
}

// Guide totals under the usage table: received and sent MB.
const (
	GuideReceivedMB = 243.63
	GuideSentMB     = 53.39
)

// SeedGuideSubscriber gives a customer the guide's line: the home box
// (the standard monthly service with 26 days and 4.24 GB left, centre
// «دانشگاه», no reserved service), its line status history, service
// history, bills and campaign charges (the guide's own dates), and a
// day of usage yesterday: the guide's ten rows plus fifteen more that
// bring the day to the guide's totals (243.63 MB received, 53.39 sent).
// It does nothing when the customer has a line already.
func (s *Service) SeedGuideSubscriber(ctx context.Context, customerID int64, username, password string) (*Subscriber, error) {
	if sub, err := s.SubscriberOf(ctx, customerID); err == nil {
		return sub, nil
	}
	if err := s.SeedGuidePlans(ctx); err != nil {
		return nil, err
	}
	now := s.now()
	var out *Subscriber
	err := s.db.InTx(ctx, func(tx *db.Tx) error {
		sub, err := s.createSubscriber(ctx, tx, NewSubscriber{CustomerID: customerID, Phone: "1132455123", City: guideCity, Centre: guideCentre,
			Username: username, Password: password, Note: ""})
		if err != nil {
			return err
		}
		std, err := s.planNamed(ctx, tx, GuideStandard)
		if err != nil {
			return err
		}
		campaign, err := s.planNamed(ctx, tx, GuideCampaign)
		if err != nil {
			return err
		}
		// Started 4 days ago at 14:09, ends in 26 days at 13:42 (the
		// guide: 1394/11/21 14:09 to 1394/12/21 13:42, seen on 11/25).
		starts, ends := onDay(now, -4, 14, 9), onDay(now, 26, 13, 42)
		if _, err := tx.Exec(ctx, `UPDATE isp_subscribers SET plan_id = $1, paid = $2, starts_at = $3, ends_at = $4, traffic_left = $5,
			static_ip = '85.9.70.25', ip_starts_at = $6, ip_ends_at = $7, ip_monthly = 50000 WHERE id = $8`,
			std.ID, std.Price, starts, ends, int64(math.Round(4.24*(1<<30))), jtime(1393, 11, 16, 10, 0), onDay(now, -8, 10, 0), sub.ID); err != nil {
			return err
		}
		// «سابقه وضعیت خط تلفن»: the guide's thirteen rows after the first.
		if _, err := tx.Exec(ctx, "UPDATE isp_line_statuses SET at = $1 WHERE subscriber_id = $2", jtime(1394, 7, 27, 9, 0), sub.ID); err != nil {
			return err
		}
		for i, d := range [][3]int{{1394, 8, 19}, {1394, 8, 19}, {1394, 9, 18}, {1394, 9, 18}, {1394, 9, 18}, {1394, 9, 18}, {1394, 10, 19}, {1394, 10, 19}, {1394, 10, 19}, {1394, 10, 19}, {1394, 11, 20}, {1394, 11, 21}} {
			st := LineCollection
			if i%2 == 1 {
				st = LineOperating
			}
			if err := addLineStatus(ctx, tx, sub.ID, st, "", jtime(d[0], d[1], d[2], 9, i)); err != nil {
				return err
			}
		}
		// «سابقه سرویس های خریداری شده».
		for _, r := range []struct {
			d    [3]int
			name string
			typ  string
			note string
		}{
			{[3]int{1394, 7, 18}, GuideStandard, BoughtByAdmin, guideConvertNote},
			{[3]int{1394, 8, 19}, GuideStandard, BoughtByAgent, ""},
			{[3]int{1394, 9, 5}, guideTraffic5, BoughtOnline, ""},
			{[3]int{1394, 9, 15}, guideTraffic1Plus, BoughtOnline, ""},
			{[3]int{1394, 9, 18}, GuideStandard, BoughtOnline, ""},
			{[3]int{1394, 10, 1}, guideTraffic5Plus, BoughtOnline, ""},
			{[3]int{1394, 10, 19}, GuideStandard, BoughtOnline, ""},
			{[3]int{1394, 11, 21}, GuideStandard, BoughtOnline, ""},
		} {
			if _, err := tx.Exec(ctx, `INSERT INTO isp_purchases (subscriber_id, name, kind, purchase_type, note, at) VALUES ($1, $2, 'service', $3, $4, $5)`,
				sub.ID, r.name, r.typ, r.note, jtime(r.d[0], r.d[1], r.d[2], 12, 0)); err != nil {
				return err
			}
		}
		// «سابقه قبوض»: 1393/07–12 on the old campaign (227,900 a month),
		// then 1394/01–10 on the festival plan, each a whole month billed
		// by the guide's table (money.go): Esfand 1393, 29 days, bills
		// 227,900 for 30 days; a 31-day month 215,000 × 31 / 30 = 222,166.
		for _, m := range []struct {
			year, from, to int
			service        string
			price          int64
		}{{1393, 7, 12, GuideOldCampaign, GuideOldCampaignPrice}, {1394, 1, 10, campaign.Name, campaign.Price}} {
			for month := m.from; month <= m.to; month++ {
				first, last := fa.Date{Year: m.year, Month: month, Day: 1}, fa.Date{Year: m.year, Month: month, Day: fa.DaysInMonth(m.year, month)}
				if _, err := s.addBill(ctx, tx, sub.ID, m.service, m.price, first, last); err != nil {
					return err
				}
			}
		}
		// «شارژ کمپین ها»: the guide's ten rows.
		for _, c := range [][5]int{{1393, 5, 19, 3, 20}, {1393, 6, 19, 3, 20}, {1393, 7, 20, 14, 33}, {1393, 8, 19, 3, 20}, {1393, 9, 19, 3, 20},
			{1393, 10, 5, 13, 43}, {1393, 10, 30, 12, 1}, {1393, 12, 2, 12, 3}, {1393, 12, 19, 3, 20}, {1394, 1, 1, 1, 16}} {
			if _, err := tx.Exec(ctx, `INSERT INTO isp_campaign_charges (subscriber_id, at, service, traffic_mb, result) VALUES ($1, $2, $3, 5120, $4)`,
				sub.ID, jtime(c[0], c[1], c[2], c[3], c[4]), guideCampaignService, msgCampaignCharged); err != nil {
				return err
			}
		}
		// Yesterday's usage.
		var down, up int64
		add := func(i int, from, to time.Time, d, u int64) error {
			down, up = down+d, up+u
			_, err := tx.Exec(ctx, `INSERT INTO isp_usage (subscriber_id, nas, session_id, started_at, ended_at, updated_at, download, upload, deducted, ip)
				VALUES ($1, 'guide', $2, $3, $4, $4, $5, $6, $5, '')`, sub.ID, fmt.Sprintf("guide-%d-%d", sub.ID, i), from, to, d, u)
			return err
		}
		for i, r := range GuideUsage {
			if err := add(i, onDay(now, -1, r.From[0], r.From[1]), onDay(now, -1, r.To[0], r.To[1]), mbBytes(r.Down), mbBytes(r.Up)); err != nil {
				return err
			}
		}
		restDown, restUp := mbBytes(GuideReceivedMB)-down, mbBytes(GuideSentMB)-up
		for i := 0; i < 15; i++ {
			d, u := restDown/15, restUp/15
			if i == 14 {
				d, u = mbBytes(GuideReceivedMB)-down, mbBytes(GuideSentMB)-up
			}
			from := onDay(now, -1, 8, 20).Add(time.Duration(i) * 50 * time.Minute)
			if err := add(10+i, from, from.Add(45*time.Minute), d, u); err != nil {
				return err
			}
		}
		out, err = loadSubscriber(ctx, tx, "s.id = $1", sub.ID, false)
		return err
	})
	return out, err
}

// SeedChangeExample gives a customer the guide's change-service example:
// «فیروزه» bought for 2,000,000 rials 13 days ago (352 days left), worth
// 1,928,767 rials, so that changing to «زمرد» (8,000,000) comes to
// 6,791,233 payable.
func (s *Service) SeedChangeExample(ctx context.Context, customerID int64, username, password string) (*Subscriber, error) {
	if sub, err := s.SubscriberOf(ctx, customerID); err == nil {
		return sub, nil
	}
	if err := s.SeedGuidePlans(ctx); err != nil {
		return nil, err
	}
	var out *Subscriber
	err := s.db.InTx(ctx, func(tx *db.Tx) error {
		sub, err := s.createSubscriber(ctx, tx, NewSubscriber{CustomerID: customerID, Phone: "32239700", City: exampleCity, Centre: exampleCentre,
			Username: username, Password: password})
		if err != nil {
			return err
		}
		p, err := s.planNamed(ctx, tx, GuideFirooze)
		if err != nil {
			return err
		}
		starts := s.now().AddDate(0, 0, -13)
		if _, err := tx.Exec(ctx, "UPDATE isp_subscribers SET plan_id = $1, paid = $2, starts_at = $3, ends_at = $4, traffic_left = $5 WHERE id = $6",
			p.ID, p.Price, starts, starts.AddDate(0, 0, p.Days), p.TrafficMB*MB, sub.ID); err != nil {
			return err
		}
		if _, err := tx.Exec(ctx, `INSERT INTO isp_purchases (subscriber_id, plan_id, name, kind, purchase_type, amount, at) VALUES ($1, $2, $3, 'service', $4, $5, $6)`,
			sub.ID, p.ID, p.Name, BoughtOnline, p.Price, starts); err != nil {
			return err
		}
		out, err = loadSubscriber(ctx, tx, "s.id = $1", sub.ID, false)
		return err
	})
	return out, err
}
