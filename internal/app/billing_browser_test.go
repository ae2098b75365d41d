package app_test

import (
	"context"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/cdproto/cdp"
	"github.com/chromedp/cdproto/emulation"
	"github.com/chromedp/chromedp"

	"pishkhan/internal/browsertest"
	"pishkhan/internal/db"
)

// The sandbox bank's written test rules (the bank page and
// internal/billing/sandbox_issuer.go): any Luhn-valid card, any 3–4 digit
// CVV2, an expiry in the future; the dynamic password 123456 pays.
const (
	browserTestCard        = "6037997599999993"
	browserTestCVV2        = "123"
	browserTestExpMonth    = "12"
	browserTestExpYear     = "08" // 1408
	browserDynamicPassword = "123456"
	browserA4Width         = 703 // (210 − 2×12) mm at 96 px per inch
)

// TestBrowserPayThroughSandboxBank is the billing journey in headless
// Chromium (PISHKHAN_TEST_BROWSER=1 switches it on): the demo customer
// signs in, asks on the wallet page to top up her credit by an amount
// typed in Persian digits → the pre-invoice with the figures and the
// sandbox bank → «پرداخت» → the sandbox bank's page, where «دریافت رمز از
// طریق پیامک» with the card filled shows the dynamic-password message →
// paid with the dynamic password → back at the order, now a receipt
// («پرداخت با موفقیت انجام شد») → the invoice with the amount in Persian
// digits and «چاپ فاکتور», whose print layout hides the header and menu →
// the wallet shows the new balance. A second order cancelled at the bank
// («انصراف») comes back as «پرداخت ناموفق», and the payments page lists
// one successful and one failed payment.
func TestBrowserPayThroughSandboxBank(t *testing.T) {
	b := browsertest.New(t, browserLongTimeout())
	srv, dir := startBillingBrowserServer(t)
	d, err := db.Open(context.Background(), filepath.Join(dir, "p.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { d.Close() })
	captchaAnswer := func(id string) string {
		t.Helper()
		s, err := captchaDigits(context.Background(), d, id)
		if err != nil {
			t.Fatalf("captcha: %v", err)
		}
		return s
	}

	// Sign in as the demo customer (password changed, questions set).
	b.Navigate(srv.URL + "/login")
	b.Fill("#identifier", browserReadyCode)
	b.Fill("#password", browserStrongPass)
	b.Submit("#identifier")
	browserExpectPath(t, b, "/", "after signing in")

	// The wallet, from the menu.
	b.ClickAndWait(`nav.menu a[href="/wallet"]`)
	browserExpectPath(t, b, "/wallet", "after «عملیات مالی و بانک مجازی» in the menu")
	if h := b.Text("main h1"); h != "عملیات مالی و بانک مجازی" {
		t.Errorf("wallet page: h1 = %q, want «عملیات مالی و بانک مجازی»", h)
	}
	before := browserRials(t, b.Text("main strong.amount"))

	// A top-up of 2,500,000 rials, typed on a Persian keyboard.
	if l := b.Text(`label[for="amount"]`); !strings.Contains(l, "افزایش اعتبار") {
		t.Errorf("the amount's label is %q, want «افزایش اعتبار …»", l)
	}
	b.Fill("#amount", "۲٬۵۰۰٬۰۰۰")
	if code := b.Submit("#amount"); code != 200 {
		t.Errorf("the top-up order: status %d, want 200 (after the redirect)", code)
	}
	orderPath := browserPath(t, b)
	if !regexp.MustCompile(`^/orders/[^/]+$`).MatchString(orderPath) {
		t.Fatalf("after the top-up the browser shows %s, want /orders/…", orderPath)
	}

	// The pre-invoice.
	if h := b.Text("main h1"); h != "اطلاعات سفارش شما جهت تایید و پرداخت آنلاین" {
		t.Errorf("pre-invoice: h1 = %q", h)
	}
	if tr := b.Text("main .flash-info"); !strings.Contains(tr, "شماره سفارش شما جهت پیگیری") || !browserHasPersianDigit(tr) || browserHasLatinDigit(tr) {
		t.Errorf("pre-invoice: tracking line %q, want «شماره سفارش شما جهت پیگیری …» in Persian digits", tr)
	}
	if p := b.Text("main table.details td.amount"); p != "۲٬۵۰۰٬۰۰۰ ریال" {
		t.Errorf("pre-invoice: amount payable %q, want «۲٬۵۰۰٬۰۰۰ ریال»", p)
	}
	if banks := b.Texts("main fieldset.banks label"); !browserContains(banks, "بانک آزمایشی پیشخوان") {
		t.Errorf("pre-invoice: banks %q lack «بانک آزمایشی پیشخوان»", banks)
	}
	if back := b.Texts("main .actions a"); !browserContains(back, "بازگشت و تصحیح") {
		t.Errorf("pre-invoice: links %q lack «بازگشت و تصحیح»", back)
	}
	b.Snapshot("pre-invoice")

	// Choose the sandbox bank and pay: the bank's own page.
	b.Click(`input[name="gateway"][value="sandbox"]`)
	payButton := `form[action$="/pay"] button[type="submit"]`
	if l := b.Text(payButton); l != "پرداخت" {
		t.Errorf("pre-invoice: the pay button says %q, want «پرداخت»", l)
	}
	b.ClickAndWait(payButton)
	bankPath := browserPath(t, b)
	if !strings.HasPrefix(bankPath, "/sandbox-bank/pay/") {
		t.Fatalf("after «پرداخت» the browser shows %s, want the sandbox bank's page /sandbox-bank/pay/…", bankPath)
	}
	if h := b.Text("main h1"); h != "درگاه پرداخت اینترنتی" {
		t.Errorf("bank page: h1 = %q, want «درگاه پرداخت اینترنتی»", h)
	}
	if a := b.Text("main td.amount"); a != "۲٬۵۰۰٬۰۰۰ ریال" {
		t.Errorf("bank page: amount %q, want «۲٬۵۰۰٬۰۰۰ ریال»", a)
	}
	for _, sel := range []string{"#card", "#cvv2", "#exp_month", "#exp_year", "#password", "#captcha", "img.captcha",
		`button[value="pay"]`, `button[value="cancel"]`, `button[value="dynamic"]`} {
		if !b.Visible(sel) {
			t.Errorf("bank page: %s is not visible", sel)
		}
	}
	b.Snapshot("bank-page")

	// «دریافت رمز از طریق پیامک» with the card filled: the issuer's message.
	b.Fill("#card", browserTestCard)
	if l := b.Text(`button[value="dynamic"]`); l != "دریافت رمز از طریق پیامک" {
		t.Errorf("bank page: the dynamic-password button says %q", l)
	}
	if code := b.ClickAndWait(`button[value="dynamic"]`); code != 200 {
		t.Errorf("«دریافت رمز از طریق پیامک»: status %d, want 200", code)
	}
	browserExpectPath(t, b, bankPath, "after «دریافت رمز از طریق پیامک»")
	// (The issuer's message gives the test password in Latin digits
	// while the page's hint uses Persian ones; either is accepted here.)
	if msg := b.Text(`main [role="status"]`); !strings.Contains(msg, "رمز پویا") || !strings.Contains(msg, "ارسال شد") ||
		!(strings.Contains(msg, "۱۲۳۴۵۶") || strings.Contains(msg, browserDynamicPassword)) {
		t.Errorf("after «دریافت رمز از طریق پیامک» the page says %q, want the dynamic password message («رمز پویا … ارسال شد … ۱۲۳۴۵۶»)", msg)
	}
	if b.Exists("main .flash-error") {
		t.Errorf("after «دریافت رمز از طریق پیامک» an error shows: %q", b.Text("main .flash-error"))
	}
	if v := b.Value("#card"); v != browserTestCard {
		t.Errorf("after «دریافت رمز از طریق پیامک» the card field holds %q, want the card kept", v)
	}

	// Pay with the dynamic password.
	b.Fill("#card", browserTestCard)
	b.Fill("#cvv2", browserTestCVV2)
	b.Fill("#exp_month", browserTestExpMonth)
	b.Fill("#exp_year", browserTestExpYear)
	b.Fill("#password", browserDynamicPassword)
	b.Fill("#captcha", captchaAnswer(b.Value(`input[name="captcha_id"]`)))
	if code := b.ClickAndWait(`button[value="pay"]`); code != 200 {
		t.Errorf("paying at the bank: status %d, want 200 (the receipt, after the redirects)", code)
	}
	browserExpectPath(t, b, orderPath, "after paying at the bank")

	// The receipt.
	if ok := b.Texts("main .flash-success"); !browserContains(ok, "پرداخت با موفقیت انجام شد؛ شماره پیگیری بانک:") {
		t.Errorf("receipt: success messages %q, want «پرداخت با موفقیت انجام شد؛ شماره پیگیری بانک: …»", ok)
	}
	if l := b.Text(`main a[href^="/invoices/"]`); l != "مشاهده و چاپ فاکتور" {
		t.Errorf("receipt: the invoice link says %q, want «مشاهده و چاپ فاکتور»", l)
	}
	if st := b.Text("main table.details tr:first-child td:last-child"); st != "پرداخت شده" {
		t.Errorf("receipt: order state %q, want «پرداخت شده»", st)
	}
	if b.Exists(`form[action$="/pay"]`) {
		t.Error("the receipt still offers to pay")
	}
	b.Snapshot("receipt")

	// The invoice.
	b.ClickAndWait(`main a[href^="/invoices/"]`)
	if p := browserPath(t, b); !regexp.MustCompile(`^/invoices/\d+$`).MatchString(p) {
		t.Fatalf("after «مشاهده و چاپ فاکتور» the browser shows %s, want /invoices/…", p)
	}
	if h := b.Text("main h1"); h != "صورتحساب فروش کالا و خدمات" {
		t.Errorf("invoice: h1 = %q", h)
	}
	if paid := b.Text("article.invoice td.amount"); paid != "۲٬۵۰۰٬۰۰۰" {
		t.Errorf("invoice: amount paid %q, want «۲٬۵۰۰٬۰۰۰»", paid)
	}
	// The amounts (the lines and totals) in Persian digits.
	figures := b.Texts("article.invoice section:last-of-type td.num")
	if len(figures) < 3 {
		t.Errorf("invoice: amounts %q, want the line, the totals and the amount paid", figures)
	}
	for _, cell := range figures {
		if !browserHasPersianDigit(cell) || browserHasLatinDigit(cell) {
			t.Errorf("invoice: amount %q is not in Persian digits", cell)
		}
	}
	if p := b.Text("article.invoice [data-print]"); p != "چاپ فاکتور" {
		t.Errorf("invoice: the print button says %q, want «چاپ فاکتور»", p)
	}
	b.Snapshot("invoice")

	// Printed: no header, menu or buttons; the invoice itself stays.
	browserEmulateMedia(b, "print")
	for _, sel := range []string{".topbar", "nav.menu", ".footer", "article.invoice .no-print"} {
		if b.Exists(sel) {
			if d := b.Style(sel, "display"); d != "none" {
				t.Errorf("printed invoice: %s has display %q, want none", sel, d)
			}
		}
	}
	if !b.Visible("article.invoice") || !b.Visible("article.invoice td.amount") {
		t.Error("printed invoice: the invoice is not visible")
	}
	// On A4 (210 mm less the 12 mm margins of @page: about 703 CSS
	// pixels) the invoice fits the width of the paper.
	b.Do("an A4-wide page", chromedp.EmulateViewport(browserA4Width, 1000))
	var fit struct{ Left, Right, ScrollWidth, InnerWidth float64 }
	b.Eval(`(() => { const r = document.querySelector("article.invoice").getBoundingClientRect();
		return {left: r.left, right: r.right, scrollWidth: document.documentElement.scrollWidth, innerWidth: innerWidth}; })()`, &fit)
	if fit.Left < 0 || fit.Right > fit.InnerWidth+0.5 || fit.ScrollWidth > fit.InnerWidth {
		t.Errorf("printed on A4 the invoice spans %.0f–%.0f px (page %.0f px wide, content %.0f px): it does not fit the paper",
			fit.Left, fit.Right, fit.InnerWidth, fit.ScrollWidth)
	}
	b.DesktopViewport()
	browserEmulateMedia(b, "")

	// The wallet shows the new balance.
	b.Navigate(srv.URL + "/wallet")
	if after := browserRials(t, b.Text("main strong.amount")); after != before+2_500_000 {
		t.Errorf("wallet after the top-up: balance %d rials, want %d + 2,500,000", after, before)
	}

	// A second order, cancelled at the bank: shown as failed.
	b.Fill("#amount", "۱۰۰٬۰۰۰")
	b.Submit("#amount")
	secondPath := browserPath(t, b)
	if secondPath == orderPath || !strings.HasPrefix(secondPath, "/orders/") {
		t.Fatalf("the second top-up: the browser shows %s, want a new /orders/…", secondPath)
	}
	b.ClickAndWait(payButton)
	if p := browserPath(t, b); !strings.HasPrefix(p, "/sandbox-bank/pay/") || p == bankPath {
		t.Fatalf("the second order's «پرداخت»: the browser shows %s, want a new bank page", p)
	}
	if l := b.Text(`button[value="cancel"]`); l != "انصراف" {
		t.Errorf("bank page: the cancel button says %q, want «انصراف»", l)
	}
	b.ClickAndWait(`button[value="cancel"]`)
	browserExpectPath(t, b, secondPath, "after «انصراف» at the bank")
	if st := b.Text("main table.details tr:first-child td:last-child"); st != "پرداخت ناموفق" {
		t.Errorf("the cancelled order: state %q, want «پرداخت ناموفق»", st)
	}
	if b.Exists("main .flash-success") {
		t.Errorf("the cancelled order shows success: %q", b.Text("main .flash-success"))
	}

	// The payments: one successful, one failed.
	b.ClickAndWait(`nav.menu a[href="/payments"]`)
	browserExpectPath(t, b, "/payments", "after «پرداخت های موفق و ناموفق» in the menu")
	states := b.Texts("main tbody tr td:last-child")
	ok, failed := 0, 0
	for _, s := range states {
		switch s {
		case "موفق":
			ok++
		case "ناموفق":
			failed++
		}
	}
	if len(states) != 2 || ok != 1 || failed != 1 {
		t.Errorf("payments: states %q, want one «موفق» and one «ناموفق»", states)
	}
	if n := b.Count("main tbody td.status-ok"); n != 1 {
		t.Errorf("payments: %d rows marked successful, want 1", n)
	}

	browserExpectNoConsoleErrors(t, b)
}

// browserEmulateMedia makes the tab render for media ("print"), or for the
// screen again with "".
func browserEmulateMedia(b *browsertest.Browser, media string) {
	b.Do("emulate media "+media, chromedp.Func(func(ctx context.Context, tg *chromedp.Target) error {
		_, err := cdp.Call(ctx, tg, emulation.SetEmulatedMedia, emulation.SetEmulatedMediaParams{Media: media})
		return err
	}))
}

// browserRials reads an amount such as «۲٬۵۰۰٬۰۰۰ ریال» shown in Persian
// digits; it fails the test on Latin digits or no digits.
func browserRials(t *testing.T, s string) int64 {
	t.Helper()
	var n int64
	seen := false
	for _, r := range s {
		switch {
		case r >= '۰' && r <= '۹':
			n = n*10 + int64(r-'۰')
			seen = true
		case r >= '0' && r <= '9':
			t.Fatalf("amount %q shows Latin digits", s)
		}
	}
	if !seen {
		t.Fatalf("amount %q has no digits", s)
	}
	return n
}

// startBillingBrowserServer is startBrowserServer that also returns the
// server's data folder, whose SQLite database holds the captcha answers.
func startBillingBrowserServer(t *testing.T) (*browserServer, string) {
	t.Helper()
	s, dir := startBrowserServerWith(t, nil, time.Now)
	s.stopCleanly(t)
	return s, dir
}
