package welfare

import (
	"context"

	"pishkhan/internal/db"
	"pishkhan/internal/fa"
)

// The guide: «سقف اعتبار ماهانه برابر است با توان پرداخت یک قسط در ماه
// توسط مشتری». Whatever the purchases, the installments due in one
// payroll month never add up to more than the monthly credit.

// scheduleMonths are the payroll months ("1403/07") of n installments
// of a purchase made on day: the month after it, and the n-1 after that.
func scheduleMonths(day fa.Date, n int) []string {
	out := make([]string, n)
	for i := range out {
		out[i] = fa.Date{Year: day.Year, Month: day.Month, Day: 1}.AddMonths(i + 1).String()[:7]
	}
	return out
}

// errOverMonthSchedule is a purchase that would make the installments due
// in some month exceed the monthly credit; the message names the month.
func errOverMonthSchedule(month string, total, credit int64) error {
	return errMonthSchedule.Saying(msgOverMonthSchedule(month, total, credit))
}

// checkMonths refuses amounts (a new purchase's installments, due in
// months) if, added to what the account already owes in any of those
// months, they exceed credit. In a transaction that has locked the
// account (ConfirmPurchase's conditional update), the check cannot race
// another purchase of the same account.
func checkMonths(ctx context.Context, q db.Querier, accountID, credit int64, months []string, amounts []int64) error {
	if len(months) == 0 {
		return nil
	}
	due := map[string]int64{}
	rows, err := q.Query(ctx, `SELECT due_month, SUM(amount - paid - returned) FROM welfare_installments
		WHERE account_id = $1 AND settled_at IS NULL AND due_month >= $2 AND due_month <= $3 GROUP BY due_month`,
		accountID, months[0], months[len(months)-1])
	if err != nil {
		return wrap("month load", err)
	}
	for rows.Next() {
		var m string
		var sum int64
		if err := rows.Scan(&m, &sum); err != nil {
			rows.Close()
			return wrap("month load", err)
		}
		due[m] = sum
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return wrap("month load", err)
	}
	for i, m := range months {
		if total := due[m] + amounts[i]; total > credit {
			return errOverMonthSchedule(m, total, credit)
		}
	}
	return nil
}
