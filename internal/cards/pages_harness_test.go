package cards_test

// The harness of the page tests (pages_test.go): identity, billing and the
// card pages served by the real web kit and router over HTTP, on a fresh
// database per test. Names carry a "page" prefix so that the package's
// other test files cannot collide with them.

import (
	"context"
	"io"
	"log/slog"
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
	"pishkhan/internal/cards"
	"pishkhan/internal/db"
	"pishkhan/internal/db/dbtest"
	"pishkhan/internal/fa"
	"pishkhan/internal/identity"
	"pishkhan/internal/jobs"
	"pishkhan/internal/notify"
	"pishkhan/internal/web"
	"pishkhan/internal/web/webtest"
)

var pageParams = identity.Params{Memory: 256, Time: 1, Threads: 1, SaltLen: 16, KeyLen: 32}

type pageClock struct {
	mu sync.Mutex
	t  time.Time
}

func (c *pageClock) Now() time.Time { c.mu.Lock(); defer c.mu.Unlock(); return c.t }

type pageEnv struct {
	t     testing.TB
	d     *db.DB
	clock *pageClock
	srv   *web.Server
	ids   *identity.Service
	bill  *billing.Service
	cards *cards.Service
	url   string
}

// pageEngines runs fn on every available engine, each with a fresh
// database and site.
func pageEngines(t *testing.T, fn func(t *testing.T, e *pageEnv)) {
	t.Helper()
	dbtest.Each(t, []*db.Schema{identity.Schema, billing.Schema, cards.Schema}, func(t *testing.T, d *db.DB) {
		fn(t, newPageEnv(t, d))
	})
}

var pageHome = fstest.MapFS{
	"home.html": {Data: []byte(`{{define "content"}}<h1 id="home">صفحه اصلی</h1>{{end}}`)},
}

func newPageEnv(t testing.TB, d *db.DB) *pageEnv {
	t.Helper()
	ctx := context.Background()
	logger := slog.New(slog.DiscardHandler)
	// Noon in Tehran on 1403/06/15.
	clock := &pageClock{t: fa.Date{Year: 1403, Month: 6, Day: 15}.Time(fa.Tehran).Add(12 * time.Hour)}
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
	ids := identity.New(d, sms, identity.Options{Params: pageParams, Now: clock.Now, Logger: logger,
		EndSessions: func(ctx context.Context, q db.Querier, kind string, id, keep int64) error {
			_, err := srv.Sessions.DestroyAll(ctx, q, kind, id, keep)
			return err
		}})
	bill := billing.New(d, billing.Options{Now: clock.Now, Logger: logger})
	svc, err := cards.New(d, ids, cards.Options{Key: []byte("fedcba9876543210fedcba9876543210"), BIN: "628157", Now: clock.Now, Logger: logger})
	if err != nil {
		t.Fatal(err)
	}
	bill.RegisterFulfiller(cards.KindInstallments, svc.InstallmentsFulfiller())
	if err := srv.Renderer.AddPages("pagetest", pageHome); err != nil {
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
	if err := cards.Routes(srv, svc, ids, bill, "http://pishkhan.test"); err != nil {
		t.Fatal(err)
	}
	ts := httptest.NewServer(srv.Handler())
	t.Cleanup(ts.Close)
	return &pageEnv{t: t, d: d, clock: clock, srv: srv, ids: ids, bill: bill, cards: svc, url: ts.URL}
}

// pageNationalCode completes nine digits with their check digit.
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

// holder creates a customer who has finished set-up and returns a browser
// signed in as them.
func (e *pageEnv) holder(first9 string) (*identity.Customer, *pageClient) {
	e.t.Helper()
	ctx := context.Background()
	c, err := e.ids.CreateCustomer(ctx, identity.Actor{}, identity.NewCustomer{NationalCode: pageNationalCode(first9), FirstName: "مریم", LastName: "احمدی"})
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

// staffMember creates a staff member and returns a browser signed in as
// them, past the forced change of the one-time password.
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

// guideAccounts opens the four accounts of the guide's first table for a
// customer and issues a card on the credit account.
func (e *pageEnv) guideAccounts(customerID int64) *cards.IssuedCard {
	e.t.Helper()
	ctx := context.Background()
	var credit *cards.Account
	for _, in := range []cards.NewAccount{
		{TypeCode: "credit", Number: "100", OpenedOn: "1390/09/26", Balance: 16_673_166, Withdrawable: 14_926_834, Floor: -30_766_000},
		{TypeCode: "facilities", Number: "1000017", OpenedOn: "1390/09/26", Balance: 16_673_166, Withdrawable: 16_673_166, Floor: 16_673_166},
		{TypeCode: "savings", Number: "1000017", OpenedOn: "1391/01/22", Balance: 380, Withdrawable: 380, Floor: 380},
		{TypeCode: "customs", Number: "1000937", OpenedOn: "1392/04/26", Balance: 5_634_000, Withdrawable: 5_634_000, Floor: 5_634_000},
	} {
		in.CustomerID = customerID
		a, err := e.cards.IssueAccount(ctx, in)
		if err != nil {
			e.t.Fatalf("open %+v: %v", in, err)
		}
		if credit == nil {
			credit = a
		}
	}
	ic, err := e.cards.IssueCard(ctx, customerID, credit.ID)
	if err != nil {
		e.t.Fatal(err)
	}
	return ic
}

// buy registers an approved purchase.
func (e *pageEnv) buy(ic *cards.IssuedCard, key string, total, cash int64, n int, policy string) {
	e.t.Helper()
	r, err := e.cards.Purchase(context.Background(), "staff", cards.PurchaseRequest{CardNumber: ic.Number, Total: total,
		CashShare: cash, Installments: n, PolicyNumber: policy, Merchant: "بیمه", IdempotencyKey: key})
	if err != nil || !r.Approved {
		e.t.Fatalf("purchase %s: %+v %v", key, r, err)
	}
}

// --- browsers ---

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

func (c *pageClient) do(method, path string, form url.Values) pageResp {
	c.t.Helper()
	var body io.Reader
	if form != nil {
		body = strings.NewReader(form.Encode())
	}
	req, err := http.NewRequest(method, c.e.url+path, body)
	if err != nil {
		c.t.Fatal(err)
	}
	req.Header.Set("User-Agent", "CardsPageTest/1.0")
	if form != nil {
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
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
	return pageResp{Method: method, Path: path, Status: resp.StatusCode, Location: resp.Header.Get("Location"), Body: string(b)}
}

func (c *pageClient) get(path string) pageResp {
	c.t.Helper()
	return c.do(http.MethodGet, path, nil)
}

// postForm opens page, takes the CSRF token of its form and posts form to
// action with it.
func (c *pageClient) postForm(page, action string, form url.Values) pageResp {
	c.t.Helper()
	p := c.get(page)
	if p.Status != http.StatusOK {
		c.t.Fatalf("GET %s before posting %s: %d → %q\n%s", page, action, p.Status, p.Location, webtest.Snippet(p.Body))
	}
	return c.postWith(p, action, form)
}

func (c *pageClient) postWith(p pageResp, action string, form url.Values) pageResp {
	c.t.Helper()
	token := webtest.Input(p.Body, "csrf_token")
	if token == "" {
		c.t.Fatalf("no CSRF token on %s:\n%s", p.Path, webtest.Snippet(p.Body))
	}
	f := url.Values{}
	for k, v := range form {
		f[k] = v
	}
	f.Set("csrf_token", token)
	return c.do(http.MethodPost, action, f)
}
