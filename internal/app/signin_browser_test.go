package app_test

import (
	"fmt"
	"net/url"
	"strings"
	"testing"
	"time"

	"pishkhan/internal/browsertest"
	"pishkhan/internal/fa/fatest"
)

// The demo data these journeys use (internal/app/demo.go).
const (
	// علی رضایی: never signed in, so his password is his national code.
	browserAliCode    = "2345678917"
	browserAliCodeFa  = "۲۳۴۵۶۷۸۹۱۷" // the same, typed on a Persian keyboard
	browserAliName    = "علی رضایی"
	browserReadyCode  = "5678912348" // سارا محمدی: password changed, questions set
	browserReadyName  = "سارا محمدی"
	browserStrongPass = "Kamel#Tulip-2049" // passes the policy (the demo uses it)
	browserSuccess    = "عملیات با موفقیت انجام گردید"
)

// TestBrowserFirstSignInJourney walks a customer's first sign-in in
// headless Chromium (PISHKHAN_TEST_BROWSER=1 switches it on): the national
// code typed in Persian digits as identifier and password → the forced
// change, which every other page redirects to → a password the policy
// refuses, with the failed rules listed in Persian → a strong one → the
// security questions, which every other page redirects to → a Persian
// answer refused → Latin answers → home with «عملیات با موفقیت انجام
// گردید», the customer's name and menu → sign out and in again with the
// new password straight to home.
func TestBrowserFirstSignInJourney(t *testing.T) {
	b := browsertest.New(t, browserLongTimeout())
	srv, _ := startClockedBrowserServer(t)

	// Sign in with the national code, typed in Persian digits.
	b.Navigate(srv.URL + "/login")
	b.Fill("#identifier", browserAliCodeFa)
	b.Fill("#password", browserAliCode)
	b.Submit("#identifier")
	browserExpectPath(t, b, "/password/first", "after the first sign-in with the national code")
	if h := b.Text("main h1"); h != "تغییر کلمه عبور پیش‌فرض" {
		t.Errorf("forced change page: h1 = %q, want «تغییر کلمه عبور پیش‌فرض»", h)
	}
	if b.Exists("#old_password") {
		t.Error("the forced change asks for the old password; it should not")
	}

	// Every other page sends the person back to the change form.
	for _, p := range []string{"/profile", "/messages", "/", "/security-questions"} {
		b.Navigate(srv.URL + p)
		browserExpectPath(t, b, "/password/first", "GET "+p+" during the forced change")
	}

	// A weak password: the page lists the rules it breaks, in Persian.
	b.Fill("#new_password", "abc12345")
	b.Fill("#repeat_password", "abc12345")
	if code := b.Submit("#new_password"); code != 422 {
		t.Errorf("a weak new password: status %d, want 422", code)
	}
	browserExpectPath(t, b, "/password/first", "after a weak new password")
	problems := b.Texts(".field.has-error ul.field-error li")
	if !browserContains(problems, "کلمه عبور می بایست شامل حداقل یک حرف انگلیسی بزرگ باشد") {
		t.Errorf("a weak password (no capital letter): the listed problems %q lack the uppercase rule", problems)
	}
	for _, p := range problems {
		if !strings.ContainsFunc(p, func(r rune) bool { return r >= 'آ' && r <= 'ی' }) {
			t.Errorf("problem %q is not in Persian", p)
		}
	}
	b.Snapshot("forced-change-weak-password")

	// Too short: the rule's number is shown in Persian digits.
	b.Fill("#new_password", "Ab1")
	b.Fill("#repeat_password", "Ab1")
	b.Submit("#new_password")
	problems = b.Texts(".field.has-error ul.field-error li")
	if !browserContains(problems, "حداقل ۸ کاراکتر") {
		t.Errorf("a 3-character password: the listed problems %q lack «حداقل ۸ کاراکتر»", problems)
	}
	for _, p := range problems {
		if browserHasLatinDigit(p) {
			t.Errorf("problem %q shows Latin digits on a Persian page", p)
		}
	}

	// The national code itself is refused too.
	b.Fill("#new_password", browserAliCode)
	b.Fill("#repeat_password", browserAliCode)
	b.Submit("#new_password")
	browserExpectPath(t, b, "/password/first", "after the national code as the new password")
	if n := b.Count(".field.has-error ul.field-error li"); n == 0 {
		t.Error("the national code as the new password: no problem listed")
	}

	// A strong one: on to the security questions.
	b.Fill("#new_password", browserStrongPass)
	b.Fill("#repeat_password", browserStrongPass)
	b.Submit("#new_password")
	browserExpectPath(t, b, "/security-questions", "after a strong new password")
	if f := b.Texts("main .flash-success"); !browserContains(f, "کلمه عبور شما با موفقیت تغییر کرد") {
		t.Errorf("the questions page after the change: success messages %q, want «کلمه عبور شما با موفقیت تغییر کرد»", f)
	}
	for _, p := range []string{"/", "/profile", "/password/first"} {
		b.Navigate(srv.URL + p)
		browserExpectPath(t, b, "/security-questions", "GET "+p+" before the questions are answered")
	}

	// Three different questions; one answer typed in Persian is refused.
	b.Fill("#q1", "1")
	b.Fill("#a1", "تهران")
	b.Fill("#q2", "3")
	b.Fill("#a2", "pishi")
	b.Fill("#q3", "6")
	b.Fill("#a3", "peykan")
	if code := b.Submit("#q1"); code != 422 {
		t.Errorf("a Persian answer: status %d, want 422", code)
	}
	browserExpectPath(t, b, "/security-questions", "after a Persian answer")
	errs := b.Texts(".field.has-error .field-error")
	if len(errs) != 1 || !strings.Contains(errs[0], "لاتین") {
		t.Errorf("a Persian answer: field errors %q, want one asking for Latin letters («لاتین»)", errs)
	}
	if !b.Exists(".field.has-error #a1") {
		t.Error("the Latin-letters error is not next to the answer typed in Persian (#a1)")
	}
	if v := b.Value("#q2"); v != "3" {
		t.Errorf("after the refusal question 2 = %q, want the chosen 3 kept", v)
	}
	b.Snapshot("questions-persian-answer")

	b.Fill("#q1", "1")
	b.Fill("#a1", "Tehran")
	b.Fill("#q2", "3")
	b.Fill("#a2", "pishi")
	b.Fill("#q3", "6")
	b.Fill("#a3", "peykan")
	b.Submit("#q1")
	browserExpectPath(t, b, "/", "after answering the security questions")
	if f := b.Text("main .flash"); !strings.Contains(f, browserSuccess) {
		t.Errorf("home after the questions: flash %q, want «%s»", f, browserSuccess)
	}
	if who := b.Text(".topbar .who"); who != browserAliName {
		t.Errorf("header name = %q, want «%s»", who, browserAliName)
	}
	if s := b.Text("form.signout button"); s != "خروج" {
		t.Errorf("sign-out button = %q, want «خروج»", s)
	}
	menu := b.Texts("nav.menu a")
	for _, want := range []string{"اطلاعات شما", "صندوق پیام ها"} {
		if !browserContains(menu, want) {
			t.Errorf("menu %q lacks «%s»", menu, want)
		}
	}
	if browserContains(menu, "ورود به سامانه") {
		t.Errorf("menu %q offers «ورود به سامانه» to a signed-in customer", menu)
	}
	b.Snapshot("home-after-questions")

	// The rest of the portal is open now.
	b.Navigate(srv.URL + "/profile")
	browserExpectPath(t, b, "/profile", "GET /profile once signed in fully")

	// Sign out; sign in again with the new password: straight home.
	b.Navigate(srv.URL + "/")
	b.Submit("form.signout")
	browserExpectPath(t, b, "/login", "after signing out")
	if b.Exists(".topbar .who") {
		t.Error("after signing out the header still names someone")
	}
	b.Fill("#identifier", browserAliCode)
	b.Fill("#password", browserAliCode)
	if code := b.Submit("#identifier"); code != 401 {
		t.Errorf("the old password (national code) after the change: status %d, want 401", code)
	}
	browserExpectPath(t, b, "/login", "the old password after the change")
	b.Fill("#identifier", browserAliCodeFa)
	b.Fill("#password", browserStrongPass)
	b.Submit("#identifier")
	browserExpectPath(t, b, "/", "signing in with the new password")
	if who := b.Text(".topbar .who"); who != browserAliName {
		t.Errorf("header name after signing in again = %q, want «%s»", who, browserAliName)
	}

	browserExpectNoConsoleErrors(t, b, map[string]int{"/password/first": 422, "/security-questions": 422, "/login": 401})
}

// TestBrowserAddressLockoutAndClock: three wrong passwords from one
// address lock it for 30 minutes, and the page says so — on the third
// attempt and on a fourth with the right password. With the server's
// clock moved 29:59 the address is still locked; at 30:00 the right
// password signs in.
func TestBrowserAddressLockoutAndClock(t *testing.T) {
	b := browsertest.New(t, browserLongTimeout())
	srv, clock := startClockedBrowserServer(t)

	b.Navigate(srv.URL + "/login")
	for i, pw := range []string{"Wrong-Pass-1", "Wrong-Pass-2", "Wrong-Pass-3"} {
		b.Fill("#identifier", browserReadyCode)
		b.Fill("#password", pw)
		code := b.Submit("#identifier")
		msg := browserLoginError(b)
		if i < 2 {
			if code != 401 || msg != "نام کاربری یا کلمه عبور اشتباه است" {
				t.Errorf("wrong password %d: status %d, message %q; want 401 «نام کاربری یا کلمه عبور اشتباه است»", i+1, code, msg)
			}
			continue
		}
		if code != 429 || !strings.Contains(msg, "۳۰ دقیقه") || !strings.Contains(msg, "۳ بار") {
			t.Errorf("wrong password 3: status %d, message %q; want 429 and the lock for «۳۰ دقیقه» after «۳ بار»", code, msg)
		}
	}
	b.Snapshot("address-locked")

	// The right password does not get through the lock.
	b.Fill("#identifier", browserReadyCode)
	b.Fill("#password", browserStrongPass)
	if code := b.Submit("#identifier"); code != 429 {
		t.Errorf("the right password while locked: status %d, want 429", code)
	}
	browserExpectPath(t, b, "/login", "the right password while locked")
	if msg := browserLoginError(b); !strings.Contains(msg, "۳۰ دقیقه") {
		t.Errorf("the right password while locked: message %q, want the lock with «۳۰ دقیقه»", msg)
	}
	// The form says so before anything is typed.
	b.Navigate(srv.URL + "/login")
	if msg := browserLoginError(b); !strings.Contains(msg, "۳۰ دقیقه") {
		t.Errorf("GET /login while locked: message %q, want the lock with «۳۰ دقیقه»", msg)
	}

	// 29:59 later: still locked, with a minute (rounded up) to go.
	clock.Advance(29*time.Minute + 59*time.Second)
	b.Navigate(srv.URL + "/login")
	if msg := browserLoginError(b); !strings.Contains(msg, "۱ دقیقه") {
		t.Errorf("GET /login 29:59 after the lock: message %q, want the lock with «۱ دقیقه» left", msg)
	}
	b.Fill("#identifier", browserReadyCode)
	b.Fill("#password", browserStrongPass)
	if code := b.Submit("#identifier"); code != 429 {
		t.Errorf("the right password 29:59 after the lock: status %d, want 429", code)
	}
	browserExpectPath(t, b, "/login", "the right password 29:59 after the lock")
	if msg := browserLoginError(b); !strings.Contains(msg, "۱ دقیقه") || !strings.Contains(msg, "ممکن نیست") {
		t.Errorf("the right password 29:59 after the lock: message %q, want the lock with «۱ دقیقه» left", msg)
	}
	b.Snapshot("still-locked-at-29m59s")

	// 30:00: open again.
	clock.Advance(time.Second)
	b.Navigate(srv.URL + "/login")
	if b.Exists("main .card .flash-error") {
		t.Errorf("GET /login 30:00 after the lock still shows %q", browserLoginError(b))
	}
	b.Fill("#identifier", browserReadyCode)
	b.Fill("#password", browserStrongPass)
	b.Submit("#identifier")
	browserExpectPath(t, b, "/", "the right password 30:00 after the lock")
	if who := b.Text(".topbar .who"); who != browserReadyName {
		t.Errorf("header name = %q, want «%s»", who, browserReadyName)
	}
	b.Snapshot("signed-in-after-lock")

	browserExpectNoConsoleErrors(t, b, map[string]int{"/login": 401}, map[string]int{"/login": 429})
}

// browserExpectNoConsoleErrors is ExpectNoConsoleErrors that lets pass
// the browser's own report of a page answered with an error status that
// the test asked for (a refused form answers 401, 422 or 429 by design):
// only a network error of that document path with that status passes.
func browserExpectNoConsoleErrors(t *testing.T, b *browsertest.Browser, expected ...map[string]int) {
	t.Helper()
next:
	for _, e := range b.ConsoleErrors() {
		if e.Source == "network" {
			u, err := url.Parse(e.URL)
			if err == nil && u.Path == "/favicon.ico" {
				continue
			}
			for _, m := range expected {
				for path, code := range m {
					if err == nil && u.Path == path && strings.Contains(e.Text, fmt.Sprintf("the server responded with a status of %d ", code)) {
						continue next
					}
				}
			}
		}
		t.Errorf("console error: %s", e)
	}
}

func browserLongTimeout() browsertest.Option { return browsertest.WithTimeout(3 * time.Minute) }

// browserLoginError is the error box of the sign-in form ("" when none).
func browserLoginError(b *browsertest.Browser) string {
	if !b.Exists("main .card .flash-error") {
		return ""
	}
	return b.Text("main .card .flash-error")
}

// browserPath is the path of the page the browser shows.
func browserPath(t *testing.T, b *browsertest.Browser) string {
	t.Helper()
	u, err := url.Parse(b.URL())
	if err != nil {
		t.Fatalf("the browser's address: %v", err)
	}
	return u.Path
}

// browserExpectPath fails the test now unless the browser shows path: the
// rest of a journey means nothing on the wrong page.
func browserExpectPath(t *testing.T, b *browsertest.Browser, path, when string) {
	t.Helper()
	if got := browserPath(t, b); got != path {
		extra := ""
		if b.Exists("main") {
			extra = "\n\tthe page says: " + strings.Join(strings.Fields(b.Text("main")), " ")
		}
		t.Fatalf("%s: the browser shows %s, want %s%s", when, got, path, extra)
	}
}

func browserContains(list []string, s string) bool {
	for _, x := range list {
		if strings.Contains(x, s) {
			return true
		}
	}
	return false
}

// startClockedBrowserServer is startBrowserServer with app.RunWithClock and
// a clock the test moves: it stands still at the real time (so a boundary
// such as 29:59 is exact) and moves only by Advance.
func startClockedBrowserServer(t *testing.T) (*browserServer, *fatest.Clock) {
	t.Helper()
	clock := fatest.NewClock(time.Now())
	s, _ := startBrowserServerWith(t, nil, clock.Now)
	s.stopCleanly(t)
	return s, clock
}
