package billing

import (
	"context"
	"regexp"
	"strings"
	"testing"
	"time"

	"pishkhan/internal/fa"
)

// TestDailyPaymentsChart: finance's charts hold, for each of the last 30
// Tehran days, the count and sum of the payments the bank verified that
// day — a refused payment left out, one verified after midnight on the
// day it was verified, the oldest day dropping out of the window — and
// the figures equal the payments table's, bucketed by Tehran day in Go.
func TestDailyPaymentsChart(t *testing.T) {
	each(t, func(t *testing.T, e *env) {
		ctx := context.Background()
		cust := e.customer("0012345679", "سارا", "احمدی")
		paid := func(price int64) *Order {
			t.Helper()
			o := e.order(cust, price, nil)
			ref := e.atBank(o)
			e.gw.pay(ref)
			if got, err := e.s.HandleCallback(ctx, "fakebank", ref); err != nil || got.State != StatePaid {
				t.Fatalf("callback: %+v %v", got, err)
			}
			return o
		}
		// 2025-03-21 08:00 UTC is 1 Farvardin 1404, 11:30 in Tehran.
		a := paid(100_000)
		e.clock.Advance(24 * time.Hour) // 2 Farvardin
		b, c := paid(250_000), paid(300_000)
		refused := e.order(cust, 70_000, nil)
		if got, _ := e.s.HandleCallback(ctx, "fakebank", e.atBank(refused)); got == nil || got.State != StateFailed {
			t.Fatalf("refused payment: %+v", got)
		}
		late := e.order(cust, 40_000, nil)
		lateRef := e.atBank(late)
		e.gw.pay(lateRef)
		e.clock.Advance(13 * time.Hour) // 3 Farvardin, 00:30 in Tehran
		if got, err := e.s.HandleCallback(ctx, "fakebank", lateRef); err != nil || got.State != StatePaid {
			t.Fatalf("late callback: %+v %v", got, err)
		}
		e.clock.Advance(27*24*time.Hour + 12*time.Hour) // 30 Farvardin, 12:30

		days, err := e.s.DailyPayments(ctx, paymentDays)
		if err != nil {
			t.Fatal(err)
		}
		if len(days) != 30 || days[0].Day != (fa.Date{Year: 1404, Month: 1, Day: 1}) || days[29].Day != (fa.Date{Year: 1404, Month: 1, Day: 30}) {
			t.Fatalf("window %v … %v (%d days)", days[0].Day, days[len(days)-1].Day, len(days))
		}
		want := map[int]DayPayments{
			0: {Count: 1, Amount: a.Payable},
			1: {Count: 2, Amount: b.Payable + c.Payable},
			2: {Count: 1, Amount: late.Payable},
		}
		for i, d := range days {
			if w := want[i]; d.Count != w.Count || d.Amount != w.Amount {
				t.Errorf("day %v: %d payments, %d rials; want %d, %d", d.Day, d.Count, d.Amount, w.Count, w.Amount)
			}
		}

		// The payments table, bucketed in Go.
		type verified struct {
			at     time.Time
			amount int64
		}
		rows, err := e.d.Query(ctx, "SELECT updated_at, amount FROM billing_payments WHERE state = $1", PaymentVerified)
		if err != nil {
			t.Fatal(err)
		}
		table := map[fa.Date]DayPayments{}
		for rows.Next() {
			var v verified
			if err := rows.Scan(&v.at, &v.amount); err != nil {
				t.Fatal(err)
			}
			d := table[fa.JalaliOf(v.at)]
			d.Count++
			d.Amount += v.amount
			table[fa.JalaliOf(v.at)] = d
		}
		rows.Close()
		for _, d := range days {
			if w := table[d.Day]; d.Count != w.Count || d.Amount != w.Amount {
				t.Errorf("day %v: chart %d/%d, table %d/%d", d.Day, d.Count, d.Amount, w.Count, w.Amount)
			}
		}

		// The drawn charts' text alternatives carry the same figures.
		var alts []string
		for _, h := range paymentCharts(days) {
			m := regexp.MustCompile(`<title>([^<]*)</title>`).FindStringSubmatch(string(h))
			if m == nil {
				t.Fatalf("no title in %s", h)
			}
			alts = append(alts, m[1])
		}
		for i, prefix := range []string{
			"تعداد پرداخت‌های موفق در ۳۰ روز گذشته: ۱ فروردین ۱؛ ۲ فروردین ۲؛ ۳ فروردین ۱؛ ۴ فروردین ۰؛",
			"مبلغ پرداخت‌های موفق در ۳۰ روز گذشته (ریال): ۱ فروردین " + fa.Amount(a.Payable) + "؛ ۲ فروردین " + fa.Amount(b.Payable+c.Payable) + "؛ ۳ فروردین " + fa.Amount(late.Payable) + "؛ ۴ فروردین ۰؛",
		} {
			if !strings.HasPrefix(alts[i], prefix) || !strings.HasSuffix(alts[i], "؛ ۳۰ فروردین ۰") || strings.Count(alts[i], "؛") != 29 {
				t.Errorf("chart %d: %s\nwant it to start %s", i, alts[i], prefix)
			}
		}

		if got := paymentCharts(make([]DayPayments, paymentDays)); got != nil {
			t.Errorf("charts of thirty days without a payment: %q", got)
		}

		// A day later the first day has left the window.
		e.clock.Advance(24 * time.Hour)
		days, err = e.s.DailyPayments(ctx, paymentDays)
		if err != nil || days[0].Day != (fa.Date{Year: 1404, Month: 1, Day: 2}) || days[0].Count != 2 {
			t.Errorf("next day's window starts %+v (%v)", days[0], err)
		}
	})
}
