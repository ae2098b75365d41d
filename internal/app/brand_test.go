package app_test

import (
	"bytes"
	"context"
	"image"
	"image/png"
	"io"
	"mime/multipart"
	"net/url"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"pishkhan/internal/app"
	"pishkhan/internal/db/dbtest"
)

// postMultipart posts fields and files as multipart/form-data, as the
// settings form does.
func (p *portalClient) postMultipart(path string, fields url.Values, files map[string][]byte) (int, string, string) {
	p.t.Helper()
	var body bytes.Buffer
	w := multipart.NewWriter(&body)
	fields.Set("csrf_token", p.csrf)
	for k, vs := range fields {
		for _, v := range vs {
			_ = w.WriteField(k, v)
		}
	}
	for name, data := range files {
		fw, _ := w.CreateFormFile(name, name+".png")
		_, _ = fw.Write(data)
	}
	_ = w.Close()
	resp, err := p.c.Post(p.base+path, w.FormDataContentType(), &body)
	if err != nil {
		p.t.Fatal(err)
	}
	b, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	return resp.StatusCode, resp.Header.Get("Location"), string(b)
}

func brandForm() url.Values {
	return url.Values{"name": {"پارس‌نت"}, "short_name": {"پارس‌نت"}, "colour": {"#166534"}, "support_phone": {"۰۲۱-۷۱۴۰۰۹۰۰"},
		"support_hours": {"همه روزه ۸ تا ۲۲"}, "footer": {"ارائه‌دهنده اینترنت پرسرعت"}, "seller": {"شرکت پارس‌نت"}, "sms_signature": {"پارس‌نت"}}
}

func tinyPNG(t *testing.T) []byte {
	var b bytes.Buffer
	if err := png.Encode(&b, image.NewRGBA(image.Rect(0, 0, 60, 20))); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

// Issue 19: «the brand set at /staff/settings shows on the next page load
// on every instance». Two `pishkhan serve` on one database: the admin
// saves the brand on A (after the form refused hostile values in Persian,
// storing nothing); a visitor's next page on B shows the name, logo,
// colour, support line and footer, B's bank page names the new seller;
// a reset brings Pishkhan's own brand back on B. Staff other than admins
// cannot open the page.
func TestBrandSetAtStaffSettingsShowsOnEveryInstance(t *testing.T) {
	t.Run("sqlite", func(t *testing.T) {
		dir := t.TempDir()
		testBrandOnTwoInstances(t, startServe(t, dir, "--demo"), startServe(t, dir))
	})
	t.Run("postgres", func(t *testing.T) {
		pg := dbtest.PostgresURL(t)
		dir := t.TempDir()
		testBrandOnTwoInstances(t, startServe(t, dir, "--demo", "--database-url", pg), startServe(t, dir, "--database-url", pg))
	})
}

func testBrandOnTwoInstances(t *testing.T, a, b *server) {
	visitor := newPortalClient(t, b.base)
	if _, _, page := visitor.get("/login"); !strings.Contains(page, `<a class="brand" href="/">پیشخوان</a>`) {
		t.Fatal("B does not show Pishkhan's own brand first")
	}
	support := newPortalClient(t, a.base)
	staffSignInHTTP(t, support, "support", "Pishkhan-Staff@1405")
	if code, _, _ := support.get("/staff/settings"); code != 403 {
		t.Fatalf("support staff opened the settings: %d", code)
	}
	admin := newPortalClient(t, a.base)
	staffSignInHTTP(t, admin, "admin", "Pishkhan-Staff@1405")
	if code, _, page := admin.get("/staff/settings"); code != 200 || !strings.Contains(page, `value="پیشخوان"`) {
		t.Fatalf("settings page: %d", code)
	}
	// Hostile values: each refused in Persian beside its field, nothing stored.
	for name, c := range map[string]struct {
		edit  func(f url.Values)
		files map[string][]byte
		want  string
	}{
		"pale colour":      {func(f url.Values) { f.Set("colour", "#ffff00") }, nil, "دست‌کم ۴٫۵ به ۱"},
		"script colour":    {func(f url.Values) { f.Set("colour", "red;}</style><script>") }, nil, "کد رنگ شانزده‌شانزدهی"},
		"long name":        {func(f url.Values) { f.Set("name", strings.Repeat("ن", 200)) }, nil, "نباید بیش از ۶۰ نویسه"},
		"phone letters":    {func(f url.Values) { f.Set("support_phone", "call-me") }, nil, "فقط رقم"},
		"other site logo":  {func(f url.Values) { f.Set("logo_path", "https://evil.example/x.png") }, nil, "همین سامانه"},
		"svg logo":         {func(url.Values) {}, map[string][]byte{"logo": []byte(`<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>`)}, "PNG، JPEG یا GIF"},
		"oversized upload": {func(url.Values) {}, map[string][]byte{"logo": append(tinyPNG(t), make([]byte, 300<<10)...)}, "۲۵۶ کیلوبایت"},
	} {
		f := brandForm()
		c.edit(f)
		code, _, page := admin.postMultipart("/staff/settings", f, c.files)
		if code != 422 || !strings.Contains(page, c.want) || !strings.Contains(page, `aria-invalid="true"`) {
			t.Fatalf("%s: %d, want 422 saying %q", name, code, c.want)
		}
		if !strings.Contains(page, `value="شرکت پارس‌نت"`) {
			t.Fatalf("%s: the form lost what was typed", name)
		}
		if name == "pale colour" && !regexp.MustCompile(`رنگ پیشنهادی: <code dir="ltr">#[0-9a-f]{6}</code>`).MatchString(page) {
			t.Fatal("no darker colour offered")
		}
	}
	if code, _, _ := admin.post("/staff/settings", url.Values{"name": {"a\x00b"}, "colour": {"#166534"}, "seller": {"x"}}); code != 400 {
		t.Fatalf("a NUL: %d, want 400", code)
	}
	if _, _, page := visitor.get("/login"); !strings.Contains(page, `<a class="brand" href="/">پیشخوان</a>`) {
		t.Fatal("a refused brand changed the pages")
	}

	code, loc, _ := admin.postMultipart("/staff/settings", brandForm(), map[string][]byte{"logo": tinyPNG(t)})
	if code != 303 || loc != "/staff/settings" {
		t.Fatalf("save: %d %s", code, loc)
	}
	_, _, page := visitor.get("/login")
	for _, want := range []string{
		`<title>ورود به سامانه | پارس‌نت</title>`,
		`<a class="brand" href="/"><img class="brand-logo" src="/brand/logo?v=`,
		`<link rel="stylesheet" href="/brand.css?v=`,
		`<a href="tel:02171400900" dir="ltr">۰۲۱-۷۱۴۰۰۹۰۰</a> · همه روزه ۸ تا ۲۲`,
		`پارس‌نت · ارائه‌دهنده اینترنت پرسرعت`,
	} {
		if !strings.Contains(page, want) {
			t.Fatalf("B's next page lacks %s", want)
		}
	}
	css := regexp.MustCompile(`href="(/brand\.css\?v=\d+)"`).FindStringSubmatch(page)
	if _, _, sheet := visitor.get(css[1]); !strings.Contains(sheet, "--brand:#166534") {
		t.Fatalf("B's brand.css: %q", sheet)
	}
	logo := regexp.MustCompile(`src="(/brand/logo\?v=\d+)"`).FindStringSubmatch(page)
	if code, _, img := visitor.get(logo[1]); code != 200 || img != string(tinyPNG(t)) {
		t.Fatalf("B's logo: %d", code)
	}

	// B's bank page names the brand's seller.
	c := newPortalClient(t, b.base)
	c.get("/login")
	if code, loc, _ := c.post("/login", url.Values{"identifier": {"5678912348"}, "password": {"Kamel#Tulip-2049"}}); code != 303 || loc != "/" {
		t.Fatalf("sign-in on B: %d %s", code, loc)
	}
	c.get("/wallet")
	_, orderPath, _ := c.post("/wallet/top-up", url.Values{"amount": {"100000"}})
	c.get(orderPath)
	_, bankURL, _ := c.post(orderPath+"/pay", url.Values{"gateway": {"sandbox"}})
	if _, _, bank := c.get(bankURL); !strings.Contains(bank, "<th>پذیرنده</th><td>شرکت پارس‌نت</td>") {
		t.Fatalf("B's bank page does not name the brand's seller (%s)", bankURL)
	}

	// An SMS queued on B ends with the brand's signature (the staff SMS
	// log on A shows the text).
	c.get("/password")
	if code, _, _ := c.post("/password", url.Values{"old_password": {"Kamel#Tulip-2049"}, "new_password": {"Kamel#Tulip-2050"},
		"repeat_password": {"Kamel#Tulip-2050"}}); code != 303 {
		t.Fatalf("password change on B: %d", code)
	}
	if _, _, log := admin.get("/staff/sms"); !strings.Contains(log, "فوراً با پشتیبانی تماس بگیرید.\nپارس‌نت") {
		t.Fatal("the SMS does not end with the brand's signature")
	}

	// The reset, on A, shows on B.
	admin.get("/staff/settings")
	if code, _, _ := admin.post("/staff/settings/reset", url.Values{}); code != 303 {
		t.Fatalf("reset: %d", code)
	}
	if _, _, page := visitor.get("/login"); !strings.Contains(page, `<a class="brand" href="/">پیشخوان</a>`) || strings.Contains(page, "brand.css") {
		t.Fatal("B still shows the brand after the reset")
	}
	if code, _, _ := visitor.get(logo[1]); code != 404 {
		t.Fatalf("the reset logo is still served: %d", code)
	}
	// Both saves are in the audit log.
	if _, _, audit := admin.get("/staff/audit"); !strings.Contains(audit, "ذخیره نشان تجاری و تنظیمات سامانه") || !strings.Contains(audit, "بازگردانی تنظیمات سامانه به پیش‌فرض") {
		t.Fatal("the audit log does not show the brand's save and reset")
	}
}

// A bad brand default stops start-up with the variable named.
func TestBadBrandDefaultStopsStartUp(t *testing.T) {
	dir := t.TempDir()
	var out, errOut lockedBuffer
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute) // a start that wrongly succeeds ends here
	defer cancel()
	code := app.Run(ctx, []string{"serve", "--addr", "127.0.0.1:0", "--data-dir", dir, "--database-url", filepath.Join(dir, "p.db")},
		envOf(map[string]string{"PISHKHAN_BRAND_COLOUR": "#ffff00"}), &out, &errOut)
	if code == 0 || !strings.Contains(errOut.String(), "PISHKHAN_BRAND_COLOUR") || !strings.Contains(errOut.String(), "۴٫۵ به ۱") ||
		!regexp.MustCompile(`\(#[0-9a-f]{6}\)`).MatchString(errOut.String()) {
		t.Fatalf("exit %d: %s", code, errOut.String())
	}
}
