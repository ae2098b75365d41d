package welfare

import (
	"log/slog"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"pishkhan/internal/identity"
	"pishkhan/internal/pagetest"
	"pishkhan/internal/web"
	"pishkhan/internal/web/webtest"
)

// pageSite serves identity's and welfare's pages over HTTP on e.
func pageSite(t *testing.T, e *env) string {
	t.Helper()
	return pagetest.NewOn(t, e.base, pagetest.Options{
		Web: func(o *web.Options) { o.Logger = testLogger(t) },
		Routes: func(s *pagetest.Site) error {
			return Routes(s.Server, e.s, e.ids)
		}}).URL
}

// client is a browser on the site of pageSite.
type client = webtest.Client

var newClient = webtest.NewClient

const pagePassword = pagetest.Password

// Every welfare page answers 200 for who may see it, with its data, and
// the application form puts a guarantor rule next to its field.
func TestPagesRender(t *testing.T) {
	engines(t, func(t *testing.T, e *env) {
		base := pageSite(t, e)
		emp, m := openAccount(t, e, 6)
		if _, err := e.buy(m, emp, 6_000_000, 3, "p1"); err != nil {
			t.Fatal(err)
		}
		cust := e.login(t, base, emp)
		cust.Get("/welfare").Want(t, 200, "").Has(t, "وضعیت درخواست", StatusNames[StatusActive])
		cust.Get("/welfare/balance").Want(t, 200, "").Has(t, "اعتبار ماهانه", "۱۰٬۰۰۰٬۰۰۰ ریال", "۶۰٬۰۰۰٬۰۰۰ ریال", "۵۴٬۰۰۰٬۰۰۰ ریال")
		cust.Get("/welfare/installments").Want(t, 200, "").Has(t, "اقساط تسویه نشده", "۲٬۰۰۰٬۰۰۰ ریال", "گزارش اقساط خاتمه یافته")
		cust.Get("/welfare/guarantees").Want(t, 200, "").Has(t, "تایید یا رد ضمانت")
		cust.Get("/welfare/merchants?city="+url.QueryEscape("تهران")).Want(t, 200, "").Has(t, "دیجی‌کالا")
		cust.Get("/welfare/merchants?city="+url.QueryEscape("اصفهان")).Want(t, 200, "").Lacks(t, "دیجی‌کالا")
		if r := cust.Get("/staff/welfare"); r.Status != http.StatusSeeOther || !strings.HasPrefix(r.Location, "/staff/login") {
			t.Errorf("a customer on the finance desk: %d → %s", r.Status, r.Location)
		}

		// A non-employee's application page says why.
		p := e.employees(person{"97", "8", 50_000_000, 1, 0}, person{"98", "9", 90_000_000, 1, 0})
		other := e.login(t, base, p["97"])
		other.PostForm("/welfare", "/welfare/apply", url.Values{"installments": {"۱۲"}, "guarantor": {"98"}}).Want(t, http.StatusUnprocessableEntity, "").Has(t, msgGuarantorRegion)

		// Staff pages.
		if _, _, err := e.ids.CreateStaff(ctxb(), identity.Actor{}, "root", "مدیر", []string{identity.RoleAdmin}); err != nil {
			t.Fatal(err)
		}
		staff := newClient(t, base)
		once := ""
		_, once, _ = e.ids.CreateStaff(ctxb(), identity.Actor{}, "root2", "مدیر دو", []string{identity.RoleAdmin})
		staff.PostForm("/staff/login", "/staff/login", url.Values{"username": {"root2"}, "password": {once}}).Want(t, http.StatusSeeOther, "/staff/password/first")
		staff.PostForm("/staff/password/first", "/staff/password/first", url.Values{"new_password": {"Dena-Zagros-Peak-2071"}, "repeat_password": {"Dena-Zagros-Peak-2071"}}).Want(t, http.StatusSeeOther, "/staff")
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
			staff.Get(path).Want(t, status, "").Has(t, want)
		}
		r := staff.Get("/staff/welfare/payroll/deductions?region=0&month=1403/07&format=csv").Want(t, 200, "")
		if !strings.Contains(r.Body, emp.PersonnelNo) || !strings.Contains(r.Body, "2000000") {
			t.Errorf("deduction list:\n%s", r.Body)
		}
		x := staff.Get("/staff/welfare/payroll/deductions?region=0&month=1403/07&format=xlsx").Want(t, 200, "")
		if !strings.HasPrefix(x.Body, "PK") {
			t.Errorf("xlsx list is not a zip: %q", x.Body[:min(20, len(x.Body))])
		}
		staff.PostForm("/staff/welfare/merchants", "/staff/welfare/merchants", url.Values{"name": {""}, "kind": {"online"}}).Want(t, http.StatusUnprocessableEntity, "").Has(t, "نام فروشگاه را وارد کنید.")
	})
}

// testLogger logs the server's errors to the test (a 500's cause).
func testLogger(t *testing.T) *slog.Logger {
	return slog.New(slog.NewTextHandler(testWriter{t}, &slog.HandlerOptions{Level: slog.LevelError}))
}

type testWriter struct{ t *testing.T }

func (w testWriter) Write(b []byte) (int, error) { w.t.Log(string(b)); return len(b), nil }
