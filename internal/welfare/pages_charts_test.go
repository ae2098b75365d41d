package welfare

import (
	"net/http"
	"net/url"
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
		if err := e.ids.ChangePassword(ctxb(), emp.CustomerID, "", pagePassword, pagePassword); err != nil {
			t.Fatal(err)
		}
		if err := e.ids.SetSecurityAnswers(ctxb(), emp.CustomerID, map[int]string{2: "tehran", 3: "rex", 4: "amir"}); err != nil {
			t.Fatal(err)
		}
		cust := newClient(t, base)
		cust.PostForm("/login", "/login", url.Values{"identifier": {emp.NationalCode}, "password": {pagePassword}}).Want(t, http.StatusSeeOther, "/")
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
