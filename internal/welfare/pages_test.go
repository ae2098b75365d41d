package welfare

import (
	"io"
	"log/slog"
	"net/http"
	"net/http/cookiejar"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"
	"testing/fstest"

	"pishkhan/internal/identity"
	"pishkhan/internal/web"
	"pishkhan/internal/web/webtest"
)

// pageSite serves identity's and welfare's pages over HTTP on e.
func pageSite(t *testing.T, e *env) string {
	t.Helper()
	srv, err := web.NewServer(web.Options{DB: e.d, SecretKey: []byte("0123456789abcdef0123456789abcdef"), Now: e.clock.Now, Logger: testLogger(t)})
	if err != nil {
		t.Fatal(err)
	}
	if err := srv.Renderer.AddPages("pagetest", fstest.MapFS{"home.html": {Data: []byte(`{{define "content"}}<h1>home</h1>{{end}}`)}}); err != nil {
		t.Fatal(err)
	}
	srv.HandleFunc("GET /{$}", func(w http.ResponseWriter, r *http.Request) {
		srv.Render(w, r, http.StatusOK, "pagetest/home", web.View{Title: "home"})
	})
	if err := identity.Routes(srv, e.ids, e.s.sms); err != nil {
		t.Fatal(err)
	}
	if err := Routes(srv, e.s, e.ids); err != nil {
		t.Fatal(err)
	}
	ts := httptest.NewServer(srv.Handler())
	t.Cleanup(ts.Close)
	return ts.URL
}

type client struct {
	t    *testing.T
	base string
	jar  http.CookieJar
}

func newClient(t *testing.T, base string) *client {
	jar, _ := cookiejar.New(nil)
	return &client{t: t, base: base, jar: jar}
}

func (c *client) do(method, path string, form url.Values) webtest.Response {
	c.t.Helper()
	var body io.Reader
	if form != nil {
		body = strings.NewReader(form.Encode())
	}
	req, _ := http.NewRequest(method, c.base+path, body)
	if form != nil {
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	}
	for _, ck := range c.jar.Cookies(req.URL) {
		req.AddCookie(ck)
	}
	res, err := http.DefaultTransport.RoundTrip(req)
	if err != nil {
		c.t.Fatal(err)
	}
	defer res.Body.Close()
	c.jar.SetCookies(req.URL, res.Cookies())
	b, _ := io.ReadAll(res.Body)
	return webtest.Response{Method: method, Path: path, Status: res.StatusCode, Location: res.Header.Get("Location"), Body: string(b)}
}

func (c *client) post(page, action string, form url.Values) webtest.Response {
	c.t.Helper()
	p := c.do(http.MethodGet, page, nil)
	form.Set("csrf_token", webtest.Input(p.Body, "csrf_token"))
	return c.do(http.MethodPost, action, form)
}

const pagePassword = "Kavir-Lut-2071!"

// Every welfare page answers 200 for who may see it, with its data, and
// the application form puts a guarantor rule next to its field.
func TestPagesRender(t *testing.T) {
	engines(t, func(t *testing.T, e *env) {
		base := pageSite(t, e)
		emp, m := openAccount(t, e, 6)
		if _, err := e.buy(m, emp, 6_000_000, 3, "p1"); err != nil {
			t.Fatal(err)
		}
		if err := e.ids.ChangePassword(ctxb(), emp.CustomerID, "", pagePassword, pagePassword); err != nil {
			t.Fatal(err)
		}
		if err := e.ids.SetSecurityAnswers(ctxb(), emp.CustomerID, map[int]string{2: "tehran", 3: "rex", 4: "amir"}); err != nil {
			t.Fatal(err)
		}
		cust := newClient(t, base)
		cust.post("/login", "/login", url.Values{"identifier": {emp.NationalCode}, "password": {pagePassword}}).Want(t, http.StatusSeeOther, "/")
		cust.do(http.MethodGet, "/welfare", nil).Want(t, 200, "").Has(t, "وضعیت درخواست", StatusNames[StatusActive])
		cust.do(http.MethodGet, "/welfare/balance", nil).Want(t, 200, "").Has(t, "اعتبار ماهانه", "۱۰٬۰۰۰٬۰۰۰ ریال", "۶۰٬۰۰۰٬۰۰۰ ریال", "۵۴٬۰۰۰٬۰۰۰ ریال")
		cust.do(http.MethodGet, "/welfare/installments", nil).Want(t, 200, "").Has(t, "اقساط تسویه نشده", "۲٬۰۰۰٬۰۰۰ ریال", "گزارش اقساط خاتمه یافته")
		cust.do(http.MethodGet, "/welfare/guarantees", nil).Want(t, 200, "").Has(t, "تایید یا رد ضمانت")
		cust.do(http.MethodGet, "/welfare/merchants?city="+url.QueryEscape("تهران"), nil).Want(t, 200, "").Has(t, "دیجی‌کالا")
		cust.do(http.MethodGet, "/welfare/merchants?city="+url.QueryEscape("اصفهان"), nil).Want(t, 200, "").Lacks(t, "دیجی‌کالا")
		if r := cust.do(http.MethodGet, "/staff/welfare", nil); r.Status != http.StatusSeeOther || !strings.HasPrefix(r.Location, "/staff/login") {
			t.Errorf("a customer on the finance desk: %d → %s", r.Status, r.Location)
		}

		// A non-employee's application page says why.
		p := e.employees(person{"97", "8", 50_000_000, 1, 0}, person{"98", "9", 90_000_000, 1, 0})
		e.ids.ChangePassword(ctxb(), p["97"].CustomerID, "", pagePassword, pagePassword)
		e.ids.SetSecurityAnswers(ctxb(), p["97"].CustomerID, map[int]string{2: "tehran", 3: "rex", 4: "amir"})
		other := newClient(t, base)
		other.post("/login", "/login", url.Values{"identifier": {p["97"].NationalCode}, "password": {pagePassword}}).Want(t, http.StatusSeeOther, "/")
		other.post("/welfare", "/welfare/apply", url.Values{"installments": {"۱۲"}, "guarantor": {"98"}}).Want(t, http.StatusUnprocessableEntity, "").Has(t, msgGuarantorRegion)

		// Staff pages.
		if _, _, err := e.ids.CreateStaff(ctxb(), identity.Actor{}, "root", "مدیر", []string{identity.RoleAdmin}); err != nil {
			t.Fatal(err)
		}
		staff := newClient(t, base)
		once := ""
		_, once, _ = e.ids.CreateStaff(ctxb(), identity.Actor{}, "root2", "مدیر دو", []string{identity.RoleAdmin})
		staff.post("/staff/login", "/staff/login", url.Values{"username": {"root2"}, "password": {once}}).Want(t, http.StatusSeeOther, "/staff/password/first")
		staff.post("/staff/password/first", "/staff/password/first", url.Values{"new_password": {"Dena-Zagros-Peak-2071"}, "repeat_password": {"Dena-Zagros-Peak-2071"}}).Want(t, http.StatusSeeOther, "/staff")
		for path, want := range map[string]string{
			"/staff/welfare":                             "در انتظار تایید امور مالی منطقه",
			"/staff/welfare/employees":                   "افزودن کارمند به منطقه",
			"/staff/welfare/merchants":                   "معرفی فروشگاه منطقه",
			"/staff/welfare/payroll":                     "ثبت تسویه کسورات",
			"/staff/welfare/mobile?q=" + emp.PersonnelNo: "شماره موبایل جدید",
			"/staff/welfare/sales":                       ErrNotMerchantStaff.Message,
		} {
			status := 200
			if path == "/staff/welfare/sales" {
				status = http.StatusForbidden
			}
			staff.do(http.MethodGet, path, nil).Want(t, status, "").Has(t, want)
		}
		r := staff.do(http.MethodGet, "/staff/welfare/payroll/deductions?region=0&month=1403/07&format=csv", nil).Want(t, 200, "")
		if !strings.Contains(r.Body, emp.PersonnelNo) || !strings.Contains(r.Body, "2000000") {
			t.Errorf("deduction list:\n%s", r.Body)
		}
		x := staff.do(http.MethodGet, "/staff/welfare/payroll/deductions?region=0&month=1403/07&format=xlsx", nil).Want(t, 200, "")
		if !strings.HasPrefix(x.Body, "PK") {
			t.Errorf("xlsx list is not a zip: %q", x.Body[:min(20, len(x.Body))])
		}
		staff.post("/staff/welfare/merchants", "/staff/welfare/merchants", url.Values{"name": {""}, "kind": {"online"}}).Want(t, http.StatusUnprocessableEntity, "").Has(t, "نام فروشگاه را وارد کنید.")
	})
}

// testLogger logs the server's errors to the test (a 500's cause).
func testLogger(t *testing.T) *slog.Logger {
	return slog.New(slog.NewTextHandler(testWriter{t}, &slog.HandlerOptions{Level: slog.LevelError}))
}

type testWriter struct{ t *testing.T }

func (w testWriter) Write(b []byte) (int, error) { w.t.Log(string(b)); return len(b), nil }
