package isp

import (
	"context"
	"fmt"

	"pishkhan/internal/db"
)

// FreeChargeOffer is what «شارژ رایگان» offers now: nothing when the
// service still has days and traffic, or when it was taken already.
type FreeChargeOffer struct {
	Setting     FreeCharge
	DaysOut     bool
	TrafficOut  bool
	AlreadyUsed bool
}

// Available says the free charge may be applied now.
func (o FreeChargeOffer) Available() bool { return !o.AlreadyUsed && (o.DaysOut || o.TrafficOut) }

// FreeChargeOffer reads the offer for a line.
func (s *Service) FreeChargeOffer(ctx context.Context, sub *Subscriber) (FreeChargeOffer, error) {
	set, err := s.FreeChargeSetting(ctx)
	if err != nil {
		return FreeChargeOffer{}, err
	}
	now := s.now()
	return FreeChargeOffer{Setting: set, DaysOut: sub.Expired(now), TrafficOut: sub.Plan != nil && sub.OutOfTraffic(now), AlreadyUsed: !sub.FreeAt.IsZero()}, nil
}

// ApplyFreeCharge gives the admin-set days (when the days ran out) and
// traffic (when the traffic ran out), or both, once per service: a real
// purchase allows it again. The traffic is valid for the free days only
// (kept as timed traffic, used first and gone at their end). If no real charge follows before it ends,
// the line goes to the collection list (SweepFreeCharges).
func (s *Service) ApplyFreeCharge(ctx context.Context, customerID int64) error {
	return s.db.InTx(ctx, func(tx *db.Tx) error {
		sub, err := loadSubscriber(ctx, tx, "s.customer_id = $1", customerID, true)
		if err != nil {
			return err
		}
		now := s.now()
		if err := s.promote(ctx, tx, sub, now); err != nil {
			return err
		}
		var set FreeCharge
		if err := tx.QueryRow(ctx, "SELECT free_days, free_mb FROM isp_settings WHERE id = 1").Scan(&set.Days, &set.MB); err != nil {
			return err
		}
		if !sub.FreeAt.IsZero() {
			return ErrFreeUsed
		}
		daysOut := sub.Expired(now)
		trafficOut := sub.Plan != nil && sub.OutOfTraffic(now)
		if sub.Plan == nil {
			return ErrNoActiveService // never had a service: nothing to carry
		}
		if !daysOut && !trafficOut {
			return ErrFreeNotNeeded
		}
		until := now.AddDate(0, 0, set.Days)
		ends, timed, timedUntil := sub.EndsAt, sub.TimedLeft, sub.TimedUntil
		if daysOut {
			ends = until
		}
		if trafficOut {
			// The free traffic is traffic with a time limit: it ends with
			// the free days, used or not. Out of traffic means no timed
			// traffic is valid now, so none is lost by replacing it.
			timed, timedUntil = set.MB*MB, until
		}
		res, err := tx.Exec(ctx, `UPDATE isp_subscribers SET ends_at = $1, timed_left = $2, timed_until = $3, free_at = $4, free_until = $5
			WHERE id = $6 AND free_at IS NULL`, ends, timed, tp(timedUntil), now, until, sub.ID)
		if err != nil {
			return fmt.Errorf("isp: apply free charge: %w", err)
		}
		if res.RowsAffected == 0 {
			return ErrFreeUsed
		}
		note := fmt.Sprintf(fmtFreeChargeNote, set.Days, set.MB)
		_, err = tx.Exec(ctx, `INSERT INTO isp_purchases (subscriber_id, plan_id, name, kind, purchase_type, amount, note, at)
			VALUES ($1, NULL, $2, 'free', $3, 0, $4, $5)`, sub.ID, labelFreeCharge, BoughtFree, note, now)
		return err
	})
}

// SweepFreeCharges puts in the collection list («در لیست جمع آوری») every
// line whose free charge has ended with no real charge after it (a real
// purchase clears free_at). It returns how many lines moved.
func (s *Service) SweepFreeCharges(ctx context.Context) (int, error) {
	now := s.now()
	ids, err := db.All(ctx, s.db, func(r db.Scanner) (int64, error) { var id int64; return id, r.Scan(&id) },
		`SELECT id FROM isp_subscribers WHERE free_at IS NOT NULL AND free_until <= $1 AND line_status = $2`, now, LineOperating)
	if err != nil {
		return 0, err
	}
	moved := 0
	for _, id := range ids {
		err := s.db.InTx(ctx, func(tx *db.Tx) error {
			sub, err := loadSubscriber(ctx, tx, "s.id = $1", id, true)
			if err != nil {
				return err
			}
			// A service bought during the free days waits as the reserved
			// one: its turn has come now, and it is the paid charge.
			if err := s.promote(ctx, tx, sub, now); err != nil {
				return err
			}
			if sub.FreeAt.IsZero() || sub.FreeUntil.After(now) || sub.LineStatus != LineOperating {
				return nil
			}
			// Only when nothing real followed: days or traffic still out.
			if !sub.Expired(now) && !sub.OutOfTraffic(now) {
				return nil
			}
			moved++
			tx.AfterCommit(func() { s.kickNAS(id) }) // the NAS disconnects the line
			return setLineStatus(ctx, tx, sub, LineCollection, noteFreeChargeEnded, now)
		})
		if err != nil {
			return moved, err
		}
	}
	return moved, nil
}
