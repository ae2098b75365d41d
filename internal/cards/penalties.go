package cards

import (
	"context"
	"fmt"
	"time"

	"pishkhan/internal/db"
	"pishkhan/internal/fa"
)

// The penalty rule, written down:
//
//   - An installment due on Jalali day D and still unpaid is penalised
//     from day D+GraceDays+1 on (so with 5 grace days, one due on the 10th
//     is free through the 15th and penalised from the 16th).
//   - Each penalised day costs floor(amount × PenaltyRateBP / 10000) rials.
//   - The penalty of an installment is recomputed from scratch on each run
//     as days × daily, so running the job twice on a day, or skipping a
//     day, changes nothing: it is idempotent per day and self-healing.
//   - The first penalised day records a violation («تخلف») for the
//     installment; later runs update its last day and day count.
//   - Paying an installment freezes its penalty (paid rows are skipped).

// DailyPenalty is what one overdue day of an installment costs.
func DailyPenalty(amount, rateBP int64) int64 { return amount * rateBP / 10000 }

// PenaltyDays is how many days of penalty an installment due on due has
// accrued on today, given the grace days: 0 through due+grace.
func PenaltyDays(due, today fa.Date, grace int) int {
	return max(daysBetween(due, today)-grace, 0)
}

// daysBetween counts calendar days from a to b (midnight UTC of the
// Gregorian days, so no daylight saving hour can shift the count).
func daysBetween(a, b fa.Date) int {
	return int(b.Time(time.UTC).Sub(a.Time(time.UTC)).Hours() / 24)
}

// ApplyPenalties brings every unpaid installment's penalty and violation
// up to date for the Jalali day of now and returns how many installments
// are penalised. The daily job calls it; it does not depend on River.
func (s *Service) ApplyPenalties(ctx context.Context, now time.Time) (int, error) {
	today := fa.JalaliOf(now)
	// Due strictly before today-grace ⇔ at least one penalised day.
	cutoff := fa.JalaliOf(today.Time(fa.Tehran).AddDate(0, 0, -s.opts.GraceDays).Add(12 * time.Hour))
	n := 0
	err := s.db.InTx(ctx, func(tx *db.Tx) error {
		n = 0
		overdue, err := db.All(ctx, tx, scanInstallment, "SELECT "+installmentColumns+
			" WHERE paid_at IS NULL AND cancelled = 0 AND due_on < $1 ORDER BY id", cutoff.String())
		if err != nil {
			return fmt.Errorf("cards: read overdue installments: %w", err)
		}
		for _, in := range overdue {
			due, err := fa.ParseDate(in.DueOn)
			if err != nil {
				return fmt.Errorf("cards: installment %d due date: %w", in.ID, err)
			}
			days := PenaltyDays(due, today, s.opts.GraceDays)
			if days == 0 {
				continue
			}
			penalty := int64(days) * DailyPenalty(in.Amount, s.opts.PenaltyRateBP)
			if _, err := tx.Exec(ctx, "UPDATE card_installments SET penalty = $1 WHERE id = $2 AND paid_at IS NULL",
				penalty, in.ID); err != nil {
				return fmt.Errorf("cards: penalise installment %d: %w", in.ID, err)
			}
			first := fa.JalaliOf(due.Time(fa.Tehran).AddDate(0, 0, s.opts.GraceDays+1).Add(12 * time.Hour))
			if _, err := tx.Exec(ctx, `INSERT INTO card_violations (installment_id, purchase_id, first_day, last_day, days)
				VALUES ($1, $2, $3, $4, $5)
				ON CONFLICT (installment_id) DO UPDATE SET last_day = excluded.last_day, days = excluded.days`,
				in.ID, in.PurchaseID, first.String(), today.String(), days); err != nil {
				return fmt.Errorf("cards: record violation of installment %d: %w", in.ID, err)
			}
			n++
		}
		return nil
	})
	return n, err
}

// DailyPenalties is the daily job's body: ApplyPenalties at the service's
// clock. The app schedules it (once a day, once across instances).
func (s *Service) DailyPenalties(ctx context.Context) error {
	n, err := s.ApplyPenalties(ctx, s.now())
	if err == nil {
		s.log.Info("cards: penalties applied", "installments", n)
	}
	return err
}
