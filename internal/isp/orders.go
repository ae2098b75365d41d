package isp

import (
	"cmp"
	"context"
	"fmt"
	"net/netip"
	"strconv"
	"strings"
	"time"

	"pishkhan/internal/billing"
	"pishkhan/internal/db"
	"pishkhan/internal/fa"
)

// KindOrder is the billing order kind of everything the ISP panel sells.
// The order's Ref says what: "service:<plan>", "change:<plan>",
// "traffic:<plan>", "timed:<plan>" or "ip:<months>".
const KindOrder = "isp"

// StaticIPMonths are the renewal lengths offered («تمدید IP به مدت»).
var StaticIPMonths = []int{1, 2, 3, 6, 12}

// ChangeQuote is the top of «تغییر سرویس فعال»: what the current service
// is worth by its remaining days.
type ChangeQuote struct {
	Current     *Plan
	Paid        int64
	DaysLeft    int
	TrafficLeft int64
	Unlimited   bool
	Remaining   int64
}

// QuoteChange values the active service now.
func (s *Service) QuoteChange(sub *Subscriber) ChangeQuote {
	now := s.now()
	q := ChangeQuote{Current: sub.Plan, Paid: sub.Paid, TrafficLeft: sub.TrafficLeft, Unlimited: sub.Unlimited()}
	if sub.Plan == nil || sub.Expired(now) {
		return q
	}
	q.DaysLeft = DaysLeft(sub.EndsAt, now)
	q.Remaining = RemainingValue(sub.Paid, sub.Plan.Days, q.DaysLeft)
	return q
}

// Order creates the billing order for what the subscriber chose; the
// customer then sees the pre-invoice and goes to the bank. what is one
// of "service", "change", "traffic", "timed" (n is a plan ID) or "ip" (n
// is a number of months).
func (s *Service) Order(ctx context.Context, customerID int64, what string, n int64) (*billing.Order, error) {
	sub, err := s.Current(ctx, customerID)
	if err != nil {
		return nil, err
	}
	now := s.now()
	order := billing.NewOrder{CustomerID: customerID, Kind: KindOrder, Ref: what + ":" + strconv.FormatInt(n, 10), UseWallet: true}
	switch what {
	case "service", "change", "traffic", "timed":
		kind := map[string]string{"service": PlanService, "change": PlanService, "traffic": PlanTraffic, "timed": PlanTimed}[what]
		p, err := s.Plan(ctx, n)
		if err != nil || p.Kind != kind || !p.Active {
			return nil, ErrNoPlan
		}
		order.Lines = []billing.Line{{Description: orderLineLabels[what] + ": " + p.Name, Amount: p.Price}}
		order.Description = p.Name
		switch what {
		case "service":
			if !sub.Expired(now) && sub.Reserved != nil {
				return nil, ErrReservedTaken
			}
		case "change":
			if sub.Expired(now) {
				return nil, ErrNoActiveService
			}
			if sub.Plan.ID == p.ID {
				return nil, ErrSamePlan
			}
			order.Remaining = s.QuoteChange(sub).Remaining
			order.Description = orderChangeTo(p.Name)
		case "traffic", "timed":
			if sub.Expired(now) {
				return nil, ErrNoActiveService
			}
		}
	case "ip":
		if sub.StaticIP == "" || sub.IPMonthly <= 0 {
			return nil, ErrNoStaticIP
		}
		if !validMonths(int(n)) {
			return nil, ErrMonths
		}
		order.Lines = []billing.Line{{Description: fmt.Sprintf(fmtRenewIP, sub.StaticIP, fa.Digits(strconv.FormatInt(n, 10))), Amount: sub.IPMonthly * n}}
	default:
		return nil, ErrNoPlan
	}
	return s.bill.CreateOrder(ctx, nil, order)
}

func validMonths(m int) bool {
	for _, v := range StaticIPMonths {
		if v == m {
			return true
		}
	}
	return false
}

// Fulfiller applies a paid order inside billing's settlement transaction.
// It never fails for a business reason (that would leave a paid order
// undelivered and retried forever): what can no longer be applied (a
// second reserved service bought in a race) is credited to the wallet.
func (s *Service) Fulfiller() billing.Fulfiller {
	return func(ctx context.Context, tx *db.Tx, o *billing.Order) error {
		what, nStr, _ := strings.Cut(o.Ref, ":")
		n, err := strconv.ParseInt(nStr, 10, 64)
		if err != nil {
			return fmt.Errorf("isp: order %s: bad ref %q", o.Tracking, o.Ref)
		}
		sub, err := loadSubscriber(ctx, tx, "s.customer_id = $1", o.CustomerID, true)
		if err != nil {
			return err
		}
		orderID := o.ID
		applied, err := s.apply(ctx, tx, sub, what, n, purchase{kind: BoughtOnline, orderID: &orderID, amount: o.Total()})
		if err != nil {
			return err
		}
		if !applied {
			_, err := s.bill.Credit(ctx, tx, o.CustomerID, o.Payable+o.WalletUsed, refundReserved(o.Tracking),
				"order", o.ID, "isp:order:"+strconv.FormatInt(o.ID, 10)+":refund")
			return err
		}
		return nil
	}
}

// purchase is who bought and how, for the history row.
type purchase struct {
	kind    string
	orderID *int64
	staffID *int64
	amount  int64
	note    string
}

// apply delivers a service, change, traffic, timed traffic or IP
// renewal. false: it could not be applied (a reserved service exists).
func (s *Service) apply(ctx context.Context, tx *db.Tx, sub *Subscriber, what string, n int64, by purchase) (bool, error) {
	now := s.now()
	if err := s.promote(ctx, tx, sub, now); err != nil {
		return false, err
	}
	var name string
	var planID *int64
	switch what {
	case "service", "change":
		p, err := planByID(ctx, tx, n)
		if err != nil {
			return false, err
		}
		name, planID = p.Name, &p.ID
		traffic := p.TrafficMB * MB
		paid := p.Price
		if by.kind == BoughtFree {
			paid = 0
		}
		if what == "service" && !sub.Expired(now) {
			if sub.Reserved != nil {
				return false, nil
			}
			if _, err := tx.Exec(ctx, `UPDATE isp_subscribers SET reserved_plan_id = $1, reserved_paid = $2, reserved_traffic = $3 WHERE id = $4`,
				p.ID, paid, traffic, sub.ID); err != nil {
				return false, fmt.Errorf("isp: reserve service: %w", err)
			}
			by.note = cmp.Or(by.note, noteReserved)
		} else {
			ends := now.AddDate(0, 0, p.Days)
			if _, err := tx.Exec(ctx, `UPDATE isp_subscribers SET plan_id = $1, paid = $2, starts_at = $3, ends_at = $4, traffic_left = $5,
				free_at = NULL, free_until = NULL WHERE id = $6`, p.ID, paid, now, ends, traffic, sub.ID); err != nil {
				return false, fmt.Errorf("isp: start service: %w", err)
			}
			if what == "change" {
				by.note = cmp.Or(by.note, labelChangeService)
			}
			if p.Postpaid && p.TrafficMB > 0 {
				if _, err := recordCampaignCharge(ctx, tx, sub.ID, p, now); err != nil {
					return false, err
				}
			}
		}
	case "traffic", "timed":
		p, err := planByID(ctx, tx, n)
		if err != nil {
			return false, err
		}
		name, planID = p.Name, &p.ID
		if what == "traffic" {
			_, err = tx.Exec(ctx, "UPDATE isp_subscribers SET traffic_left = traffic_left + $1, free_at = NULL, free_until = NULL WHERE id = $2", p.TrafficMB*MB, sub.ID)
		} else {
			// Timed traffic: what is still valid is kept, the window
			// starts again.
			left := sub.TimedActive(now) + p.TrafficMB*MB
			_, err = tx.Exec(ctx, "UPDATE isp_subscribers SET timed_left = $1, timed_until = $2, free_at = NULL, free_until = NULL WHERE id = $3",
				left, now.AddDate(0, 0, p.Days), sub.ID)
		}
		if err != nil {
			return false, fmt.Errorf("isp: add traffic: %w", err)
		}
	case "ip":
		from := sub.IPEndsAt
		if from.Before(now) {
			from = now
		}
		ends := addJalaliMonths(from, int(n))
		if _, err := tx.Exec(ctx, "UPDATE isp_subscribers SET ip_ends_at = $1 WHERE id = $2", ends, sub.ID); err != nil {
			return false, fmt.Errorf("isp: renew static IP: %w", err)
		}
		name = fmt.Sprintf(fmtRenewIP, sub.StaticIP, strconv.FormatInt(n, 10))
	default:
		return false, fmt.Errorf("isp: unknown purchase %q", what)
	}
	if _, err := tx.Exec(ctx, `INSERT INTO isp_purchases (subscriber_id, plan_id, name, kind, purchase_type, amount, note, order_id, staff_id, at)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)`,
		sub.ID, planID, name, what, by.kind, by.amount, fa.Clip(by.note, 500), by.orderID, by.staffID, now); err != nil {
		return false, fmt.Errorf("isp: record purchase: %w", err)
	}
	if sub.LineStatus == LineCollection {
		if err := setLineStatus(ctx, tx, sub, LineOperating, noteBought(name), now); err != nil {
			return false, err
		}
	}
	tx.AfterCommit(func() { s.kickNAS(sub.ID) }) // a changed speed goes to the NAS as a CoA
	return true, nil
}

// addJalaliMonths moves t by whole Jalali months, keeping the time of day
// (a 31st becomes the month's last day when the target is shorter).
func addJalaliMonths(t time.Time, months int) time.Time {
	local := t.In(fa.Tehran)
	d := fa.JalaliOf(t).AddMonths(months)
	day := d.Time(fa.Tehran)
	return time.Date(day.Year(), day.Month(), day.Day(), local.Hour(), local.Minute(), local.Second(), 0, fa.Tehran).UTC()
}

// SellInPerson is a purchase by a sales agent on the customer's behalf
// («حضور نماینده فروش»): the agent took the money, nothing goes through
// the bank. audit runs in the same transaction.
func (s *Service) SellInPerson(ctx context.Context, staffID, subscriberID int64, what string, planID int64, note string, audit func(tx *db.Tx) error) error {
	if what != "service" && what != "traffic" && what != "timed" {
		return ErrNoPlan
	}
	return s.db.InTx(ctx, func(tx *db.Tx) error {
		p, err := planByID(ctx, tx, planID)
		if err != nil {
			return err
		}
		if kind := map[string]string{"service": PlanService, "traffic": PlanTraffic, "timed": PlanTimed}[what]; p.Kind != kind {
			return ErrNoPlan
		}
		sub, err := loadSubscriber(ctx, tx, "s.id = $1", subscriberID, true)
		if err != nil {
			return err
		}
		if what != "service" && sub.Expired(s.now()) {
			return ErrNoActiveService
		}
		applied, err := s.apply(ctx, tx, sub, what, planID, purchase{kind: BoughtByAgent, staffID: &staffID, amount: p.Price, note: note})
		if err != nil {
			return err
		}
		if !applied {
			return ErrReservedTaken
		}
		if audit != nil {
			return audit(tx)
		}
		return nil
	})
}

// ErrStaticIP: not an IPv4 address, or a price or length out of range.
var ErrStaticIP = fa.Refusal("isp", "static_ip", msgStaticIP)

// AssignStaticIP gives a line a static IP from now for months at a
// monthly price (staff); renewals then go through «تمدید IP استاتیک».
func (s *Service) AssignStaticIP(ctx context.Context, subscriberID int64, ip string, monthly int64, months int, audit func(tx *db.Tx) error) error {
	addr, err := netip.ParseAddr(strings.TrimSpace(fa.LatinDigits(ip)))
	if err != nil || !addr.Is4() || monthly < 0 || monthly > 1_000_000_000 || !validMonths(months) {
		return ErrStaticIP
	}
	return s.db.InTx(ctx, func(tx *db.Tx) error {
		now := s.now()
		res, err := tx.Exec(ctx, "UPDATE isp_subscribers SET static_ip = $1, ip_starts_at = $2, ip_ends_at = $3, ip_monthly = $4 WHERE id = $5",
			addr.String(), now, addJalaliMonths(now, months), monthly, subscriberID)
		if err != nil {
			return err
		}
		if res.RowsAffected == 0 {
			return ErrNotSubscriber
		}
		if audit != nil {
			return audit(tx)
		}
		return nil
	})
}
