package otp

import (
	"strings"
	"testing"
)

// The code SMS says first what the code approves, and still carries the
// code and the guide's warning.
func TestSMSCodeTextNamesWhatItApproves(t *testing.T) {
	engines(t, func(t *testing.T, e *env) {
		p := e.customer(t)
		r := payment(p, "1500000")
		r.Approves = ApprovesInstallments(6_000_000, "فروشگاه نمونه", 3, 2_000_000)
		if err := e.s.IssueSMSCode(ctx, r); err != nil {
			t.Fatal(err)
		}
		code, text := e.lastSMS(t, p)
		for _, want := range []string{"تایید خرید ۶٬۰۰۰٬۰۰۰ ریال از «فروشگاه نمونه» در ۳ قسط ماهانه ۲٬۰۰۰٬۰۰۰ ریال", "رمز پویای شما: " + code, "محرمانه"} {
			if !strings.Contains(text, want) {
				t.Errorf("SMS %q lacks %q", text, want)
			}
		}
	})
}
