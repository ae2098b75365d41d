package billing

import (
	"context"
	"fmt"
	"html/template"
	"strconv"
	"strings"

	"pishkhan/internal/db"
	"pishkhan/internal/fa"
	"pishkhan/internal/web"
)

// paymentDays is how many days finance's chart shows.
const paymentDays = 30

// DayPayments are one Tehran day's verified payments.
type DayPayments struct {
	Day    fa.Date
	Count  int64
	Amount int64 // rials
}

// DailyPayments returns the payments the bank verified on each of the
// last days Tehran days, today included, oldest first, a day with none
// included. A payment counts on the day it was verified (its updated_at:
// a verified payment is never updated again). The day bounds come from
// Go; the database only compares with them, so both engines agree.
func (s *Service) DailyPayments(ctx context.Context, days int) ([]DayPayments, error) {
	dates, bounds := fa.LastDays(s.now(), days)
	if len(dates) == 0 {
		return nil, nil
	}
	out := make([]DayPayments, len(dates))
	for i, d := range dates {
		out[i].Day = d
	}
	args := []any{PaymentVerified}
	var q strings.Builder
	q.WriteString("SELECT CASE")
	for i := 1; i < days; i++ {
		args = append(args, bounds[i])
		fmt.Fprintf(&q, " WHEN updated_at < $%d THEN %d", len(args), i-1)
	}
	args = append(args, bounds[0], bounds[days])
	fmt.Fprintf(&q, " ELSE %d END AS day, COUNT(*), COALESCE(SUM(amount), 0) FROM billing_payments WHERE state = $1 AND updated_at >= $%d AND updated_at < $%d GROUP BY 1",
		days-1, len(args)-1, len(args))
	type sum struct{ day, n, amount int64 }
	rows, err := db.All(ctx, s.db, func(r db.Scanner) (sum, error) {
		var x sum
		return x, r.Scan(&x.day, &x.n, &x.amount)
	}, q.String(), args...)
	if err != nil {
		return nil, fmt.Errorf("billing: daily payments: %w", err)
	}
	for _, r := range rows {
		if r.day >= 0 && int(r.day) < len(out) {
			out[r.day].Count += r.n
			out[r.day].Amount += r.amount
		}
	}
	return out, nil
}

// paymentCharts are finance's pictures: how many payments the bank
// verified each day, and for how much. None when there were none: the
// page says so in a sentence instead of drawing thirty empty days.
func paymentCharts(days []DayPayments) []template.HTML {
	var total int64
	for _, d := range days {
		total += d.Count
	}
	if total == 0 {
		return nil
	}
	n := fa.Digits(strconv.Itoa(len(days)))
	count := web.Chart{Title: titlePaymentsCount(n)}
	amount := web.Chart{Title: titlePaymentsAmount(n)}
	for _, d := range days {
		label := fa.Digits(strconv.Itoa(d.Day.Day)) + " " + fa.MonthName(d.Day.Month)
		count.Bars = append(count.Bars, web.Bar{Label: label, Value: d.Count})
		amount.Bars = append(amount.Bars, web.Bar{Label: label, Value: d.Amount})
	}
	return []template.HTML{count.Columns(), amount.Columns()}
}
