package billing

import (
	"context"
	"io"
	"net/http"
	"net/http/cookiejar"
	"net/http/httptest"
	"net/url"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/dchest/captcha"

	"pishkhan/internal/db"
	"pishkhan/internal/db/dbtest"
	"pishkhan/internal/fa"
	"pishkhan/internal/fa/fatest"
	"pishkhan/internal/web"
)

type sandboxRig struct {
	bank   *Sandbox
	ts     *httptest.Server
	client *http.Client
	store  captcha.Store
	clock  *fatest.Clock
	csrf   string // the browser's CSRF token, as last seen on a form
}

func newSandboxRig(t *testing.T, d *db.DB) *sandboxRig {
	t.Helper()
	rig := &sandboxRig{clock: fatest.NewClock(time.Date(2026, 11, 23, 10, 0, 0, 0, time.UTC))}
	srv, err := web.NewServer(web.Options{DB: d, SecretKey: make([]byte, 32), Now: rig.clock.Now})
	if err != nil {
		t.Fatal(err)
	}
	if err := AddPages(srv); err != nil {
		t.Fatal(err)
	}
	rig.store = captcha.NewMemoryStore(100, time.Hour)
	captcha.SetCustomStore(rig.store)
	srv.Handle("GET /captcha/", captcha.Server(captcha.StdWidth, captcha.StdHeight))
	rig.ts = httptest.NewServer(srv.Handler())
	t.Cleanup(rig.ts.Close)
	rig.bank = NewSandbox(d, rig.ts.URL, "فروشگاه آزمایشی", rig.clock.Now)
	rig.bank.SandboxRoutes(srv)
	jar, _ := cookiejar.New(nil)
	rig.client = &http.Client{Jar: jar, CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	return rig
}

var (
	sandboxCSRF    = regexp.MustCompile(`name="csrf_token" value="([^"]+)"`)
	sandboxCaptcha = regexp.MustCompile(`name="captcha_id" value="([^"]+)"`)
)

// open loads the bank page and returns its body, CSRF token and the
// captcha's answer.
func (rig *sandboxRig) open(t *testing.T, url string) (page, csrf, answer, captchaID string) {
	t.Helper()
	resp, err := rig.client.Get(url)
	if err != nil {
		t.Fatal(err)
	}
	b, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	page = string(b)
	if m := sandboxCSRF.FindStringSubmatch(page); m != nil {
		rig.csrf = m[1]
	}
	csrf = rig.csrf
	if m := sandboxCaptcha.FindStringSubmatch(page); m != nil {
		captchaID = m[1]
		for _, d := range rig.store.Get(captchaID, false) {
			answer += string(rune('0' + d))
		}
	}
	return page, csrf, answer, captchaID
}

func (rig *sandboxRig) submit(t *testing.T, pageURL string, fields url.Values) (*http.Response, string) {
	t.Helper()
	_, csrf, answer, id := rig.open(t, pageURL)
	fields.Set("csrf_token", csrf)
	fields.Set("captcha_id", id)
	if fields.Get("captcha") == "" {
		fields.Set("captcha", answer)
	}
	resp, err := rig.client.PostForm(pageURL, fields)
	if err != nil {
		t.Fatal(err)
	}
	b, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	return resp, string(b)
}

func card(password string) url.Values {
	return url.Values{"action": {"pay"}, "card": {"6037 9975 9999 9993"}, "cvv2": {"123"}, "exp_month": {"12"}, "exp_year": {"08"}, "password": {password}}
}

func TestSandboxBankPayVerifyCancel(t *testing.T) {
	dbtest.Each(t, []*db.Schema{SandboxSchema}, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		rig := newSandboxRig(t, d)
		req := PaymentRequest{OrderID: 1, Amount: 6_791_233, CallbackURL: rig.ts.URL + "/billing/callback/sandbox?order=1", Description: "سفارش ۴۶۹۶۲۷"}
		red, err := rig.bank.Request(ctx, req)
		if err != nil {
			t.Fatal(err)
		}
		if red.Method != "GET" || !strings.HasSuffix(red.URL, "/sandbox-bank/pay/"+red.Reference) {
			t.Fatalf("redirect %+v", red)
		}
		page, _, _, _ := rig.open(t, red.URL)
		for _, want := range []string{"۶٬۷۹۱٬۲۳۳ ریال", "دریافت رمز از طریق پیامک", "انصراف", "پرداخت", "فروشگاه آزمایشی"} {
			if !strings.Contains(page, want) {
				t.Fatalf("bank page lacks %q", want)
			}
		}
		// Not paid yet: verification says so.
		if v, err := rig.bank.Verify(ctx, VerifyRequest{Reference: red.Reference, Amount: req.Amount}); err != nil || v.Paid {
			t.Fatalf("unpaid verification: %+v %v", v, err)
		}
		// A wrong captcha, a wrong password, insufficient funds, an expired card.
		bad := card(TestPasswordApproved)
		bad.Set("captcha", "999999")
		if resp, body := rig.submit(t, red.URL, bad); resp.StatusCode != 422 || !strings.Contains(body, "کد امنیتی اشتباه است") {
			t.Fatalf("wrong captcha: %d", resp.StatusCode)
		}
		if resp, body := rig.submit(t, red.URL, card("9999")); resp.StatusCode != 422 || !strings.Contains(body, "رمز دوم نادرست است") {
			t.Fatalf("wrong password: %d %s", resp.StatusCode, body[strings.Index(body, "<main"):])
		}
		if resp, body := rig.submit(t, red.URL, card(TestPasswordNoFunds)); resp.StatusCode != 422 || !strings.Contains(body, "موجودی حساب کافی نیست") {
			t.Fatalf("no funds: %d", resp.StatusCode)
		}
		old := card(TestPasswordApproved)
		old.Set("exp_year", "04") // 1404, before 1405/09
		if resp, body := rig.submit(t, red.URL, old); resp.StatusCode != 422 || !strings.Contains(body, "تاریخ انقضای کارت گذشته است") {
			t.Fatalf("expired card: %d", resp.StatusCode)
		}
		notLuhn := card(TestPasswordApproved)
		notLuhn.Set("card", "6037997599999998")
		if resp, body := rig.submit(t, red.URL, notLuhn); resp.StatusCode != 422 || !strings.Contains(body, "شماره کارت معتبر نیست") {
			t.Fatalf("bad card: %d", resp.StatusCode)
		}
		// The dynamic password button, then paying with it (Persian digits typed).
		dyn := url.Values{"action": {"dynamic"}, "card": {"۶۰۳۷۹۹۷۵۹۹۹۹۹۹۹۳"}}
		if resp, body := rig.submit(t, red.URL, dyn); resp.StatusCode != 200 || !strings.Contains(body, fa.Digits(TestDynamicPassword)) {
			t.Fatalf("dynamic password: %d %s", resp.StatusCode, body)
		}
		resp, _ := rig.submit(t, red.URL, card("۱۲۳۴۵۶"))
		if resp.StatusCode != http.StatusSeeOther {
			t.Fatalf("pay: %d", resp.StatusCode)
		}
		back, _ := url.Parse(resp.Header.Get("Location"))
		if ref, ok := SandboxCallback(back.Query()); !ok || ref != red.Reference || back.Query().Get("order") != "1" {
			t.Fatalf("callback %s", back)
		}
		// Verification: paid, then already verified; another amount is refused.
		v, err := rig.bank.Verify(ctx, VerifyRequest{Reference: red.Reference, Amount: req.Amount})
		if err != nil || !v.Paid || v.AlreadyVerified || len(v.RefID) != 12 || !strings.Contains(v.CardMask, "9993") {
			t.Fatalf("verify: %+v %v", v, err)
		}
		if v, _ := rig.bank.Verify(ctx, VerifyRequest{Reference: red.Reference, Amount: req.Amount}); !v.Paid || !v.AlreadyVerified {
			t.Fatalf("second verify: %+v", v)
		}
		if v, _ := rig.bank.Verify(ctx, VerifyRequest{Reference: red.Reference, Amount: req.Amount + 1}); v.Paid || v.Code != "amount_mismatch" {
			t.Fatalf("wrong amount verified: %+v", v)
		}
		// Paying again is refused; the page offers the way back.
		if resp, body := rig.submit(t, red.URL, card(TestPasswordApproved)); resp.StatusCode != http.StatusConflict || !strings.Contains(body, "بازگشت به سایت پذیرنده") {
			t.Fatalf("second payment: %d", resp.StatusCode)
		}

		// Cancel: back with NOK, and verification says not paid.
		red2, _ := rig.bank.Request(ctx, req)
		resp, _ = rig.submit(t, red2.URL, url.Values{"action": {"cancel"}})
		back, _ = url.Parse(resp.Header.Get("Location"))
		if _, ok := SandboxCallback(back.Query()); resp.StatusCode != http.StatusSeeOther || ok {
			t.Fatalf("cancel: %d %s", resp.StatusCode, back)
		}
		if v, _ := rig.bank.Verify(ctx, VerifyRequest{Reference: red2.Reference, Amount: req.Amount}); v.Paid || v.Code != sandboxCancelled {
			t.Fatalf("cancelled verified: %+v", v)
		}
		// A page left open past its time expires.
		red3, _ := rig.bank.Request(ctx, req)
		rig.clock.Advance(21 * time.Minute)
		if page, _, _, _ := rig.open(t, red3.URL); !strings.Contains(page, "مهلت پرداخت به پایان رسید") {
			t.Fatal("an old payment page is still open")
		}
		// Unknown and malformed tokens are 404.
		for _, u := range []string{rig.ts.URL + "/sandbox-bank/pay/" + strings.Repeat("a", 32), rig.ts.URL + "/sandbox-bank/pay/x'--"} {
			resp, err := rig.client.Get(u)
			if err != nil || resp.StatusCode != 404 {
				t.Fatalf("%s: %v %v", u, resp.StatusCode, err)
			}
			resp.Body.Close()
		}
	})
}
