package cards_test

import (
	"context"
	"net/http"
	"regexp"
	"strings"
	"testing"

	"pishkhan/internal/fa"
)

// chartTitles are the text alternatives of the charts on a page, in order.
func chartTitles(body string) []string {
	var out []string
	for _, m := range regexp.MustCompile(`<svg role="img"[^>]*><title>([^<]*)</title>`).FindAllStringSubmatch(body, -1) {
		out = append(out, m[1])
	}
	return out
}

// TestPageAccountsChartsShowCreditAndDueMonths: the credit picture holds
// the guide's used and available credit, and the installments picture
// one bar per due month with that month's unpaid sum.
func TestPageAccountsChartsShowCreditAndDueMonths(t *testing.T) {
	pageEngines(t, func(t *testing.T, e *pageEnv) {
		c, b := e.holder("001234568")
		ic := e.guideAccounts(c.ID)
		got := chartTitles(b.Get("/cards/accounts").Want(t, http.StatusOK, "").Body)
		want := "اعتبار کارت (ریال): اعتبار مصرف شده ۱۵٬۸۳۹٬۱۶۶؛ اعتبار قابل استفاده ۱۴٬۹۲۶٬۸۳۴"
		if len(got) != 1 || got[0] != want {
			t.Fatalf("charts %q, want only %q", got, want)
		}

		e.buy(ic, "chart-1", 3_000_000, 0, 3, "")
		body := b.Get("/cards/accounts").Want(t, http.StatusOK, "").Body
		got = chartTitles(body)
		if len(got) != 2 {
			t.Fatalf("charts %q", got)
		}
		if want := "اعتبار مصرف شده ۱۸٬۸۳۹٬۱۶۶؛ اعتبار قابل استفاده ۱۱٬۹۲۶٬۸۳۴"; !strings.Contains(got[0], want) {
			t.Errorf("credit chart %q lacks %q", got[0], want)
		}
		due, err := e.cards.DueInstallments(context.Background(), c.ID)
		if err != nil || len(due) != 3 {
			t.Fatalf("due %v %v", due, err)
		}
		parts := []string{}
		for _, in := range due {
			d, err := fa.ParseDate(in.DueOn)
			if err != nil {
				t.Fatal(err)
			}
			parts = append(parts, fa.MonthName(d.Month)+" "+fa.Digits(d.String()[:4])+" "+fa.Amount(in.Amount+in.Penalty))
		}
		if want := "اقساط پرداخت نشده به تفکیک ماه سررسید (ریال): " + strings.Join(parts, "؛ "); got[1] != want {
			t.Errorf("due chart %q, want %q", got[1], want)
		}
		if n := strings.Count(body, `class="chart-bar" `); n != 3 {
			t.Errorf("%d month bars, want 3", n)
		}
	})
}
