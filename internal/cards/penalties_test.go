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

// The job works in batches per due day: every installment comes out with
// the rule's penalty however the batches fall, a paid one keeps its own,
// and a second run changes nothing.
func TestApplyPenaltiesInBatches(t *testing.T) {
	old := penaltyBatch
	penaltyBatch = 2
	t.Cleanup(func() { penaltyBatch = old })
	engines(t, func(t *testing.T, e *env) {
		ctx := context.Background()
		cust, _, ic := e.creditCard(t, 500_000_000)
		e.clock.Set(at(1403, 10, 30))
		for i, amount := range []int64{3_400_000, 1_999_000, 2_000_000, 5_555_000, 4_000_000} {
			e.buy(t, ic.Number, "b"+string(rune('0'+i)), amount, 0, 4) // four installments, the same due days
		}
		// The oldest installment is paid before the job runs: it keeps
		// no penalty.
		due, err := e.s.DueInstallments(ctx, cust)
		if err != nil || len(due) == 0 {
			t.Fatal(len(due), err)
		}
		if _, err := e.s.PayInstallmentsNow(ctx, cust, []int64{due[0].ID}); err != nil {
			t.Fatal(err)
		}
		today := at(1404, 1, 20)
		want := 0
		for range 2 {
			n, err := e.s.ApplyPenalties(ctx, today)
			if err != nil {
				t.Fatal(err)
			}
			list, err := e.s.Purchases(ctx, cust)
			if err != nil {
				t.Fatal(err)
			}
			want = 0
			for _, p := range list {
				for _, in := range p.Schedule {
					due, err := fa.ParseDate(in.DueOn)
					if err != nil {
						t.Fatal(err)
					}
					expect := int64(PenaltyDays(due, fa.JalaliOf(today), e.s.opts.GraceDays)) * DailyPenalty(in.Amount, e.s.opts.PenaltyRateBP)
					if in.PaidAt != nil {
						expect = 0
					} else if expect > 0 {
						want++
					}
					if in.Penalty != expect {
						t.Errorf("installment %d due %s: penalty %d, want %d", in.ID, in.DueOn, in.Penalty, expect)
					}
				}
			}
			if n != want || want < 2*penaltyBatch+1 {
				t.Fatalf("penalised %d, want %d (and more than two batches of a day)", n, want)
			}
		}
		var violations int
		if err := e.d.QueryRow(ctx, "SELECT COUNT(*) FROM card_violations").Scan(&violations); err != nil || violations != want {
			t.Fatalf("%d violations, want %d (%v)", violations, want, err)
		}
	})
}
