package app_test

import (
	"net/url"
	"strings"
	"testing"
)

// signInDemo signs a demo customer in over HTTP; a first sign-in (no
// password given) goes through the forced change and the questions.
func signInDemo(t *testing.T, base, code, password string) *portalClient {
	t.Helper()
	c := newPortalClient(t, base)
	c.get("/login")
	if password != "" {
		if st, loc, _ := c.post("/login", url.Values{"identifier": {code}, "password": {password}}); st != 303 || loc != "/" {
			t.Fatalf("sign-in of %s: %d %s", code, st, loc)
		}
		return c
	}
	c.post("/login", url.Values{"identifier": {code}, "password": {code}})
	c.get("/password/first")
	c.post("/password/first", url.Values{"new_password": {"Sara-Rose-Garden-77"}, "repeat_password": {"Sara-Rose-Garden-77"}})
	c.get("/security-questions")
	if st, loc, _ := c.post("/security-questions", url.Values{"q1": {"1"}, "a1": {"a"}, "q2": {"2"}, "a2": {"b"}, "q3": {"3"}, "a3": {"c"}}); st != 303 || loc != "/" {
		t.Fatalf("first sign-in of %s ended at %d %s", code, st, loc)
	}
	return c
}

// TestHomeIsTheCustomersDashboard: with every area served, each demo
// customer's home shows the widgets of the areas they are a customer of,
// with the figures they come for and the way forward, and no other
// area's; nothing of the old status tiles is left.
func TestHomeIsTheCustomersDashboard(t *testing.T) {
	s := startServe(t, t.TempDir(), "--demo")
	for _, p := range []struct {
		who, code string
		areas     []string
		want      []string
	}{
		{"card holder", "2345678917", []string{"cards", "otp", "idp"}, []string{"بدهی", "اعتبار قابل استفاده", "تاریخ قسط بعدی", "مبلغ قسط بعدی",
			`href="/cards/installments/pay"`, "برنامک رمزساز", "تلفن همراه تایید شده", `href="/cards/second-password"`}},
		{"welfare employee", "3456789122", []string{"welfare", "idp"}, []string{"وضعیت درخواست", "درخواستی ثبت نشده است", `href="/welfare"`}},
		{"ISP subscriber", "4567891236", []string{"isp", "idp"}, []string{"سرویس فعال", "روزهای باقیمانده", "ترافیک باقیمانده", `href="/isp/renew"`, "ترافیک سرویس"}},
	} {
		c := signInDemo(t, s.base, p.code, "")
		code, _, body := c.get("/")
		if code != 200 {
			t.Fatalf("%s's home: %d", p.who, code)
		}
		for _, key := range []string{"cards", "otp", "welfare", "idp", "isp"} {
			has := strings.Contains(body, `data-area="`+key+`"`)
			if want := hasKey(p.areas, key); has != want {
				t.Errorf("%s's home: widget of %s shown %v, want %v", p.who, key, has, want)
			}
		}
		for _, w := range p.want {
			if !strings.Contains(body, w) {
				t.Errorf("%s's home lacks %s", p.who, w)
			}
		}
		if strings.Contains(body, "وضعیت: آماده") {
			t.Errorf("%s's home still shows the status tiles", p.who)
		}
	}
}

// TestOneAreaLandsOnItsDashboard: a deployment of the ISP alone sends the
// signed-in customer from "/" straight to its «صفحه اصلی»; visitors stay
// on the landing, which offers no registration (the identity area is not
// served).
func TestOneAreaLandsOnItsDashboard(t *testing.T) {
	s := startServe(t, t.TempDir(), "--demo", "--areas", "isp")
	c := signInDemo(t, s.base, "4567891236", "")
	if code, loc, _ := c.get("/"); code != 303 || loc != "/isp" {
		t.Errorf("GET / as the subscriber: %d %s, want 303 /isp", code, loc)
	}
	v := newPortalClient(t, s.base)
	code, _, body := v.get("/")
	if code != 200 || !strings.Contains(body, `href="/login"`) || strings.Contains(body, `href="/register"`) {
		t.Errorf("the visitor's landing: %d, sign-in %v, registration %v", code, strings.Contains(body, `href="/login"`), strings.Contains(body, `href="/register"`))
	}
	if code, _, _ := v.get("/register"); code != 404 {
		t.Errorf("GET /register without the identity area: %d, want 404", code)
	}
	// Help comes with its area: the ISP's, not the card issuer's.
	code, _, body = v.get("/help")
	if code != 200 || !strings.Contains(body, "منو سیستم پشتیبانی") || strings.Contains(body, "راهنمای پرداخت اقساط") {
		t.Errorf("GET /help in an ISP deployment: %d, ISP help %v, card help %v", code,
			strings.Contains(body, "منو سیستم پشتیبانی"), strings.Contains(body, "راهنمای پرداخت اقساط"))
	}
	if code, _, _ := v.get("/help/cards/installments"); code != 404 {
		t.Errorf("GET /help/cards/installments in an ISP deployment: %d, want 404", code)
	}
}
