package isp_test

// The harness of the page tests: identity, billing and the ISP pages
// served by the real web kit over HTTP, on a fresh database per test.

import (
	"bytes"
	"context"
	"io"
	"log/slog"
	"mime/multipart"
	"net/http"
	"net/http/cookiejar"
	"net/http/httptest"
	"net/url"
	"strings"
	"sync"
	"testing"
	"testing/fstest"
	"time"

	"pishkhan/internal/billing"
	"pishkhan/internal/db"
	"pishkhan/internal/db/dbtest"
	"pishkhan/internal/fa"
	"pishkhan/internal/identity"
	"pishkhan/internal/isp"
	"pishkhan/internal/jobs"
	"pishkhan/internal/notify"
	"pishkhan/internal/web"
	"pishkhan/internal/web/webtest"
)

type pageClock struct {
	mu sync.Mutex
	t  time.Time
}

func (c *pageClock) Now() time.Time { c.mu.Lock(); defer c.mu.Unlock(); return c.t }

type pageEnv struct {
	t     testing.TB
	d     *db.DB
	clock *pageClock
	ids   *identity.Service
	bill  *billing.Service
	isp   *isp.Service
	url   string
}

func pageEngines(t *testing.T, fn func(t *testing.T, e *pageEnv)) {
	t.Helper()
	dbtest.Each(t, []*db.Schema{identity.Schema, billing.Schema, isp.Schema}, func(t *testing.T, d *db.DB) {
		fn(t, newPageEnv(t, d))
	})
}

func newPageEnv(t testing.TB, d *db.DB) *pageEnv {
	t.Helper()
	ctx := context.Background()
	logger := slog.New(slog.DiscardHandler)
	clock := &pageClock{t: fa.Date{Year: 1394, Month: 11, Day: 25}.Time(fa.Tehran).Add(12 * time.Hour)}
	runner := jobs.New(d, logger)
	if err := runner.Migrate(ctx); err != nil {
		t.Fatal(err)
	}
	if err := runner.Open(); err != nil {
		t.Fatal(err)
	}
	sms := notify.New(d, runner, &notify.Outbox{}, logger, clock.Now)
	srv, err := web.NewServer(web.Options{DB: d, Logger: logger, SecretKey: []byte("0123456789abcdef0123456789abcdef"), Now: clock.Now})
	if err != nil {
		t.Fatal(err)
	}
	ids := identity.New(d, sms, identity.Options{Params: identity.Params{Memory: 256, Time: 1, Threads: 1, SaltLen: 16, KeyLen: 32}, Now: clock.Now, Logger: logger,
		EndSessions: func(ctx context.Context, q db.Querier, kind string, id, keep int64) error {
			_, err := srv.Sessions.DestroyAll(ctx, q, kind, id, keep)
			return err
		}})
	bill := billing.New(d, billing.Options{Now: clock.Now, Logger: logger})
	svc, err := isp.New(d, bill, sms, isp.Options{Key: []byte("fedcba9876543210fedcba9876543210"), Now: clock.Now, Logger: logger, Identity: ids})
	if err != nil {
		t.Fatal(err)
	}
	bill.RegisterFulfiller(isp.KindOrder, svc.Fulfiller())
	if err := srv.Renderer.AddPages("pagetest", fstest.MapFS{"home.html": {Data: []byte(`{{define "content"}}<h1 id="home">صفحه اصلی</h1>{{end}}`)}}); err != nil {
		t.Fatal(err)
	}
	srv.HandleFunc("GET /{$}", func(w http.ResponseWriter, r *http.Request) {
		srv.Render(w, r, http.StatusOK, "pagetest/home", web.View{Title: "صفحه اصلی"})
	})
	if err := identity.Routes(srv, ids, sms); err != nil {
		t.Fatal(err)
	}
	if err := billing.Routes(srv, bill, ids, "http://pishkhan.test"); err != nil {
		t.Fatal(err)
	}
	if err := isp.Routes(srv, svc, ids, nil); err != nil {
		t.Fatal(err)
	}
	ts := httptest.NewServer(srv.Handler())
	t.Cleanup(ts.Close)
	return &pageEnv{t: t, d: d, clock: clock, ids: ids, bill: bill, isp: svc, url: ts.URL}
}

func pageNationalCode(first9 string) string {
	sum := 0
	for i := 0; i < 9; i++ {
		sum += int(first9[i]-'0') * (10 - i)
	}
	c := sum % 11
	if c >= 2 {
		c = 11 - c
	}
	return first9 + string(rune('0'+c))
}

const pagePassword = "Kavir-Lut-2071!"

// customer creates a customer past set-up and a browser signed in as them.
func (e *pageEnv) customer(first9 string) (*identity.Customer, *pageClient) {
	e.t.Helper()
	ctx := context.Background()
	c, err := e.ids.CreateCustomer(ctx, identity.Actor{}, identity.NewCustomer{NationalCode: pageNationalCode(first9), FirstName: "کمال", LastName: "نصیری"})
	if err != nil {
		e.t.Fatal(err)
	}
	if err := e.ids.ChangePassword(ctx, c.ID, "", pagePassword, pagePassword); err != nil {
		e.t.Fatal(err)
	}
	if err := e.ids.SetSecurityAnswers(ctx, c.ID, map[int]string{2: "tehran", 3: "rex", 4: "amir"}); err != nil {
		e.t.Fatal(err)
	}
	b := e.client()
	b.postForm("/login", "/login", url.Values{"identifier": {c.NationalCode}, "password": {pagePassword}}).Want(e.t, http.StatusSeeOther, "/")
	return c, b
}

const pageStaffPassword = "Dena-Zagros-Peak-2071"

func (e *pageEnv) staffMember(username string, roles ...string) *pageClient {
	e.t.Helper()
	_, once, err := e.ids.CreateStaff(context.Background(), identity.Actor{}, username, "کارمند "+username, roles)
	if err != nil {
		e.t.Fatalf("create staff %s: %v", username, err)
	}
	c := e.client()
	c.postForm("/staff/login", "/staff/login", url.Values{"username": {username}, "password": {once}}).Want(e.t, http.StatusSeeOther, "/staff/password/first")
	c.postForm("/staff/password/first", "/staff/password/first", url.Values{"new_password": {pageStaffPassword}, "repeat_password": {pageStaffPassword}}).Want(e.t, http.StatusSeeOther, "/staff")
	return c
}

type pageClient struct {
	e   *pageEnv
	t   testing.TB
	jar http.CookieJar
}

type pageResp = webtest.Response

func (e *pageEnv) client() *pageClient {
	jar, _ := cookiejar.New(nil)
	return &pageClient{e: e, t: e.t, jar: jar}
}

func (c *pageClient) send(method, path, contentType string, body io.Reader) pageResp {
	c.t.Helper()
	req, err := http.NewRequest(method, c.e.url+path, body)
	if err != nil {
		c.t.Fatal(err)
	}
	req.Header.Set("User-Agent", "ISPPageTest/1.0")
	if contentType != "" {
		req.Header.Set("Content-Type", contentType)
	}
	for _, ck := range c.jar.Cookies(req.URL) {
		req.AddCookie(ck)
	}
	resp, err := http.DefaultTransport.RoundTrip(req)
	if err != nil {
		c.t.Fatalf("%s %s: %v", method, path, err)
	}
	defer resp.Body.Close()
	c.jar.SetCookies(req.URL, resp.Cookies())
	b, err := io.ReadAll(resp.Body)
	if err != nil {
		c.t.Fatal(err)
	}
	return pageResp{Method: method, Path: path, Status: resp.StatusCode, Location: resp.Header.Get("Location"), Header: resp.Header, Body: string(b)}
}

func (c *pageClient) get(path string) pageResp {
	c.t.Helper()
	return c.send(http.MethodGet, path, "", nil)
}

func (c *pageClient) postForm(page, action string, form url.Values) pageResp {
	c.t.Helper()
	p := c.get(page)
	if p.Status != http.StatusOK {
		c.t.Fatalf("GET %s before posting %s: %d → %q\n%s", page, action, p.Status, p.Location, webtest.Snippet(p.Body))
	}
	token := webtest.Input(p.Body, "csrf_token")
	if token == "" {
		c.t.Fatalf("no CSRF token on %s", page)
	}
	f := url.Values{}
	for k, v := range form {
		f[k] = v
	}
	f.Set("csrf_token", token)
	return c.send(http.MethodPost, action, "application/x-www-form-urlencoded", strings.NewReader(f.Encode()))
}

// upload posts files as «ارسال مدارک» does.
func (c *pageClient) upload(page, action string, files map[string][]byte) pageResp {
	c.t.Helper()
	p := c.get(page)
	var buf bytes.Buffer
	mw := multipart.NewWriter(&buf)
	_ = mw.WriteField("csrf_token", webtest.Input(p.Body, "csrf_token"))
	for name, data := range files {
		w, _ := mw.CreateFormFile("files", name)
		_, _ = w.Write(data)
	}
	_ = mw.Close()
	return c.send(http.MethodPost, action, mw.FormDataContentType(), &buf)
}
