package cards

import (
	"context"
	"testing"

	"pishkhan/internal/fa"
)

func TestPenaltyDaysRule(t *testing.T) {
	due := fa.Date{Year: 1403, Month: 12, Day: 28}
	for _, c := range []struct {
		today fa.Date
		want  int
	}{
		{fa.Date{Year: 1403, Month: 12, Day: 28}, 0},
		// 28 + 5 days across the leap Esfand (29, 30, 1, 2, 3): the last free day.
		{fa.Date{Year: 1404, Month: 1, Day: 3}, 0},
		{fa.Date{Year: 1404, Month: 1, Day: 4}, 1}, // the first penalised day
		{fa.Date{Year: 1404, Month: 1, Day: 13}, 10},
	} {
		if got := PenaltyDays(due, c.today, 5); got != c.want {
			t.Errorf("%s: %d days, want %d", c.today, got, c.want)
		}
	}
	if DailyPenalty(680_000, 5) != 340 || DailyPenalty(1999, 5) != 0 {
		t.Fatal("daily penalty rounding")
	}
}

// The job at the grace boundary: nothing on the last free day, one day's
// penalty and a violation the day after, idempotent on a second run.
func TestApplyPenaltiesAtGraceBoundary(t *testing.T) {
	engines(t, func(t *testing.T, e *env) {
		ctx := context.Background()
		cust, _, ic := e.creditCard(t, 50_000_000)
		e.clock.Set(at(1403, 10, 30))
		e.buy(t, ic.Number, "p1", 3_400_000, 680_000, 4) // first due 1403/11/30, 680,000
		row := func() PurchaseRow {
			list, err := e.s.Purchases(ctx, cust)
			if err != nil {
				t.Fatal(err)
			}
			return list[0]
		}
		// 1403/11/30 + 5 grace days = 1403/12/05 (Bahman has 30 days).
		if n, err := e.s.ApplyPenalties(ctx, at(1403, 12, 5)); err != nil || n != 0 {
			t.Fatalf("last free day: %d %v", n, err)
		}
		if p := row(); p.Penalty != 0 || p.Violations != 0 {
			t.Fatalf("penalised in grace: %+v", p)
		}
		for range 2 {
			if n, err := e.s.ApplyPenalties(ctx, at(1403, 12, 6)); err != nil || n != 1 {
				t.Fatalf("first penalised day: %d %v", n, err)
			}
		}
		if p := row(); p.Penalty != 340 || p.Violations != 1 || p.Payable != 2_720_000+340 {
			t.Fatalf("after one day: %+v", p)
		}
		// Days skipped by the job are caught up; still one violation.
		e.clock.Set(at(1403, 12, 10))
		if err := e.s.DailyPenalties(ctx); err != nil {
			t.Fatal(err)
		}
		p := row()
		if p.Penalty != 5*340 || p.Violations != 1 {
			t.Fatalf("after five days: %+v", p)
		}
		var first, last string
		var days int
		if err := e.d.QueryRow(ctx, "SELECT first_day, last_day, days FROM card_violations").Scan(&first, &last, &days); err != nil ||
			first != "1403/12/06" || last != "1403/12/10" || days != 5 {
			t.Fatalf("violation %s..%s %d %v", first, last, days, err)
		}
		// Paying takes the penalty with it and freezes it.
		paid, err := e.s.PayInstallmentsNow(ctx, cust, []int64{p.Schedule[0].ID})
		if err != nil || paid != 680_000+1700 {
			t.Fatalf("pay: %d %v", paid, err)
		}
		if _, err := e.s.ApplyPenalties(ctx, at(1403, 12, 20)); err != nil {
			t.Fatal(err)
		}
		if p := row(); p.Penalty != 1700 || p.TotalPaid != 681_700 || p.Violations != 1 {
			t.Fatalf("after payment: %+v", p)
		}
	})
}
