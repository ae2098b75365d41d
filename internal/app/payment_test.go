package app_test

import (
	"context"
	"io"
	"net/http"
	"net/http/cookiejar"
	"net/url"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"testing"

	"pishkhan/internal/db"
)

// portalClient is a browser without a browser: cookies, no automatic
// redirects, forms read from the pages.
type portalClient struct {
	t    *testing.T
	base string
	c    *http.Client
	csrf string
}

var (
	csrfField    = regexp.MustCompile(`name="csrf_token" value="([^"]+)"`)
	captchaField = regexp.MustCompile(`name="captcha_id" value="([^"]+)"`)
)

func newPortalClient(t *testing.T, base string) *portalClient {
	jar, _ := cookiejar.New(nil)
	return &portalClient{t: t, base: base, c: &http.Client{Jar: jar, CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}}
}

func (p *portalClient) get(path string) (int, string, string) {
	p.t.Helper()
	u := path
	if strings.HasPrefix(path, "/") {
		u = p.base + path
	}
	resp, err := p.c.Get(u)
	if err != nil {
		p.t.Fatal(err)
	}
	b, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	if m := csrfField.FindStringSubmatch(string(b)); m != nil {
		p.csrf = m[1]
	}
	return resp.StatusCode, resp.Header.Get("Location"), string(b)
}

func (p *portalClient) post(path string, form url.Values) (int, string, string) {
	p.t.Helper()
	u := path
	if strings.HasPrefix(path, "/") {
		u = p.base + path
	}
	form.Set("csrf_token", p.csrf)
	resp, err := p.c.PostForm(u, form)
	if err != nil {
		p.t.Fatal(err)
	}
	b, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	return resp.StatusCode, resp.Header.Get("Location"), string(b)
}

// TestWalletTopUpThroughTheSandboxBank is the billing flow end to end on
// the real server: order → pre-invoice → bank page → pay → callback →
// receipt → invoice, the wallet credited once even when the bank's
// callback arrives many times at once; and a cancelled payment that shows
// as failed.
func TestWalletTopUpThroughTheSandboxBank(t *testing.T) {
	dir := t.TempDir()
	s := startServe(t, dir, "--demo")
	d, err := db.Open(context.Background(), filepath.Join(dir, "p.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer d.Close()
	captchaAnswer := func(id string) string {
		s, err := captchaDigits(context.Background(), d, id)
		if err != nil {
			t.Fatalf("captcha: %v", err)
		}
		return s
	}

	c := newPortalClient(t, s.base)
	c.get("/login")
	if code, loc, _ := c.post("/login", url.Values{"identifier": {"5678912348"}, "password": {"Kamel#Tulip-2049"}}); code != 303 || loc != "/" {
		t.Fatalf("sign-in: %d %s", code, loc)
	}
	// The wallet page and a top-up order, typed in Persian digits.
	if code, _, page := c.get("/wallet"); code != 200 || !strings.Contains(page, "عملیات مالی و بانک مجازی") {
		t.Fatalf("wallet: %d", code)
	}
	code, loc, _ := c.post("/wallet/top-up", url.Values{"amount": {"۲٬۵۰۰٬۰۰۰"}})
	if code != 303 || !strings.HasPrefix(loc, "/orders/") {
		t.Fatalf("top-up: %d %s", code, loc)
	}
	orderPath := loc
	code, _, page := c.get(orderPath)
	for _, want := range []string{"اطلاعات سفارش شما جهت تایید و پرداخت آنلاین", "شماره سفارش شما جهت پیگیری", "۲٬۵۰۰٬۰۰۰ ریال", "بانک آزمایشی پیشخوان", "بازگشت و تصحیح"} {
		if !strings.Contains(page, want) {
			t.Fatalf("pre-invoice (%d) lacks %q", code, want)
		}
	}
	// To the bank.
	code, bankURL, _ := c.post(orderPath+"/pay", url.Values{"gateway": {"sandbox"}})
	if code != 303 || !strings.Contains(bankURL, "/sandbox-bank/pay/") {
		t.Fatalf("to the bank: %d %s", code, bankURL)
	}
	_, _, bank := c.get(bankURL)
	m := captchaField.FindStringSubmatch(bank)
	if m == nil {
		t.Fatalf("bank page has no captcha: %s", bank)
	}
	code, callback, _ := c.post(bankURL, url.Values{"action": {"pay"}, "card": {"6037997599999993"}, "cvv2": {"123"},
		"exp_month": {"12"}, "exp_year": {"08"}, "password": {"1234"}, "captcha_id": {m[1]}, "captcha": {captchaAnswer(m[1])}})
	if code != 303 || !strings.Contains(callback, "/billing/callback/sandbox") {
		t.Fatalf("payment: %d %s", code, callback)
	}
	// The bank's callback arrives many times at once (a retrying bank, a
	// double click); the order is settled once.
	var wg sync.WaitGroup
	for range 20 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			resp, err := http.Get(callback)
			if err == nil {
				resp.Body.Close()
			}
		}()
	}
	wg.Wait()
	code, loc, _ = c.get(callback)
	if code != 303 || loc != orderPath {
		t.Fatalf("callback: %d %s", code, loc)
	}
	_, _, receipt := c.get(orderPath)
	if !strings.Contains(receipt, "پرداخت با موفقیت انجام شد") || !strings.Contains(receipt, "/invoices/") {
		t.Fatalf("receipt: %s", receipt)
	}
	invoicePath := "/invoices/" + regexp.MustCompile(`/invoices/(\d+)`).FindStringSubmatch(receipt)[1]
	if code, _, inv := c.get(invoicePath); code != 200 || !strings.Contains(inv, "چاپ فاکتور") || !strings.Contains(inv, "۲٬۵۰۰٬۰۰۰") {
		t.Fatalf("invoice: %d", code)
	}
	if _, _, wallet := c.get("/wallet"); !strings.Contains(wallet, "۲٬۵۰۰٬۰۰۰ ریال") {
		t.Fatal("the wallet was not credited")
	}
	var entries, invoices int
	d.QueryRow(context.Background(), "SELECT COUNT(*) FROM billing_wallet_entries").Scan(&entries)
	d.QueryRow(context.Background(), "SELECT COUNT(*) FROM billing_invoices").Scan(&invoices)
	if entries != 1 || invoices != 1 {
		t.Fatalf("after 21 callbacks: %d wallet entries, %d invoices", entries, invoices)
	}
	if _, _, pays := c.get("/payments"); !strings.Contains(pays, "موفق") {
		t.Fatal("the payment is not listed as successful")
	}

	// A cancelled payment shows as failed.
	_, loc, _ = c.post("/wallet/top-up", url.Values{"amount": {"100000"}})
	_, bankURL, _ = c.post(loc+"/pay", url.Values{"gateway": {"sandbox"}})
	c.get(bankURL)
	_, callback, _ = c.post(bankURL, url.Values{"action": {"cancel"}})
	c.get(callback)
	if _, _, page := c.get(loc); !strings.Contains(page, "پرداخت ناموفق") {
		t.Fatal("a cancelled payment does not show as failed")
	}
	if _, _, pays := c.get("/payments"); !strings.Contains(pays, "ناموفق") {
		t.Fatal("the failed payment is not listed")
	}
	// Another customer cannot see this order or invoice.
	other := newPortalClient(t, s.base)
	other.get("/login")
	other.post("/login", url.Values{"identifier": {"2345678917"}, "password": {"2345678917"}})
	other.get("/password/first")
	other.post("/password/first", url.Values{"new_password": {"Sara-Rose-Garden-77"}, "repeat_password": {"Sara-Rose-Garden-77"}})
	other.get("/security-questions")
	other.post("/security-questions", url.Values{"q1": {"1"}, "a1": {"a"}, "q2": {"2"}, "a2": {"b"}, "q3": {"3"}, "a3": {"c"}})
	for _, path := range []string{orderPath, invoicePath} {
		if code, _, _ := other.get(path); code != 404 {
			t.Fatalf("another customer got %d for %s", code, path)
		}
	}
	if code, loc, _ := other.get("/staff/orders"); code != 303 || !strings.HasPrefix(loc, "/staff/login") {
		t.Fatalf("a customer reached the staff orders: %d %s", code, loc)
	}

	// Finance staff see the orders with their payments and events; a
	// stuck order can be sent to the bank again, never marked paid.
	finance := newPortalClient(t, s.base)
	staffSignInHTTP(t, finance, "finance", "Pishkhan-Staff@1405")
	code, _, list := finance.get("/staff/orders?state=paid")
	if code != 200 || !strings.Contains(list, "پرداخت شده") {
		t.Fatalf("staff orders: %d", code)
	}
	id := regexp.MustCompile(`/staff/orders/(\d+)"`).FindStringSubmatch(list)
	if id == nil {
		t.Fatal("no order link on the staff list")
	}
	code, _, detail := finance.get("/staff/orders/" + id[1])
	if code != 200 || !strings.Contains(detail, "سابقه وضعیت") || !strings.Contains(detail, "verified") {
		t.Fatalf("staff order detail: %d", code)
	}
	// Finance opens the order's invoice in the back office.
	inv := regexp.MustCompile(`/staff/invoices/(\d+)"`).FindStringSubmatch(detail)
	if inv == nil {
		t.Fatal("no invoice link on the staff order page")
	}
	if code, _, page := finance.get("/staff/invoices/" + inv[1]); code != 200 || !strings.Contains(page, "صورتحساب فروش کالا و خدمات") || !strings.Contains(page, "میز کار کارکنان") {
		t.Fatalf("staff invoice: %d", code)
	}
	if code, _, _ := c.get("/staff/invoices/" + inv[1]); code != 303 {
		t.Fatalf("a customer reached the staff invoice: %d", code)
	}
	support := newPortalClient(t, s.base)
	staffSignInHTTP(t, support, "support", "Pishkhan-Staff@1405")
	if code, _, _ := support.get("/staff/orders"); code != 403 {
		t.Fatalf("support staff reached the orders: %d", code)
	}
}
