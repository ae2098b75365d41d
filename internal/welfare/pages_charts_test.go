package welfare

import (
	"regexp"
	"testing"
)

// TestBalanceChartsShowMonthAndPower: after a 6,000,000-rial purchase in
// three installments on a 10,000,000 monthly credit with a ceiling of 6,
// the balance page's pictures hold this month's credit and the purchase
// power, used and left, with the figures of the table above them.
func TestBalanceChartsShowMonthAndPower(t *testing.T) {
	engines(t, func(t *testing.T, e *env) {
		base := pageSite(t, e)
		emp, m := openAccount(t, e, 6)
		if _, err := e.buy(m, emp, 6_000_000, 3, "p1"); err != nil {
			t.Fatal(err)
		}
		cust := e.login(t, base, emp)
		body := cust.Get("/welfare/balance").Want(t, 200, "").Body
		var got []string
		for _, m := range regexp.MustCompile(`<svg role="img"[^>]*><title>([^<]*)</title>`).FindAllStringSubmatch(body, -1) {
			got = append(got, m[1])
		}
		want := []string{
			"اعتبار ماهانه این ماه (ریال): مصرف شده ۲٬۰۰۰٬۰۰۰؛ باقی مانده ۸٬۰۰۰٬۰۰۰",
			"توان خرید (ریال): مصرف شده ۶٬۰۰۰٬۰۰۰؛ باقی مانده ۵۴٬۰۰۰٬۰۰۰",
		}
		if len(got) != len(want) {
			t.Fatalf("charts %q, want %q", got, want)
		}
		for i := range want {
			if got[i] != want[i] {
				t.Errorf("chart %d = %q, want %q", i, got[i], want[i])
			}
		}
	})
}
