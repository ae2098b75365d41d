package welfare

import (
	"strings"
	"testing"
)

// The purchase code's SMS names the amount, the store and the
// installments it approves.
func TestPurchaseCodeSMSNamesAmountStoreAndInstallments(t *testing.T) {
	engines(t, func(t *testing.T, e *env) {
		emp, m := openAccount(t, e, 6)
		if _, err := e.s.StartPurchase(ctxb(), m, PurchaseRequest{Customer: emp.NationalCode, Amount: 6_000_000, Installments: 3, IdempotencyKey: "k1"}); err != nil {
			t.Fatal(err)
		}
		want := "تایید خرید ۶٬۰۰۰٬۰۰۰ ریال از «" + m.Name + "» در ۳ قسط ماهانه ۲٬۰۰۰٬۰۰۰ ریال"
		if got := e.sms(emp.CustomerID); !strings.Contains(got, want) {
			t.Fatalf("SMS %q lacks %q", got, want)
		}
	})
}
