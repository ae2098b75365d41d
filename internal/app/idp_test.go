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
	"testing"

	"pishkhan/internal/db"
)

// ssoClient is a cookie-keeping HTTP client that stops at redirects, so
// every step of the registration is seen.
type ssoClient struct {
	t    *testing.T
	base string
	c    *http.Client
	csrf string
	d    *db.DB
}

type ssoPage struct {
	status   int
	location string
	body     string
}

var (
	ssoCSRF    = regexp.MustCompile(`name="csrf_token" value="([^"]+)"`)
	ssoCaptcha = regexp.MustCompile(`name="captcha_id" value="([^"]+)"`)
	ssoCode    = regexp.MustCompile(`\d{6}`)
)

func (c *ssoClient) do(req *http.Request) ssoPage {
	c.t.Helper()
	resp, err := c.c.Do(req)
	if err != nil {
		c.t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	p := ssoPage{resp.StatusCode, resp.Header.Get("Location"), string(b)}
	if m := ssoCSRF.FindStringSubmatch(p.body); m != nil {
		c.csrf = m[1]
	}
	if strings.HasPrefix(p.location, "/") {
		p.location = c.base + p.location
	}
	return p
}

func (c *ssoClient) get(u string) ssoPage {
	c.t.Helper()
	if strings.HasPrefix(u, "/") {
		u = c.base + u
	}
	req, _ := http.NewRequest(http.MethodGet, u, nil)
	return c.do(req)
}

func (c *ssoClient) post(u string, v url.Values) ssoPage {
	c.t.Helper()
	if strings.HasPrefix(u, "/") {
		u = c.base + u
	}
	v.Set("csrf_token", c.csrf)
	req, _ := http.NewRequest(http.MethodPost, u, strings.NewReader(v.Encode()))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	return c.do(req)
}

func (p ssoPage) want(t *testing.T, status int, prefix string) ssoPage {
	t.Helper()
	if p.status != status || !strings.HasPrefix(p.location, prefix) {
		body := p.body
		if i := strings.Index(body, "<main"); i >= 0 {
			body = body[i:]
		}
		if len(body) > 2500 {
			body = body[:2500]
		}
		t.Fatalf("got %d → %q, want %d → %q…\n%s", p.status, p.location, status, prefix, body)
	}
	return p
}

func (p ssoPage) has(t *testing.T, texts ...string) ssoPage {
	t.Helper()
	for _, s := range texts {
		if !strings.Contains(p.body, s) {
			t.Fatalf("page lacks %q", s)
		}
	}
	return p
}

func (c *ssoClient) captcha(body string) (string, string) {
	c.t.Helper()
	m := ssoCaptcha.FindStringSubmatch(body)
	if m == nil {
		c.t.Fatal("no captcha on the page")
	}
	out, err := captchaDigits(context.Background(), c.d, m[1])
	if err != nil {
		c.t.Fatal(err)
	}
	return m[1], out
}

func (c *ssoClient) lastSMS(mobile string) string {
	c.t.Helper()
	var body string
	if err := c.d.QueryRow(context.Background(), "SELECT body FROM sms_outbox WHERE mobile = $1 ORDER BY id DESC LIMIT 1", mobile).Scan(&body); err != nil {
		c.t.Fatalf("no SMS to %s: %v", mobile, err)
	}
	return ssoCode.FindString(body)
}

// register walks «ثبت نام یا تنظیم رمز» from the portal through
// Pishkhan's provider and back, completes the form and confirms it.
func (c *ssoClient) register(nationalCode, birth, mobile, password string) {
	t := c.t
	t.Helper()
	reg := c.get("/register").want(t, http.StatusOK, "")
	reg.has(t, "ورود یکپارچه شماره دار الزامی میباشد", `id="submit-register" disabled`)
	p := c.get("/register/sso").want(t, http.StatusSeeOther, c.base+"/idp/authorize?")
	p = c.get(p.location).want(t, http.StatusFound, c.base+"/idp/signin/")
	p = c.get(p.location).want(t, http.StatusSeeOther, c.base+"/idp/login/")
	login := p.location
	c.get(login).has(t, "درگاه کاربری سامانه امتا")
	c.post(login+"/mobile", url.Values{"mobile": {mobile}}).want(t, http.StatusSeeOther, login)
	id, answer := c.captcha(c.get(login).body)
	c.post(login+"/captcha", url.Values{"captcha_id": {id}, "captcha": {answer}}).want(t, http.StatusSeeOther, login)
	c.get(login).has(t, "کد احراز امتا")
	p = c.post(login+"/verify", url.Values{"code": {c.lastSMS(mobile)}, "national_code": {nationalCode}, "birth_date": {birth}}).
		want(t, http.StatusSeeOther, c.base+"/idp/consent/")
	consent := p.location
	c.get(consent).want(t, http.StatusOK, "").has(t, "مجوز ورود یکپارچه به پیشخوان", "دسترسی خواندن اطلاعات هویتی و شناسنامه ای", "دسترسی خواندن شماره همراه اصلی")
	p = c.post(consent, url.Values{"decision": {"grant"}}).want(t, http.StatusSeeOther, c.base+"/idp/authorize/callback")
	p = c.get(p.location).want(t, http.StatusFound, c.base+"/register/callback?")
	c.get(p.location).want(t, http.StatusSeeOther, c.base+"/register")
	form := c.get("/register").want(t, http.StatusOK, "")
	form.has(t, `value="`+nationalCode+`"`)
	if strings.Contains(form.body, `id="submit-register" disabled`) {
		t.Fatal("the registration button is still disabled after single sign-on")
	}
	// Latin where the guide asks for Persian is refused next to the field.
	c.post("/register", url.Values{"password": {password}, "repeat": {password}, "education": {"کارشناسی"}, "certificate_place": {"تهران"},
		"certificate_date": {"1370/01/01"}, "city": {"Tehran"}, "gender": {"male"}, "address": {"تهران، خیابان آزادی، پلاک ۱۲"}}).
		want(t, http.StatusUnprocessableEntity, "").has(t, "شهر محل سکونت را به فارسی وارد کنید")
	c.post("/register", url.Values{"password": {password}, "repeat": {password}, "education": {"کارشناسی"}, "certificate_place": {"تهران"},
		"certificate_date": {"1370/01/01"}, "city": {"تهران"}, "gender": {"male"}, "address": {"تهران، خیابان آزادی، پلاک ۱۲"}}).
		want(t, http.StatusSeeOther, c.base+"/register/confirm")
	conf := c.get("/register/confirm").want(t, http.StatusOK, "").has(t, "تایید ثبت نهایی", "کد امنیتی")
	id, answer = c.captcha(conf.body)
	c.post("/register/confirm", url.Values{"code": {c.lastSMS(mobile)}, "captcha_id": {id}, "captcha": {answer}}).
		want(t, http.StatusSeeOther, c.base+"/login")
}

// TestRegistrationThroughTheOwnProvider is the whole registration over
// HTTP against the real program (serve --demo): a registry person without
// an account registers and signs in; a demo customer uses the same path
// to set a new password («تنظیم رمز»).
func TestRegistrationThroughTheOwnProvider(t *testing.T) {
	srv, dir := startBillingBrowserServer(t)
	d, err := db.Open(context.Background(), filepath.Join(dir, "p.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { d.Close() })
	newClient := func() *ssoClient {
		jar, _ := cookiejar.New(nil)
		return &ssoClient{t: t, base: srv.URL, d: d, c: &http.Client{Jar: jar, CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}}
	}

	c := newClient()
	c.get("/login").has(t, "ثبت نام یا تنظیم رمز")
	c.register("0078912342", "1377/07/07", "09121110006", "Zagros-Peak-2071")
	c.get("/login")
	p := c.post("/login", url.Values{"identifier": {"0078912342"}, "password": {"Zagros-Peak-2071"}}).want(t, http.StatusSeeOther, "")
	if strings.Contains(p.location, "/password/first") || strings.Contains(p.location, "/login") {
		t.Fatalf("first sign-in after registration went to %s", p.location)
	}

	// «تنظیم رمز» for the demo customer علی رضایی.
	c2 := newClient()
	c2.register("2345678917", "1362/05/14", "09121110001", "Dena-Summit-4409")
	c2.get("/login")
	p = c2.post("/login", url.Values{"identifier": {"2345678917"}, "password": {"Dena-Summit-4409"}}).want(t, http.StatusSeeOther, "")
	if strings.Contains(p.location, "/password/first") || strings.Contains(p.location, "/login") {
		t.Fatalf("sign-in after «تنظیم رمز» went to %s", p.location)
	}
}
