package isp

import (
	"context"
	"errors"
	"fmt"
	"time"

	"pishkhan/internal/db"
	"pishkhan/internal/fa"
	"pishkhan/internal/notify"
)

// Purchases is «سابقه سرویس های خریداری شده», oldest first as the guide.
func (s *Service) Purchases(ctx context.Context, subscriberID int64) ([]Purchase, error) {
	return db.All(ctx, s.db, func(r db.Scanner) (Purchase, error) {
		var p Purchase
		return p, r.Scan(&p.ID, &p.Name, &p.Kind, &p.PurchaseType, &p.Amount, &p.Note, &p.At)
	}, "SELECT id, name, kind, purchase_type, amount, note, at FROM isp_purchases WHERE subscriber_id = $1 ORDER BY at, id", subscriberID)
}

// Bills is «سابقه قبوض محاسبه شده برای شما».
func (s *Service) Bills(ctx context.Context, subscriberID int64) ([]Bill, error) {
	return db.All(ctx, s.db, func(r db.Scanner) (Bill, error) {
		var b Bill
		return b, r.Scan(&b.ID, &b.StartsOn, &b.EndsOn, &b.Service, &b.Days, &b.Amount, &b.Note)
	}, "SELECT id, starts_on, ends_on, service, days, amount, note FROM isp_bills WHERE subscriber_id = $1 ORDER BY starts_on", subscriberID)
}

// CampaignCharges is «شارژ کمپین ها».
func (s *Service) CampaignCharges(ctx context.Context, subscriberID int64) ([]CampaignCharge, error) {
	return db.All(ctx, s.db, func(r db.Scanner) (CampaignCharge, error) {
		var c CampaignCharge
		return c, r.Scan(&c.ID, &c.At, &c.Service, &c.TrafficMB, &c.Result)
	}, "SELECT id, at, service, traffic_mb, result FROM isp_campaign_charges WHERE subscriber_id = $1 ORDER BY at, id", subscriberID)
}

// LineStatuses is «سابقه وضعیت خط تلفن», oldest first.
func (s *Service) LineStatuses(ctx context.Context, subscriberID int64) ([]LineStatus, error) {
	return db.All(ctx, s.db, func(r db.Scanner) (LineStatus, error) {
		var l LineStatus
		return l, r.Scan(&l.ID, &l.Status, &l.Note, &l.At)
	}, "SELECT id, status, note, at FROM isp_line_statuses WHERE subscriber_id = $1 ORDER BY at, id", subscriberID)
}

// BillMonth bills a post-paid line for one Jalali month, once (a line
// has one bill per month): the whole month by the guide's table, or only
// the days its service ran in that month (money.go). It returns the
// bill, or nil when the line has no post-paid service or its service did
// not run in that month (not yet activated, or ended before it).
func (s *Service) BillMonth(ctx context.Context, subscriberID int64, year, month int) (*Bill, error) {
	sub, err := s.Subscriber(ctx, subscriberID)
	if err != nil {
		return nil, err
	}
	if sub.Plan == nil || !sub.Plan.Postpaid || sub.StartsAt.IsZero() {
		return nil, nil
	}
	first, last := fa.Date{Year: year, Month: month, Day: 1}, fa.Date{Year: year, Month: month, Day: fa.DaysInMonth(year, month)}
	// The days of the service: from its activation day to the day before
	// its end day (a 30-day service runs 30 days).
	if from := fa.JalaliOf(sub.StartsAt); daysBetween(first, from) > 0 {
		first = from
	}
	if !sub.EndsAt.IsZero() {
		if until := fa.JalaliOf(fa.JalaliOf(sub.EndsAt).Time(fa.Tehran).AddDate(0, 0, -1)); daysBetween(until, last) > 0 {
			last = until
		}
	}
	if daysBetween(first, last) < 0 {
		return nil, nil
	}
	return s.addBill(ctx, s.db, subscriberID, sub.Plan.Name, sub.Plan.Price, first, last)
}

// monthBill is the bill of the days first to last (one Jalali month or
// part of it) of a service of monthlyPrice.
func monthBill(service string, monthlyPrice int64, first, last fa.Date) *Bill {
	b := &Bill{StartsOn: first.String(), EndsOn: last.String(), Service: service,
		Note: fmt.Sprintf(fmtBillNote, fa.MonthName(first.Month), first.Year)}
	if monthDays := fa.DaysInMonth(first.Year, first.Month); first.Day == 1 && last.Day == monthDays {
		b.Days, b.Amount = MonthlyBill(monthlyPrice, monthDays)
	} else {
		b.Days = daysBetween(first, last) + 1
		b.Amount = PartMonthBill(monthlyPrice, b.Days)
	}
	return b
}

// addBill records the bill of first..last unless the line has a bill for
// that month already.
func (s *Service) addBill(ctx context.Context, q db.Querier, subscriberID int64, service string, price int64, first, last fa.Date) (*Bill, error) {
	b := monthBill(service, price, first, last)
	var n int
	if err := q.QueryRow(ctx, "SELECT COUNT(*) FROM isp_bills WHERE subscriber_id = $1 AND starts_on LIKE $2",
		subscriberID, fmt.Sprintf("%04d/%02d/%%", first.Year, first.Month)).Scan(&n); err != nil {
		return nil, fmt.Errorf("isp: look up bill: %w", err)
	}
	if n > 0 {
		return b, nil
	}
	_, err := q.Exec(ctx, `INSERT INTO isp_bills (subscriber_id, starts_on, ends_on, service, days, amount, note) VALUES ($1, $2, $3, $4, $5, $6, $7)
		ON CONFLICT (subscriber_id, starts_on) DO NOTHING`, subscriberID, b.StartsOn, b.EndsOn, b.Service, int64(b.Days), b.Amount, b.Note)
	if err != nil {
		return nil, fmt.Errorf("isp: add bill: %w", err)
	}
	return b, nil
}

// ChargeCampaign gives a post-paid campaign line its monthly traffic for
// the Jalali month of now, once per month, with the row of «شارژ کمپین
// ها». false when it was charged already or has no campaign service.
func (s *Service) ChargeCampaign(ctx context.Context, subscriberID int64) (bool, error) {
	charged := false
	err := s.db.InTx(ctx, func(tx *db.Tx) error {
		sub, err := loadSubscriber(ctx, tx, "s.id = $1", subscriberID, true)
		if err != nil {
			return err
		}
		now := s.now()
		if sub.Plan == nil || !sub.Plan.Postpaid || sub.Plan.TrafficMB == 0 || sub.Expired(now) {
			return nil
		}
		if charged, err = recordCampaignCharge(ctx, tx, sub.ID, sub.Plan, now); err != nil || !charged {
			return err
		}
		_, err = tx.Exec(ctx, "UPDATE isp_subscribers SET traffic_left = traffic_left + $1 WHERE id = $2", sub.Plan.TrafficMB*MB, sub.ID)
		return err
	})
	return charged, err
}

// recordCampaignCharge records the campaign's traffic of the Jalali
// month of now as given to the line; false when that month's was given
// already. A post-paid service that starts records its first month here
// too (apply, promote): the plan's traffic it starts with is that
// month's campaign traffic, so the line never gets both.
func recordCampaignCharge(ctx context.Context, tx *db.Tx, subID int64, p *Plan, now time.Time) (bool, error) {
	d := fa.JalaliOf(now)
	var id int64
	err := tx.QueryRow(ctx, `INSERT INTO isp_campaign_charges (subscriber_id, at, service, traffic_mb, result, period)
		VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT DO NOTHING RETURNING id`,
		subID, now, p.Name, p.TrafficMB, msgCampaignCharged, fmt.Sprintf("%04d/%02d", d.Year, d.Month)).Scan(&id)
	if errors.Is(err, db.ErrNoRows) {
		return false, nil
	}
	if err != nil {
		return false, fmt.Errorf("isp: record campaign charge: %w", err)
	}
	return true, nil
}

// SendNotices queues the SMS notices due now: from the Tehran day two
// days before a service's last day, and on that last day (the guide's
// box: 1394/11/17 and 1394/11/19 for a service ending 1394/11/19). Each is sent once per service term. mobile
// gives a customer's mobile and name.
func (s *Service) SendNotices(ctx context.Context, mobile func(ctx context.Context, customerID int64) (string, string, error)) (int, error) {
	now := s.now()
	type due struct {
		id, customer int64
		ends         time.Time
	}
	// Lines whose service ends within the next 3 days or ended within
	// the last one; the calendar days decide below.
	rows, err := db.All(ctx, s.db, func(r db.Scanner) (due, error) {
		var d due
		return d, r.Scan(&d.id, &d.customer, &d.ends)
	}, "SELECT id, customer_id, ends_at FROM isp_subscribers WHERE ends_at IS NOT NULL AND ends_at > $1 AND ends_at <= $2",
		now.Add(-24*time.Hour), now.Add(72*time.Hour))
	if err != nil {
		return 0, err
	}
	sent := 0
	for _, d := range rows {
		endDay := fa.JalaliOf(d.ends)
		var kind, reason string
		switch left := daysBetween(fa.JalaliOf(now), endDay); {
		case left == 0:
			kind, reason = "end_day", NoticeEndDay
		case left > 0 && left <= 2:
			kind, reason = "two_days", NoticeTwoDays
		default:
			continue
		}
		to, name, err := mobile(ctx, d.customer)
		if err != nil || to == "" {
			continue
		}
		err = s.db.InTx(ctx, func(tx *db.Tx) error {
			res, err := tx.Exec(ctx, "INSERT INTO isp_notices (subscriber_id, kind, ends_at, sent_at) VALUES ($1, $2, $3, $4) ON CONFLICT DO NOTHING",
				d.id, kind, d.ends, now)
			if err != nil || res.RowsAffected == 0 {
				return err
			}
			text := smsEndsOn(fa.FormatDate(d.ends))
			if kind == "end_day" {
				text = smsEndsToday(fa.FormatDateTime(d.ends))
			}
			if _, err := s.sms.Queue(ctx, tx, notify.Message{PersonID: d.customer, RecipientName: name, To: to, Reason: reason, Text: text}); err != nil {
				return err
			}
			sent++
			return nil
		})
		if err != nil {
			return sent, err
		}
	}
	return sent, nil
}
