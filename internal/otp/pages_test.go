package otp

import (
	"net/http"
	"net/url"
	"strconv"
	"testing"

	"pishkhan/internal/db"
	"pishkhan/internal/identity"
	"pishkhan/internal/pagetest"
	"pishkhan/internal/web/webtest"
)

// pgClient is a browser on the site of pgServer.
type pgClient = webtest.Client

type pgResp = webtest.Response

// pgServer serves identity's pages and the second-password desk on d
// (a pagetest site on e's clock and e's service); e.ids becomes the site's
// identity.
func pgServer(t *testing.T, e *env, d *db.DB) string {
	t.Helper()
	e.site = pagetest.New(t, d, pagetest.Options{Clock: e.clock, Routes: func(s *pagetest.Site) error {
		return Routes(s.Server, e.s, s.Identity)
	}})
	e.ids = e.site.Identity
	return e.site.URL
}

func pgStaff(t *testing.T, e *env, base, username string, roles ...string) *pgClient {
	t.Helper()
	_, c := e.site.Staff(username, roles...)
	return c.Client
}

func TestPageStaffConfirmMobileAndAccess(t *testing.T) {
	engines(t, func(t *testing.T, e *env) {
		base := pgServer(t, e, e.d)
		p := e.customer(t)
		c, err := e.ids.Customer(ctx, p)
		if err != nil {
			t.Fatal(err)
		}
		desk := "/staff/otp?q=" + c.NationalCode
		confirm := "/staff/otp/" + strconv.FormatInt(p, 10) + "/confirm-mobile"

		support := pgStaff(t, e, base, "support1", identity.RoleSupport)
		support.Get(desk).Want(t, http.StatusOK, "").
			Has(t, "فرم تایید شماره تلفن همراه", "هویت مشتری به صورت حضوری احراز شد", `href="/staff/otp"`, "ثبت نشده")
		// Without the identity check and the in-person box: refused, nothing stored.
		support.PostForm(desk, confirm, url.Values{"mobile": {"09121234567"}}).Want(t, http.StatusUnprocessableEntity, "")
		if _, ok, _ := e.s.ConfirmedMobile(ctx, p); ok {
			t.Fatal("confirmed without identity check")
		}
		support.PostForm(desk, confirm, url.Values{"mobile": {"123"}, "identity_check": {"کارت ملی"}, "in_person": {"1"}}).
			Want(t, http.StatusUnprocessableEntity, "").Has(t, "شماره تلفن همراه معتبر نیست")
		support.PostForm(desk, confirm, url.Values{"mobile": {"۰۹۱۲۱۲۳۴۵۶۷"}, "identity_check": {"کارت ملی، ۴ رقم آخر ۵۶۷۸"}, "in_person": {"1"}}).
			Want(t, http.StatusSeeOther, desk)
		if m, ok, _ := e.s.ConfirmedMobile(ctx, p); !ok || m != "09121234567" {
			t.Fatalf("confirmed mobile %q, %v", m, ok)
		}
		support.Get(desk).Has(t, "۰۹۱۲۱۲۳۴۵۶۷", "کارت ملی، ۴ رقم آخر ۵۶۷۸")

		// Disabling a lost phone's authenticator.
		secret, act, _ := e.enrol(t, p)
		if err := e.s.ConfirmEnrolment(ctx, p, act, refTOTP(seedBytes(t, secret), e.clock.Now(), 6)); err != nil {
			t.Fatal(err)
		}
		disable := "/staff/otp/" + strconv.FormatInt(p, 10) + "/disable-device"
		support.PostForm(desk, disable, url.Values{"reason": {"گوشی مفقود شده"}}).Want(t, http.StatusSeeOther, desk)
		if has, _ := e.s.HasDevice(ctx, p); has {
			t.Fatal("device still active")
		}

		// Finance-only staff: 403 on the page and the form.
		finance := pgStaff(t, e, base, "finance1", identity.RoleFinance)
		finance.Get(desk).Want(t, http.StatusForbidden, "")
		tok := webtest.Input(finance.Get("/staff").Body, "csrf_token")
		form := url.Values{"mobile": {"09351112233"}, "identity_check": {"کارت ملی"}, "in_person": {"1"}}
		if tok == "" {
			t.Fatal("no CSRF token on /staff")
		}
		form.Set("csrf_token", tok)
		finance.Post(confirm, form).Want(t, http.StatusForbidden, "")
		if m, _, _ := e.s.ConfirmedMobile(ctx, p); m != "09121234567" {
			t.Fatalf("finance changed the mobile to %q", m)
		}
	})
}
