package app_test

import (
	"context"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"pishkhan/internal/browsertest"
	"pishkhan/internal/db"
)

// TestBrowserDynamicPasswordJourney is issue 7's browser journey on the
// sandbox bank. The demo card holder's mobile is confirmed and SMS codes
// are on for his card (the demo's «dynamic-password» seed). The demo's
// ready customer tops up her wallet by 1,500,000 rials — above the
// 1,000,000-rial daily cap of the static second password — and pays with
// the demo card: the static password is refused with «رمز دوم پویا الزامی
// است (کد ۶۵)»; «دریافت رمز از طریق پیامک» sends a code to the confirmed
// mobile (read here from the SMS outbox, as the phone would show it);
// that code pays, once.
func TestBrowserDynamicPasswordJourney(t *testing.T) {
	b := browsertest.New(t, browserLongTimeout())
	srv, dir := startBillingBrowserServer(t)
	d, err := db.Open(context.Background(), filepath.Join(dir, "p.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { d.Close() })
	ctx := context.Background()
	captchaAnswer := func() string {
		t.Helper()
		id := b.Value(`input[name="captcha_id"]`)
		s, err := captchaDigits(ctx, d, id)
		if err != nil {
			t.Fatalf("captcha: %v", err)
		}
		return s
	}
	fillCard := func(password string) {
		b.Fill("#card", "6200 6200 0000 0000")
		b.Fill("#cvv2", "123")
		b.Fill("#exp_month", "12")
		b.Fill("#exp_year", "10")
		b.Fill("#password", password)
		b.Fill("#captcha", captchaAnswer())
	}

	b.Navigate(srv.URL + "/login")
	b.Fill("#identifier", browserReadyCode)
	b.Fill("#password", browserStrongPass)
	b.Submit("#identifier")
	browserExpectPath(t, b, "/", "after signing in")
	b.Navigate(srv.URL + "/wallet")
	b.Fill("#amount", "۱٬۵۰۰٬۰۰۰")
	b.Submit("#amount")
	orderPath := browserPath(t, b)
	if !regexp.MustCompile(`^/orders/[^/]+$`).MatchString(orderPath) {
		t.Fatalf("after the top-up the browser shows %s, want /orders/…", orderPath)
	}
	b.Click(`input[name="gateway"][value="sandbox"]`)
	b.ClickAndWait(`form[action$="/pay"] button[type="submit"]`)
	bankPath := browserPath(t, b)
	if !strings.HasPrefix(bankPath, "/sandbox-bank/pay/") {
		t.Fatalf("the browser shows %s, want the sandbox bank's page", bankPath)
	}
	if a := b.Text("main td.amount"); a != "۱٬۵۰۰٬۰۰۰ ریال" {
		t.Errorf("bank page: amount %q, want «۱٬۵۰۰٬۰۰۰ ریال»", a)
	}

	// The static second password above the cap: refused, code 65.
	fillCard("4321")
	if code := b.ClickAndWait(`button[value="pay"]`); code != 422 {
		t.Errorf("paying 1,500,000 with the static password: status %d, want 422", code)
	}
	browserExpectPath(t, b, bankPath, "after the static password above the cap")
	if e := b.Text(`main [role="alert"]`); !strings.Contains(e, "رمز دوم پویا الزامی است") || !strings.Contains(e, "۶۵") {
		t.Errorf("after the static password the bank says %q, want «رمز دوم پویا الزامی است (کد ۶۵)»", e)
	}

	// «دریافت رمز از طریق پیامک»: a code to the confirmed mobile.
	sentAfter := time.Now().Add(-time.Second)
	b.Fill("#card", "6200620000000000")
	if code := b.ClickAndWait(`button[value="dynamic"]`); code != 200 {
		t.Errorf("«دریافت رمز از طریق پیامک»: status %d, want 200", code)
	}
	if msg := b.Text(`main [role="status"]`); !strings.Contains(msg, "رمز پویا به شماره همراه تایید شده ارسال شد") {
		t.Errorf("after «دریافت رمز از طریق پیامک» the page says %q", msg)
	}
	var body string
	var sensitive bool
	err = d.QueryRow(ctx, `SELECT body, sensitive FROM sms_outbox WHERE mobile = $1 AND created_at >= $2 ORDER BY id DESC LIMIT 1`,
		"09121110001", sentAfter.UTC()).Scan(&body, &sensitive)
	if err != nil {
		t.Fatalf("no SMS to the confirmed mobile 09121110001: %v", err)
	}
	code := regexp.MustCompile(`\d{6}`).FindString(body)
	if code == "" || !sensitive || !strings.Contains(body, "محرمانه") {
		t.Fatalf("the dynamic-password SMS %q (sensitive %v): want a 6-digit code and «محرمانه»", body, sensitive)
	}

	// The code pays; the receipt shows the order paid.
	fillCard(code)
	if status := b.ClickAndWait(`button[value="pay"]`); status != 200 {
		t.Errorf("paying with the dynamic password: status %d, want 200 (the receipt)\n\tthe page says: %s", status, strings.Join(strings.Fields(b.Text("main")), " "))
	}
	browserExpectPath(t, b, orderPath, "after paying with the dynamic password")
	if st := b.Text("main table.details tr:first-child td:last-child"); st != "پرداخت شده" {
		t.Errorf("receipt: order state %q, want «پرداخت شده»", st)
	}
	b.Snapshot("dynamic-password-paid")
}
