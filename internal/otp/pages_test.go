package otp

import (
	"context"
	"html"
	"io"
	"log/slog"
	"net/http"
	"net/http/cookiejar"
	"net/http/httptest"
	"net/url"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"pishkhan/internal/db"
	"pishkhan/internal/identity"
	"pishkhan/internal/jobs"
	"pishkhan/internal/notify"
	"pishkhan/internal/web"
	"pishkhan/internal/web/webtest"
)

type pgClient struct {
	t    *testing.T
	base string
	jar  http.CookieJar
}

type pgResp = webtest.Response

func (c *pgClient) do(method, path string, form url.Values) pgResp {
	c.t.Helper()
	var body io.Reader
	if form != nil {
		body = strings.NewReader(form.Encode())
	}
	req, err := http.NewRequest(method, c.base+path, body)
	if err != nil {
		c.t.Fatal(err)
	}
	req.Header.Set("User-Agent", "OTPPageTest/1.0")
	if form != nil {
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	}
	for _, ck := range c.jar.Cookies(req.URL) {
		req.AddCookie(ck)
	}
	resp, err := http.DefaultTransport.RoundTrip(req)
	if err != nil {
		c.t.Fatal(err)
	}
	defer resp.Body.Close()
	c.jar.SetCookies(req.URL, resp.Cookies())
	b, _ := io.ReadAll(resp.Body)
	return pgResp{Method: method, Path: path, Status: resp.StatusCode, Location: resp.Header.Get("Location"), Header: resp.Header, Body: string(b)}
}

var pgTokenRE = regexp.MustCompile(`name="csrf_token"[^>]*?value="([^"]*)"`)

// post opens page for its CSRF token and posts form to action.
func (c *pgClient) post(page, action string, form url.Values) pgResp {
	c.t.Helper()
	p := c.do(http.MethodGet, page, nil)
	m := pgTokenRE.FindStringSubmatch(p.Body)
	if p.Status != http.StatusOK || m == nil {
		c.t.Fatalf("GET %s: %d, no CSRF token", page, p.Status)
	}
	form.Set("csrf_token", html.UnescapeString(m[1]))
	return c.do(http.MethodPost, action, form)
}

func pgServer(t *testing.T, e *env, d *db.DB) string {
	t.Helper()
	logger := slog.New(slog.DiscardHandler)
	srv, err := web.NewServer(web.Options{DB: d, Logger: logger, SecretKey: testKey, Now: e.clock.Now})
	if err != nil {
		t.Fatal(err)
	}
	runner := jobs.New(d, logger)
	sms := notify.New(d, runner, &notify.Outbox{}, logger, e.clock.Now)
	ids := identity.New(d, sms, identity.Options{Params: identity.Params{Memory: 256, Time: 1, Threads: 1, SaltLen: 16, KeyLen: 32},
		Now: e.clock.Now, Logger: logger,
		EndSessions: func(ctx2 context.Context, q db.Querier, kind string, id, keep int64) error {
			_, err := srv.Sessions.DestroyAll(ctx2, q, kind, id, keep)
			return err
		}})
	e.ids = ids
	if err := identity.Routes(srv, ids, sms); err != nil {
		t.Fatal(err)
	}
	if err := Routes(srv, e.s, ids); err != nil {
		t.Fatal(err)
	}
	ts := httptest.NewServer(srv.Handler())
	t.Cleanup(ts.Close)
	return ts.URL
}

func pgStaff(t *testing.T, e *env, base, username string, roles ...string) *pgClient {
	t.Helper()
	_, once, err := e.ids.CreateStaff(ctx, identity.Actor{}, username, "کارمند "+username, roles)
	if err != nil {
		t.Fatal(err)
	}
	jar, _ := cookiejar.New(nil)
	c := &pgClient{t: t, base: base, jar: jar}
	const pw = "Dena-Zagros-Peak-2071"
	c.post("/staff/login", "/staff/login", url.Values{"username": {username}, "password": {once}}).Want(t, http.StatusSeeOther, "/staff/password/first")
	c.post("/staff/password/first", "/staff/password/first", url.Values{"new_password": {pw}, "repeat_password": {pw}}).Want(t, http.StatusSeeOther, "/staff")
	return c
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
		support.do(http.MethodGet, desk, nil).Want(t, http.StatusOK, "").
			Has(t, "فرم تایید شماره تلفن همراه", "هویت مشتری به صورت حضوری احراز شد", `href="/staff/otp"`, "ثبت نشده")
		// Without the identity check and the in-person box: refused, nothing stored.
		support.post(desk, confirm, url.Values{"mobile": {"09121234567"}}).Want(t, http.StatusUnprocessableEntity, "")
		if _, ok, _ := e.s.ConfirmedMobile(ctx, p); ok {
			t.Fatal("confirmed without identity check")
		}
		support.post(desk, confirm, url.Values{"mobile": {"123"}, "identity_check": {"کارت ملی"}, "in_person": {"1"}}).
			Want(t, http.StatusUnprocessableEntity, "").Has(t, "شماره تلفن همراه معتبر نیست")
		support.post(desk, confirm, url.Values{"mobile": {"۰۹۱۲۱۲۳۴۵۶۷"}, "identity_check": {"کارت ملی، ۴ رقم آخر ۵۶۷۸"}, "in_person": {"1"}}).
			Want(t, http.StatusSeeOther, desk)
		if m, ok, _ := e.s.ConfirmedMobile(ctx, p); !ok || m != "09121234567" {
			t.Fatalf("confirmed mobile %q, %v", m, ok)
		}
		support.do(http.MethodGet, desk, nil).Has(t, "۰۹۱۲۱۲۳۴۵۶۷", "کارت ملی، ۴ رقم آخر ۵۶۷۸")

		// Disabling a lost phone's authenticator.
		secret, act, _ := e.enrol(t, p)
		if err := e.s.ConfirmEnrolment(ctx, p, act, refTOTP(seedBytes(t, secret), e.clock.Now(), 6)); err != nil {
			t.Fatal(err)
		}
		disable := "/staff/otp/" + strconv.FormatInt(p, 10) + "/disable-device"
		support.post(desk, disable, url.Values{"reason": {"گوشی مفقود شده"}}).Want(t, http.StatusSeeOther, desk)
		if has, _ := e.s.HasDevice(ctx, p); has {
			t.Fatal("device still active")
		}

		// Finance-only staff: 403 on the page and the form.
		finance := pgStaff(t, e, base, "finance1", identity.RoleFinance)
		finance.do(http.MethodGet, desk, nil).Want(t, http.StatusForbidden, "")
		tok := pgTokenRE.FindStringSubmatch(finance.do(http.MethodGet, "/staff", nil).Body)
		form := url.Values{"mobile": {"09351112233"}, "identity_check": {"کارت ملی"}, "in_person": {"1"}}
		if tok == nil {
			t.Fatal("no CSRF token on /staff")
		}
		form.Set("csrf_token", html.UnescapeString(tok[1]))
		finance.do(http.MethodPost, confirm, form).Want(t, http.StatusForbidden, "")
		if m, _, _ := e.s.ConfirmedMobile(ctx, p); m != "09121234567" {
			t.Fatalf("finance changed the mobile to %q", m)
		}
	})
}
