package app_test

import (
	"context"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"pishkhan/internal/browsertest"
	"pishkhan/internal/db"
)

// TestBrowserRegistrationJourney is issue 8's browser journey, from
// «ثبت نام یا تنظیم رمز» on the sign-in page to the first sign-in, in
// headless Chromium against serve --demo (PISHKHAN_TEST_BROWSER=1): the
// registration page with its button disabled; the provider's pages
// («درگاه کاربری سامانه امتا»: mobile, «کد امنیتی», «کد احراز امتا» with
// national code and birth date typed in Persian digits); consent
// («مجوز ورود یکپارچه به پیشخوان», both scopes in the guide's words);
// «تکمیل اطلاعات شخصی» with the token's fields filled and locked, a Latin
// city refused, then the SMS validation code and the captcha; and the
// first sign-in with the chosen password.
func TestBrowserRegistrationJourney(t *testing.T) {
	b := browsertest.New(t, browserLongTimeout())
	srv, dir := startBillingBrowserServer(t)
	d, err := db.Open(context.Background(), filepath.Join(dir, "p.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { d.Close() })
	captchaAnswer := func() string {
		t.Helper()
		s, err := captchaDigits(context.Background(), d, b.Value(`input[name="captcha_id"]`))
		if err != nil {
			t.Fatalf("captcha: %v", err)
		}
		return s
	}
	sixDigits := regexp.MustCompile(`\d{6}`)
	lastSMS := func(mobile string) string {
		t.Helper()
		var body string
		if err := d.QueryRow(context.Background(), "SELECT body FROM sms_outbox WHERE mobile = $1 ORDER BY id DESC LIMIT 1", mobile).Scan(&body); err != nil {
			t.Fatalf("no SMS to %s: %v", mobile, err)
		}
		return sixDigits.FindString(body)
	}
	const (
		nationalCode = "0089123451" // حمید صادقی: in the demo registry, no account
		mobile       = "09121110007"
		password     = "Alborz-Damavand-5610"
	)

	b.Navigate(srv.URL + "/login")
	b.ClickAndWait("#register-link")
	browserExpectPath(t, b, "/register", "after «ثبت نام یا تنظیم رمز»")
	if !strings.Contains(b.Text("#sso-required"), "ورود یکپارچه شماره دار الزامی میباشد") {
		t.Errorf("the registration page does not say single sign-on is required: %q", b.Text("main"))
	}
	if !b.HasAttr("#submit-register", "disabled") {
		t.Error("the registration button is enabled before single sign-on")
	}
	b.Snapshot("register-before-sso")

	b.ClickAndWait("#start-sso")
	if p := browserPath(t, b); !strings.HasPrefix(p, "/idp/login/") {
		t.Fatalf("single sign-on did not open the provider's page: %s", p)
	}
	if !strings.Contains(b.Text("main"), "درگاه کاربری سامانه امتا") {
		t.Errorf("the provider's page: %q", b.Text("main"))
	}
	b.Fill("#mobile", "۰۹۱۲۱۱۱۰۰۰۷")
	b.Submit("#mobile")
	b.WaitVisible("img.captcha")
	b.Fill("#captcha", captchaAnswer())
	b.Submit("#captcha")
	b.WaitVisible("#code")
	if !strings.Contains(b.Text("main"), "کد احراز امتا") || !strings.Contains(b.Text("main"), "مثال: 1377/07/07") {
		t.Errorf("the code page: %q", b.Text("main"))
	}
	b.Fill("#national_code", "۰۰۸۹۱۲۳۴۵۱")
	b.Fill("#birth_date", "۱۳۶۵/۰۱/۲۵")
	b.Fill("#code", lastSMS(mobile))
	b.Submit("#code")
	if p := browserPath(t, b); !strings.HasPrefix(p, "/idp/consent/") {
		t.Fatalf("after «ثبت و تایید»: %s, the page says %q", p, b.Text("main"))
	}
	consent := b.Text("main")
	for _, s := range []string{"مجوز ورود یکپارچه به پیشخوان", "دسترسی خواندن اطلاعات هویتی و شناسنامه ای", "دسترسی خواندن شماره همراه اصلی",
		"اعطای مجوز ورود یکپارچه", "عدم اعطای مجوز ورود یکپارچه"} {
		if !strings.Contains(consent, s) {
			t.Errorf("the consent page lacks %q", s)
		}
	}
	b.Snapshot("consent")
	b.ClickAndWait("#grant")
	browserExpectPath(t, b, "/register", "after «اعطای مجوز ورود یکپارچه»")

	// The token's fields, filled and locked.
	for sel, want := range map[string]string{"#national_code": nationalCode, "#first_name": "حمید", "#last_name": "صادقی", "#father_name": "یوسف", "#mobile": mobile} {
		if got := b.Value(sel); got != want {
			t.Errorf("%s = %q, want %q", sel, got, want)
		}
		if !b.HasAttr(sel, "readonly") {
			t.Errorf("%s is not locked", sel)
		}
	}
	if b.HasAttr("#submit-register", "disabled") {
		t.Fatal("the registration button is still disabled after single sign-on")
	}
	b.Snapshot("register-after-sso")
	b.Fill("#password", password)
	b.Fill("#repeat", password)
	b.Fill("#education", "کارشناسی")
	b.Fill("#city", "Qom")
	b.Fill("#address", "قم، بلوار امین، کوچه ۱۴، پلاک ۷")
	b.Submit("#password")
	browserExpectPath(t, b, "/register", "after a Latin city")
	if !strings.Contains(b.Text("main"), "شهر محل سکونت را به فارسی وارد کنید") {
		t.Fatalf("no Persian-only message next to the city: %q", b.Text("main"))
	}
	b.Fill("#password", password)
	b.Fill("#repeat", password)
	b.Fill("#city", "قم")
	b.Submit("#password")
	browserExpectPath(t, b, "/register/confirm", "after «ثبت اطلاعات و ارسال کد اعتبارسنجی»")
	b.Fill("#code", lastSMS(mobile))
	b.Fill("#captcha", captchaAnswer())
	b.Submit("#code")
	browserExpectPath(t, b, "/login", "after «تایید ثبت نهایی»")
	if !strings.Contains(b.Text("main"), "ثبت نام شما انجام شد") {
		t.Errorf("no success message: %q", b.Text("main"))
	}

	// The first sign-in, with the chosen password and no forced change.
	b.Fill("#identifier", nationalCode)
	b.Fill("#password", password)
	b.Submit("#identifier")
	if p := browserPath(t, b); p == "/login" || p == "/password/first" {
		t.Fatalf("first sign-in: %s, the page says %q", p, b.Text("main"))
	}
	// The one refused form (the Latin city) answered 422, as it should.
	b.ExpectNoConsoleErrors("status of 422")
}
