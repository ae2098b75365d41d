package app_test

import (
	"net/http"
	"net/url"
	"strings"
	"testing"
)

// The served program bounds the sandbox bank's captchas with the same
// per-address allowance as /password/forgot (wiring.go's BoundCaptchas):
// 30 bank pages, then a Persian 429 there and on /password/forgot too.
func TestServedCaptchaAllowanceIsSharedByTheBankPage(t *testing.T) {
	s := startServe(t, t.TempDir(), "--demo")
	c := newPortalClient(t, s.base)
	c.get("/login")
	if code, loc, _ := c.post("/login", url.Values{"identifier": {"5678912348"}, "password": {"Kamel#Tulip-2049"}}); code != 303 || loc != "/" {
		t.Fatalf("sign-in: %d %s", code, loc)
	}
	c.get("/wallet") // the signed-in session's form token
	code, orderPath, _ := c.post("/wallet/top-up", url.Values{"amount": {"2500000"}})
	if code != 303 {
		t.Fatalf("top-up: %d", code)
	}
	code, bankURL, _ := c.post(orderPath+"/pay", url.Values{"gateway": {"sandbox"}})
	if code != 303 || !strings.Contains(bankURL, "/sandbox-bank/pay/") {
		t.Fatalf("to the bank: %d %s", code, bankURL)
	}
	for i := range 30 {
		if code, _, page := c.get(bankURL); code != http.StatusOK || !strings.Contains(page, "/captcha/") {
			t.Fatalf("bank page %d: %d", i+1, code)
		}
	}
	for _, path := range []string{bankURL, "/password/forgot"} {
		if code, _, page := c.get(path); code != http.StatusTooManyRequests || strings.Contains(page, "/captcha/") ||
			!strings.Contains(page, "درخواست کد امنیتی از این نشانی بیش از حد است") {
			t.Fatalf("%s after 30 captchas: %d", path, code)
		}
	}
}
