package app_test

import (
	"context"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"pishkhan/internal/browsertest"
	"pishkhan/internal/db"
	"pishkhan/internal/fa"
	"pishkhan/internal/isp"
)

// The demo's change-service subscriber (internal/app/demo_isp.go).
const (
	browserISPChangeCode = "6789123458"
	browserISPPassword   = "Kamel#Tulip-2049"
)

// TestBrowserISPChangeService is the ISP journey in headless Chromium:
// the demo subscriber «پیشگامان کا» (the guide's «فیروزه», 2,000,000 rials
// paid, 352 days left) signs in → the panel's home box → «تمدید و تغییر
// سرویس» → «تغییر سرویس», which values the current service at
// 1,928,767 rials by its remaining days → «زمرد» (8,000,000) → the
// pre-invoice with the guide's lines (VAT 720,000, remaining 1,928,767,
// payable 6,791,233) → the sandbox bank → back at the receipt → the home
// box shows «زمرد» active with 365 days left, and the service history
// records the online purchase.
func TestBrowserISPChangeService(t *testing.T) {
	b := browsertest.New(t, browserLongTimeout())
	srv, dir := startBillingBrowserServer(t)
	d, err := db.Open(context.Background(), filepath.Join(dir, "p.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { d.Close() })
	ctx := context.Background()
	captchaAnswer := func(id string) string {
		t.Helper()
		s, err := captchaDigits(ctx, d, id)
		if err != nil {
			t.Fatalf("captcha: %v", err)
		}
		return s
	}
	var zomorod int64
	if err := d.QueryRow(ctx, "SELECT id FROM isp_plans WHERE name = $1", isp.GuideZomorod).Scan(&zomorod); err != nil {
		t.Fatalf("the demo has no «زمرد» plan: %v", err)
	}

	b.Navigate(srv.URL + "/login")
	b.Fill("#identifier", browserISPChangeCode)
	b.Fill("#password", browserISPPassword)
	b.Submit("#identifier")
	browserExpectPath(t, b, "/", "after signing in")

	b.ClickAndWait(`nav.menu a[href="/isp"]`)
	browserExpectPath(t, b, "/isp", "after «پنل اینترنت» in the menu")
	if s := b.Text("#active-service"); s != fa.Digits(isp.GuideFirooze) {
		t.Errorf("home box: active service %q, want %q", s, fa.Digits(isp.GuideFirooze))
	}
	b.Snapshot("isp-home")

	b.ClickAndWait(`main a[href="/isp/renew"]`)
	if tabs := b.Texts("nav.tabs a"); strings.Join(tabs, "|") != "خرید سرویس|خرید ترافیک|خرید ترافیک زماندار|تغییر سرویس|تمدید IP استاتیک|شارژ رایگان" {
		t.Errorf("renew tabs %q, want the guide's six", tabs)
	}
	b.ClickAndWait(`nav.tabs a[href="/isp/renew?tab=change"]`)
	if h := b.Text("main h1"); h != "تغییر سرویس فعال" {
		t.Errorf("change tab: h1 %q", h)
	}
	if v := b.Text("#remaining-value"); v != "۱٬۹۲۸٬۷۶۷ ریال" {
		t.Errorf("remaining value %q, want «۱٬۹۲۸٬۷۶۷ ریال»", v)
	}
	quote := strings.Join(b.Texts("#change-quote td"), "|")
	for _, want := range []string{"۲٬۰۰۰٬۰۰۰ ریال", "۳۵۲", "روزهای باقیمانده"} {
		if !strings.Contains(quote, want) {
			t.Errorf("change quote %q lacks %q", quote, want)
		}
	}
	b.Snapshot("isp-change")
	b.Fill("#plan", strconv.FormatInt(zomorod, 10))
	if code := b.Submit("#plan"); code != 200 {
		t.Errorf("«تغییر سرویس انجام شود»: status %d, want 200 after the redirect", code)
	}
	orderPath := browserPath(t, b)
	if !regexp.MustCompile(`^/orders/[^/]+$`).MatchString(orderPath) {
		t.Fatalf("after «تغییر سرویس انجام شود» the browser shows %s, want /orders/…", orderPath)
	}
	if h := b.Text("main h1"); h != "اطلاعات سفارش شما جهت تایید و پرداخت آنلاین" {
		t.Errorf("pre-invoice: h1 = %q", h)
	}
	lines := strings.Join(b.Texts("main table.details th, main table.details td"), "|")
	for _, want := range []string{isp.GuideZomorod, "قیمت|۸٬۰۰۰٬۰۰۰ ریال", "مالیات بر ارزش افزوده|۷۲۰٬۰۰۰ ریال", "آبونمان|۰ ریال",
		"باقیمانده سرویس فعال|۱٬۹۲۸٬۷۶۷ ریال", "اعتبار پنل شما|۰ ریال", "مبلغ قابل پرداخت|۶٬۷۹۱٬۲۳۳ ریال"} {
		if !strings.Contains(lines, want) {
			t.Errorf("pre-invoice lacks %q:\n%s", want, lines)
		}
	}
	b.Snapshot("isp-pre-invoice")

	b.Click(`input[name="gateway"][value="sandbox"]`)
	b.ClickAndWait(`form[action$="/pay"] button[type="submit"]`)
	if p := browserPath(t, b); !strings.HasPrefix(p, "/sandbox-bank/pay/") {
		t.Fatalf("after «پرداخت» the browser shows %s, want the sandbox bank", p)
	}
	if a := b.Text("main td.amount"); a != "۶٬۷۹۱٬۲۳۳ ریال" {
		t.Errorf("bank page: amount %q, want «۶٬۷۹۱٬۲۳۳ ریال»", a)
	}
	b.Fill("#card", browserTestCard)
	b.Fill("#cvv2", browserTestCVV2)
	b.Fill("#exp_month", browserTestExpMonth)
	b.Fill("#exp_year", browserTestExpYear)
	b.Fill("#password", browserDynamicPassword)
	b.Fill("#captcha", captchaAnswer(b.Value(`input[name="captcha_id"]`)))
	b.ClickAndWait(`button[value="pay"]`)
	browserExpectPath(t, b, orderPath, "after paying at the bank")
	if ok := b.Texts("main .flash-success"); !browserContains(ok, "پرداخت با موفقیت انجام شد؛ شماره پیگیری بانک:") {
		t.Errorf("receipt: %q", ok)
	}

	b.Navigate(srv.URL + "/isp")
	if s := b.Text("#active-service"); s != fa.Digits(isp.GuideZomorod) {
		t.Errorf("after paying the active service is %q, want %q", s, fa.Digits(isp.GuideZomorod))
	}
	if days := b.Text("#days-left"); days != "۳۶۵ روز" {
		t.Errorf("days left %q, want «۳۶۵ روز»", days)
	}
	b.Snapshot("isp-home-after")
	b.Navigate(srv.URL + "/isp/history")
	if rows := strings.Join(b.Texts("#purchases td"), "|"); !strings.Contains(rows, fa.Digits(isp.GuideZomorod)+"|آنلاین|تغییر سرویس") {
		t.Errorf("service history lacks the online change: %q", rows)
	}
	browserExpectNoConsoleErrors(t, b)
}

// TestBrowserISPDowngradeConfirmed is the dead end of issue 16 in
// headless Chromium: «پیشگامان کا» changes «فیروزه» (worth 1,928,767 by
// its remaining days) to the cheaper «عقیق» (1,400,000 + 126,000 VAT),
// the pre-invoice shows «۰ ریال» to pay and 402,767 rials for the panel,
// «تایید سفارش» confirms it without a bank, the home box shows «عقیق»,
// and the wallet holds 402,767 rials with its ledger row.
func TestBrowserISPDowngradeConfirmed(t *testing.T) {
	b := browsertest.New(t, browserLongTimeout())
	srv, dir := startBillingBrowserServer(t)
	d, err := db.Open(context.Background(), filepath.Join(dir, "p.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { d.Close() })
	var aghigh int64
	if err := d.QueryRow(context.Background(), "SELECT id FROM isp_plans WHERE name = $1", isp.GuideAghigh).Scan(&aghigh); err != nil {
		t.Fatalf("the demo has no «عقیق» plan: %v", err)
	}

	b.Navigate(srv.URL + "/login")
	b.Fill("#identifier", browserISPChangeCode)
	b.Fill("#password", browserISPPassword)
	b.Submit("#identifier")
	browserExpectPath(t, b, "/", "after signing in")

	b.Navigate(srv.URL + "/isp/renew?tab=change")
	b.Fill("#plan", strconv.FormatInt(aghigh, 10))
	b.Submit("#plan")
	orderPath := browserPath(t, b)
	if !regexp.MustCompile(`^/orders/[^/]+$`).MatchString(orderPath) {
		t.Fatalf("after «تغییر سرویس انجام شود» the browser shows %s, want /orders/…", orderPath)
	}
	lines := strings.Join(b.Texts("main table.details th, main table.details td"), "|")
	for _, want := range []string{"باقیمانده سرویس فعال|۱٬۹۲۸٬۷۶۷ ریال", "مبلغ قابل پرداخت|۰ ریال", "مبلغ منظور شده در پنل شما|۴۰۲٬۷۶۷ ریال"} {
		if !strings.Contains(lines, want) {
			t.Errorf("pre-invoice lacks %q:\n%s", want, lines)
		}
	}
	if b.Exists(`input[name="gateway"]`) {
		t.Error("a bank is offered for an order with nothing to pay")
	}
	b.Snapshot("isp-downgrade-pre-invoice")
	b.PhoneViewport()
	b.Snapshot("isp-downgrade-pre-invoice-phone")
	b.DesktopViewport()
	b.ClickAndWait(`form[action$="/pay"] button[type="submit"]`)
	browserExpectPath(t, b, orderPath, "after «تایید سفارش»")
	if ok := b.Texts("main .flash-success"); !browserContains(ok, "سفارش شما تایید و اعمال گردید") || !browserContains(ok, "بدون پرداخت بانکی") {
		t.Errorf("after confirming: %q", ok)
	}
	if b.Exists(`form[action$="/pay"]`) {
		t.Error("the confirmed order still offers «تایید سفارش»")
	}

	b.Navigate(srv.URL + "/isp")
	if s := b.Text("#active-service"); s != fa.Digits(isp.GuideAghigh) {
		t.Errorf("after confirming the active service is %q, want %q", s, fa.Digits(isp.GuideAghigh))
	}
	b.Navigate(srv.URL + "/wallet")
	if a := b.Text("main strong.amount"); a != "۴۰۲٬۷۶۷ ریال" {
		t.Errorf("wallet balance %q, want «۴۰۲٬۷۶۷ ریال»", a)
	}
	if rows := strings.Join(b.Texts("main table td"), "|"); !strings.Contains(rows, "۴۰۲٬۷۶۷ ریال|۴۰۲٬۷۶۷ ریال") {
		t.Errorf("wallet ledger lacks the credit: %q", rows)
	}
	b.Snapshot("isp-downgrade-wallet")
	b.Navigate(srv.URL + orderPath)
	b.PhoneViewport()
	b.Snapshot("isp-downgrade-receipt-phone")
	browserExpectNoConsoleErrors(t, b)
}
