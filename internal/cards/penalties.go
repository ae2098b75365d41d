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

// penaltyBatch is how many installments one transaction of the penalty
// job updates. The job must not hold the database's writer for long: on
// SQLite it is the only one, and sign-ins and payments queue behind it.
var penaltyBatch = 5000 // a variable so tests can cross batch boundaries with a few rows

// ApplyPenalties brings every unpaid installment's penalty and violation
// up to date for the Jalali day of now and returns how many installments
// are penalised. The daily job calls it; it does not depend on River.
//
// The days of penalty depend only on the due day, so the work is done in
// SQL one due day at a time (a purchase's installments fall on a few
// dozen days), in batches of penaltyBatch installments, each its own
// transaction: a run over a million overdue installments takes seconds
// and never holds the writer for more than one batch. Every batch sets
// penalties from scratch, so a run stopped half-way is finished by the
// next one.
func (s *Service) ApplyPenalties(ctx context.Context, now time.Time) (int, error) {
	today := fa.JalaliOf(now)
	// Due strictly before today-grace ⇔ at least one penalised day.
	cutoff := fa.JalaliOf(today.Time(fa.Tehran).AddDate(0, 0, -s.opts.GraceDays).Add(12 * time.Hour))
	days, err := db.All(ctx, s.db, func(r db.Scanner) (string, error) {
		var d string
		return d, r.Scan(&d)
	}, "SELECT DISTINCT due_on FROM card_installments WHERE paid_at IS NULL AND cancelled = 0 AND due_on < $1 ORDER BY due_on", cutoff.String())
	if err != nil {
		return 0, fmt.Errorf("cards: read overdue due days: %w", err)
	}
	n := 0
	for _, d := range days {
		due, err := fa.ParseDate(d)
		if err != nil {
			return n, fmt.Errorf("cards: due day %q: %w", d, err)
		}
		m, err := s.penaliseDueDay(ctx, due, today)
		n += m
		if err != nil {
			return n, err
		}
	}
	return n, nil
}

// penaliseDueDay sets the penalty and violation of every unpaid
// installment due on due, batch by batch.
func (s *Service) penaliseDueDay(ctx context.Context, due, today fa.Date) (int, error) {
	days := PenaltyDays(due, today, s.opts.GraceDays)
	if days == 0 {
		return 0, nil
	}
	first := fa.JalaliOf(due.Time(fa.Tehran).AddDate(0, 0, s.opts.GraceDays+1).Add(12 * time.Hour))
	const unpaid = "due_on = $1 AND paid_at IS NULL AND cancelled = 0"
	n := 0
	var after int64
	for {
		var last *int64
		var batch int
		err := s.db.InTx(ctx, func(tx *db.Tx) error {
			last, batch = nil, 0
			// The batch is the next penaltyBatch unpaid installments of
			// the day by id: (after, last].
			if err := tx.QueryRow(ctx, "SELECT COUNT(*), MAX(id) FROM (SELECT id FROM card_installments WHERE "+unpaid+
				" AND id > $2 ORDER BY id LIMIT $3) AS batch", due.String(), after, penaltyBatch).Scan(&batch, &last); err != nil {
				return fmt.Errorf("cards: next penalty batch: %w", err)
			}
			if last == nil {
				return nil
			}
			// penalty = days × DailyPenalty(amount, rate), in SQL. Rows
			// already right are not written: the job may run again the same
			// day (on start, after a failure), and rewriting two million
			// unchanged rows would leave as many dead row versions behind
			// on PostgreSQL.
			_, err := tx.Exec(ctx, "UPDATE card_installments SET penalty = $4 * (amount * $5 / 10000) WHERE "+unpaid+
				" AND id > $2 AND id <= $3 AND penalty <> $4 * (amount * $5 / 10000)", due.String(), after, *last, int64(days), s.opts.PenaltyRateBP)
			if err != nil {
				return fmt.Errorf("cards: penalise installments due %s: %w", due, err)
			}
			if _, err := tx.Exec(ctx, `INSERT INTO card_violations (installment_id, purchase_id, first_day, last_day, days)
				SELECT id, purchase_id, CAST($4 AS TEXT), CAST($5 AS TEXT), CAST($6 AS INTEGER) FROM card_installments WHERE `+unpaid+` AND id > $2 AND id <= $3
				ON CONFLICT (installment_id) DO UPDATE SET last_day = excluded.last_day, days = excluded.days
				WHERE card_violations.last_day <> excluded.last_day OR card_violations.days <> excluded.days`,
				due.String(), after, *last, first.String(), today.String(), days); err != nil {
				return fmt.Errorf("cards: record violations of installments due %s: %w", due, err)
			}
			return nil
		})
		n += batch
		if err != nil || last == nil {
			return n, err
		}
		after = *last
	}
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
