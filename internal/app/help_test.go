package app_test

import (
	"net/url"
	"strings"
	"testing"
)

// Issue 19's help pages: each area's guide text where the guide shows it
// (the seeds' own words: «راهنمای پرداخت اقساط», the authenticator's
// guide with the bank's address and ۱۹-۲۲۰۲۹۸۱۱, the welfare line
// ۰۲۱۷۱۴۰۰۹۰۰, the ISP's support menu, registration's notes); an admin's
// edit on one instance shows on the other's next page, hostile text is
// refused or escaped, and «بازگردانی به متن پیش‌فرض» brings the guide's
// text back.
func TestHelpPagesSeededEditedAndReset(t *testing.T) {
	dir := t.TempDir()
	a, b := startServe(t, dir, "--demo"), startServe(t, dir)
	visitor := newPortalClient(t, b.base)
	_, _, login := visitor.get("/login")
	for _, want := range []string{"<summary>راهنمای پرداخت اقساط</summary>", "با انتخاب گزینه &#34;پرداخت اقساط&#34; به روش اینترنتی",
		"<summary>نکات مهم و ابتدایی</summary>", "به مدت ۳۰ دقیقه ip شما را بلاک میکند"} {
		if !strings.Contains(login, want) {
			t.Fatalf("the sign-in page lacks %s", want)
		}
	}
	for path, wants := range map[string][]string{
		"/help/cards/authenticator": {`<a href="https://www.bim.ir">www.bim.ir</a>`, "۱۹-۲۲۰۲۹۸۱۱", "سقف مجموعاً ۱,۰۰۰,۰۰۰ ریال", "<h3>۲۴. حداکثر مدت زمان"},
		"/help/welfare/support":     {"تلفن ۰۲۱۷۱۴۰۰۹۰۰ داخلی ۱", `<a href="https://my.medu.ir" dir="ltr">https://my.medu.ir</a>`, "۷۲ ساعت"},
		"/help/isp/support":         {"منو سیستم پشتیبانی", `<a href="/support/new">تیکت جدید</a>`},
		"/help/idp/registration":    {"<strong>نکته مهم:</strong> شماره موبایل متقاضی", "مثال: ۱۳۷۷/۰۷/۰۷"},
		"/help":                     {`href="/help/cards/installments"`, `href="/help/welfare/support"`, `href="/help/idp/registration"`},
	} {
		code, _, page := visitor.get(path)
		for _, want := range wants {
			if code != 200 || !strings.Contains(page, want) {
				t.Fatalf("%s (%d) lacks %s", path, code, want)
			}
		}
	}
	if code, _, _ := visitor.get("/help/cards/nothing"); code != 404 {
		t.Fatalf("an unknown help page: %d", code)
	}

	admin := newPortalClient(t, a.base)
	staffSignInHTTP(t, admin, "admin", "Pishkhan-Staff@1405")
	if code, _, page := admin.get("/staff/help"); code != 200 || !strings.Contains(page, `href="/staff/help/cards/installments"`) {
		t.Fatalf("the admin's help list: %d", code)
	}
	admin.get("/staff/help/cards/installments")
	for name, c := range map[string]struct {
		form url.Values
		want string
	}{
		"empty body": {url.Values{"title": {"راهنما"}, "body": {"  "}}, "متن راهنما را وارد کنید"},
		"long title": {url.Values{"title": {strings.Repeat("ع", 101)}, "body": {"متن"}}, "نباید بیش از ۱۰۰ نویسه"},
		"control":    {url.Values{"title": {"راهنما"}, "body": {"a\x07b"}}, "نویسهٔ کنترلی"},
	} {
		if code, _, page := admin.post("/staff/help/cards/installments", c.form); code != 422 || !strings.Contains(page, c.want) {
			t.Fatalf("%s: %d, want 422 saying %q", name, code, c.want)
		}
	}
	if code, _, _ := admin.post("/staff/help/cards/nothing", url.Values{"title": {"x"}, "body": {"y"}}); code != 404 {
		t.Fatalf("editing an unknown page: %d", code)
	}
	code, loc, _ := admin.post("/staff/help/cards/installments", url.Values{"title": {"راهنمای پرداخت اقساط"},
		"body": {"<script>alert(1)</script>\n\n- پرداخت با کارت شتابی\n- [صفحه پرداخت](/cards/installments/pay)"}})
	if code != 303 || loc != "/staff/help/cards/installments" {
		t.Fatalf("save: %d %s", code, loc)
	}
	_, _, login = visitor.get("/login")
	if !strings.Contains(login, `<p>&lt;script&gt;alert(۱)&lt;/script&gt;</p><ul><li>پرداخت با کارت شتابی</li><li><a href="/cards/installments/pay">صفحه پرداخت</a></li></ul>`) ||
		strings.Contains(login, "<script>alert") {
		t.Fatal("B does not show the admin's edit, escaped")
	}
	_, _, form := admin.get("/staff/help/cards/installments")
	if !strings.Contains(form, "بازگردانی به متن پیش‌فرض") {
		t.Fatal("no reset button on an edited page")
	}
	if code, _, _ := admin.post("/staff/help/cards/installments/reset", url.Values{}); code != 303 {
		t.Fatalf("reset: %d", code)
	}
	if _, _, login = visitor.get("/login"); !strings.Contains(login, "راهنمای پرداخت اقساط نیز در قسمت راهنمای صفحه ورودی") {
		t.Fatal("the guide's text is not back on B")
	}
	// Staff other than admins cannot edit.
	support := newPortalClient(t, a.base)
	staffSignInHTTP(t, support, "support", "Pishkhan-Staff@1405")
	if code, _, _ := support.get("/staff/help/cards/installments"); code != 403 {
		t.Fatalf("support staff opened the editor: %d", code)
	}
}
