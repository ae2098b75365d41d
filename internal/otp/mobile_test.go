package otp

import (
	"errors"
	"strings"
	"testing"

	"pishkhan/internal/fa"
)

func TestConfirmMobileChangeDisablesDevice(t *testing.T) {
	engines(t, func(t *testing.T, e *env) {
		e.s.UseAudit(e.ids)
		p := e.customer(t)
		if _, ok, err := e.s.ConfirmedMobile(ctx, p); ok || err != nil {
			t.Fatalf("before confirmation: %v, %v", ok, err)
		}
		if err := e.s.ConfirmMobile(ctx, p, "۰۹۱۲ ۱۲۳ ۴۵۶۷", 7, "کارت ملی، ۴ رقم آخر ۵۶۷۸"); err != nil {
			t.Fatal(err)
		}
		m, ok, err := e.s.ConfirmedMobile(ctx, p)
		if !ok || err != nil || m != "09121234567" {
			t.Fatalf("confirmed mobile %q, %v, %v", m, ok, err)
		}
		// Enrol an authenticator; confirming the same number keeps it.
		secret, act, _ := e.enrol(t, p)
		if err := e.s.ConfirmEnrolment(ctx, p, act, refTOTP(seedBytes(t, secret), e.clock.Now(), 6)); err != nil {
			t.Fatal(err)
		}
		if err := e.s.ConfirmMobile(ctx, p, "09121234567", 7, "کارت ملی"); err != nil {
			t.Fatal(err)
		}
		if has, _ := e.s.HasDevice(ctx, p); !has {
			t.Fatal("re-confirming the same number disabled the device")
		}
		// A changed number disables it.
		if err := e.s.ConfirmMobile(ctx, p, "09351112233", 8, "شناسنامه، ۳ رقم آخر ۱۲۳"); err != nil {
			t.Fatal(err)
		}
		if has, _ := e.s.HasDevice(ctx, p); has {
			t.Fatal("device still active after the number changed")
		}
		if m, _, _ := e.s.ConfirmedMobile(ctx, p); m != "09351112233" {
			t.Fatalf("mobile after change %q", m)
		}
		var n int
		if err := e.d.QueryRow(ctx, `SELECT COUNT(*) FROM audit_log WHERE action = $1 AND target_id = $2`, ActionMobileConfirm, p).Scan(&n); err != nil || n != 3 {
			t.Fatalf("audit entries %d, %v", n, err)
		}
		var detail string
		if err := e.d.QueryRow(ctx, `SELECT detail FROM audit_log WHERE action = $1 AND target_id = $2 ORDER BY id DESC LIMIT 1`, ActionMobileConfirm, p).Scan(&detail); err != nil || !strings.Contains(detail, "برنامک رمزساز غیرفعال شد") {
			t.Fatalf("audit detail %q, %v", detail, err)
		}

		// Refusals, in Persian, changing nothing.
		for _, c := range []struct{ mobile, check string }{{"12345", "کارت ملی"}, {"09121234567", "  "}} {
			err := e.s.ConfirmMobile(ctx, p, c.mobile, 7, c.check)
			var oe *fa.Error
			if !errors.As(err, &oe) || !strings.ContainsAny(oe.Message, "شمارهاحراز") {
				t.Fatalf("%q/%q: %v", c.mobile, c.check, err)
			}
		}
		if err := e.s.ConfirmMobile(ctx, p, "12345", 7, "کارت ملی"); !errors.Is(err, ErrMobileInvalid) {
			t.Fatalf("invalid mobile: %v", err)
		}
		if err := e.s.ConfirmMobile(ctx, p, "09121234567", 7, ""); !errors.Is(err, ErrCheckRequired) {
			t.Fatalf("missing check: %v", err)
		}
		if m, _, _ := e.s.ConfirmedMobile(ctx, p); m != "09351112233" {
			t.Fatalf("refused confirmation changed the mobile to %q", m)
		}

		// Revoking needs a reason and removes the number.
		if err := e.s.RevokeMobile(ctx, p, 7, ""); !errors.Is(err, ErrReasonRequired) {
			t.Fatalf("revoke without reason: %v", err)
		}
		if err := e.s.RevokeMobile(ctx, p, 7, "درخواست مشتری"); err != nil {
			t.Fatal(err)
		}
		if _, ok, _ := e.s.ConfirmedMobile(ctx, p); ok {
			t.Fatal("revoked mobile still confirmed")
		}
		if err := e.s.RevokeMobile(ctx, p, 7, "دوباره"); !errors.Is(err, ErrNoMobile) {
			t.Fatalf("revoke twice: %v", err)
		}
	})
}
