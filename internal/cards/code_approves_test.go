package cards

import (
	"context"
	"testing"

	"pishkhan/internal/otp"
)

// The dynamic password's SMS names what it approves: the amount and the
// merchant of this payment.
func TestDynamicPasswordSMSNamesAmountAndMerchant(t *testing.T) {
	engines(t, func(t *testing.T, e *env) {
		ctx := context.Background()
		cust, _, ic := e.creditCard(t, 10_000_000)
		s, fake := e.withOTP(t, cust, ic)
		fake.mobile = "09121234567"
		if err := s.ActivateSMS(ctx, cust, ic.ID, true); err != nil {
			t.Fatal(err)
		}
		if _, err := s.RequestDynamicPassword(ctx, payment(ic, "", 1_500_000, "r1")); err != nil {
			t.Fatal(err)
		}
		if len(fake.issued) != 1 {
			t.Fatalf("%d codes issued", len(fake.issued))
		}
		if got, want := fake.issued[0].Approves, otp.ApprovesPayment(1_500_000, "فروشگاه نمونه"); got != want || want != "خرید ۱٬۵۰۰٬۰۰۰ ریال از «فروشگاه نمونه»" {
			t.Fatalf("approves %q, want %q", got, want)
		}
	})
}
