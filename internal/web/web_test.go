package web_test

import (
	"context"
	"io"
	"net/http"
	"net/http/cookiejar"
	"net/http/httptest"
	"net/netip"
	"net/url"
	"strconv"
	"strings"
	"testing"
	"testing/fstest"
	"time"

	"pishkhan/internal/db"
	"pishkhan/internal/db/dbtest"
	"pishkhan/internal/fa/fatest"
	"pishkhan/internal/web"
	"pishkhan/internal/web/webtest"
)

var testPages = fstest.MapFS{
	"form.html": {Data: []byte(`{{define "content"}}<form method="post" action="/form"><input type="hidden" name="csrf_token" value="{{.CSRF}}"><input name="name" value="{{.Value "name"}}">{{with .Err "name"}}<span class="field-error">{{.}}</span>{{end}}</form><p id="who">{{with .Session}}{{.SubjectID}}{{.Stage}}{{end}}</p>{{end}}`)},
}

type harness struct {
	srv   *web.Server
	ts    *httptest.Server
	db    *db.DB
	clock *fatest.Clock
}

func newHarness(t *testing.T, d *db.DB, opts web.Options) *harness {
	t.Helper()
	c := fatest.NewClock(time.Date(2026, 3, 20, 8, 0, 0, 0, time.UTC))
	opts.DB = d
	opts.SecretKey = webtest.Key
	opts.Now = c.Now
	if opts.MaxBodyBytes == 0 {
		opts.MaxBodyBytes = 4096
	}
	s, err := web.NewServer(opts)
	if err != nil {
		t.Fatal(err)
	}
	if err := s.Renderer.AddPages("test", testPages); err != nil {
		t.Fatal(err)
	}
	s.Handle("GET /healthz", s.HealthHandler())
	s.Handle("GET /metrics", s.MetricsHandler([]netip.Prefix{netip.MustParsePrefix("127.0.0.0/8")}))
	s.Handle("GET /metrics-scraper-only", s.MetricsHandler([]netip.Prefix{netip.MustParsePrefix("10.1.2.3/32")}))
	s.HandleFunc("GET /form", func(w http.ResponseWriter, r *http.Request) {
		s.Render(w, r, 200, "test/form", web.View{Title: "فرم"})
	}, web.AnyStage)
	s.HandleFunc("GET /private", func(w http.ResponseWriter, r *http.Request) { io.WriteString(w, "private") })
	s.HandleFunc("GET /first-time", func(w http.ResponseWriter, r *http.Request) { io.WriteString(w, "first") }, web.DuringStage("password"))
	s.StageHome["customer:password"] = "/form"
	s.HandleFunc("POST /form", func(w http.ResponseWriter, r *http.Request) {
		if !s.ParseForm(w, r) {
			return
		}
		f := web.NewForm(r.PostForm)
		f.Required("name", "نام")
		if !f.Valid() {
			s.Render(w, r, http.StatusUnprocessableEntity, "test/form", web.View{Form: f})
			return
		}
		s.SetFlash(w, "success", "عملیات با موفقیت انجام گردید")
		web.Redirect(w, r, "/form")
	})
	s.HandleFunc("POST /signin/{id}", func(w http.ResponseWriter, r *http.Request) {
		id, _ := strconv.ParseInt(r.PathValue("id"), 10, 64)
		if _, err := s.SignIn(w, r, "customer", id, ""); err != nil {
			s.ServerError(w, r, err)
			return
		}
		web.Redirect(w, r, "/form")
	})
	s.HandleFunc("POST /stage/{stage}", func(w http.ResponseWriter, r *http.Request) {
		stage := r.PathValue("stage")
		if stage == "full" {
			stage = ""
		}
		if err := s.SetStage(w, r, stage); err != nil {
			s.ServerError(w, r, err)
			return
		}
		web.Redirect(w, r, "/form")
	}, web.AnyStage)
	s.HandleFunc("POST /signout", func(w http.ResponseWriter, r *http.Request) {
		_ = s.SignOut(w, r)
		web.Redirect(w, r, "/form")
	})
	s.HandleFunc("POST /callback", func(w http.ResponseWriter, r *http.Request) { io.WriteString(w, "ok") }, web.NoCSRF)
	s.HandleFunc("GET /boom", func(w http.ResponseWriter, r *http.Request) { panic("boom") })
	s.HandleFunc("GET /ip", func(w http.ResponseWriter, r *http.Request) { io.WriteString(w, s.ClientIP(r)) })
	ts := httptest.NewServer(s.Handler())
	t.Cleanup(ts.Close)
	return &harness{srv: s, ts: ts, db: d, clock: c}
}

func client(t *testing.T) *http.Client {
	jar, _ := cookiejar.New(nil)
	return &http.Client{Jar: jar, CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
}

func body(t *testing.T, resp *http.Response) string {
	t.Helper()
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

// csrfFrom loads the form page and returns the token it carries.
func csrfFrom(t *testing.T, c *http.Client, base string) string {
	t.Helper()
	resp, err := c.Get(base + "/form")
	if err != nil {
		t.Fatal(err)
	}
	page := body(t, resp)
	token := webtest.Input(page, "csrf_token")
	if token == "" {
		t.Fatalf("no CSRF token on the page: %s", page)
	}
	return token
}

func TestCSRFIsRequiredOnStateChangingRequests(t *testing.T) {
	h := newHarness(t, dbtest.SQLite(t, web.Schema), web.Options{})
	c := client(t)
	token := csrfFrom(t, c, h.ts.URL)

	cases := []struct {
		name   string
		form   url.Values
		header map[string]string
		want   int
	}{
		{"no token", url.Values{"name": {"x"}}, nil, http.StatusForbidden},
		{"wrong token", url.Values{"name": {"x"}, "csrf_token": {"AAAA" + token[4:]}}, nil, http.StatusForbidden},
		{"cross-site browser request", url.Values{"name": {"x"}, "csrf_token": {token}}, map[string]string{"Sec-Fetch-Site": "cross-site"}, http.StatusForbidden},
		{"valid token", url.Values{"name": {"x"}, "csrf_token": {token}}, nil, http.StatusSeeOther},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			req, _ := http.NewRequest("POST", h.ts.URL+"/form", strings.NewReader(tc.form.Encode()))
			req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
			for k, v := range tc.header {
				req.Header.Set(k, v)
			}
			resp, err := c.Do(req)
			if err != nil {
				t.Fatal(err)
			}
			page := body(t, resp)
			if resp.StatusCode != tc.want {
				t.Fatalf("status %d, want %d: %s", resp.StatusCode, tc.want, page)
			}
			if tc.want == http.StatusForbidden && !strings.Contains(page, "درخواست شما معتبر نیست") {
				t.Fatalf("refusal is not explained in Persian: %s", page)
			}
		})
	}
	// Another browser (no cookie) cannot use this browser's token.
	other := client(t)
	resp, _ := other.PostForm(h.ts.URL+"/form", url.Values{"name": {"x"}, "csrf_token": {token}})
	if resp.StatusCode != http.StatusForbidden {
		t.Fatalf("a token without its cookie was accepted: %d", resp.StatusCode)
	}
	resp.Body.Close()
	// Exempt routes (bank callbacks) take their proof elsewhere.
	resp, _ = other.PostForm(h.ts.URL+"/callback", url.Values{"x": {"y"}})
	if resp.StatusCode != http.StatusOK {
		t.Fatalf("exempt route refused: %d", resp.StatusCode)
	}
	resp.Body.Close()
}

func TestFormKeepsInputAndShowsFieldErrorThenFlash(t *testing.T) {
	h := newHarness(t, dbtest.SQLite(t, web.Schema), web.Options{})
	c := client(t)
	token := csrfFrom(t, c, h.ts.URL)
	resp, _ := c.PostForm(h.ts.URL+"/form", url.Values{"name": {"  "}, "csrf_token": {token}})
	page := body(t, resp)
	if resp.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(page, "نام را وارد کنید.") {
		t.Fatalf("%d %s", resp.StatusCode, page)
	}
	resp, _ = c.PostForm(h.ts.URL+"/form", url.Values{"name": {"علی"}, "csrf_token": {token}})
	resp.Body.Close()
	resp, _ = c.Get(h.ts.URL + "/form")
	if page := body(t, resp); !strings.Contains(page, "عملیات با موفقیت انجام گردید") {
		t.Fatalf("flash not shown: %s", page)
	}
	resp, _ = c.Get(h.ts.URL + "/form")
	if page := body(t, resp); strings.Contains(page, "عملیات با موفقیت انجام گردید") {
		t.Fatal("flash shown twice")
	}
	// A forged flash cookie is ignored.
	u, _ := url.Parse(h.ts.URL)
	c.Jar.SetCookies(u, []*http.Cookie{{Name: "pishkhan_flash", Value: "eyJrIjoiZXJyb3IiLCJ0IjoiaGFja2VkIn0.bad"}})
	resp, _ = c.Get(h.ts.URL + "/form")
	if page := body(t, resp); strings.Contains(page, "hacked") {
		t.Fatal("a forged flash was shown")
	}
}

func TestBodyLimit(t *testing.T) {
	h := newHarness(t, dbtest.SQLite(t, web.Schema), web.Options{MaxBodyBytes: 4096})
	c := client(t)
	token := csrfFrom(t, c, h.ts.URL)
	big := url.Values{"name": {strings.Repeat("x", 5000)}, "csrf_token": {token}}.Encode()
	resp, err := c.Post(h.ts.URL+"/form", "application/x-www-form-urlencoded", strings.NewReader(big))
	if err != nil {
		t.Fatal(err)
	}
	if page := body(t, resp); resp.StatusCode != http.StatusRequestEntityTooLarge || !strings.Contains(page, "حجم") {
		t.Fatalf("status %d: %s", resp.StatusCode, page)
	}
	// Without Content-Length (chunked), the limit holds while reading.
	req, _ := http.NewRequest("POST", h.ts.URL+"/form", io.MultiReader(strings.NewReader("csrf_token="+token+"&name="), strings.NewReader(strings.Repeat("y", 8000))))
	req.ContentLength = -1
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	resp, err = c.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	if resp.StatusCode == http.StatusSeeOther || resp.StatusCode == http.StatusOK {
		t.Fatalf("an oversized chunked body was accepted: %d", resp.StatusCode)
	}
	resp.Body.Close()
}

func TestSecurityHeadersAndPersianErrorPages(t *testing.T) {
	h := newHarness(t, dbtest.SQLite(t, web.Schema), web.Options{})
	for _, path := range []string{"/form", "/no-such-page", "/boom"} {
		resp, err := http.Get(h.ts.URL + path)
		if err != nil {
			t.Fatal(err)
		}
		page := body(t, resp)
		for header, want := range map[string]string{
			"Content-Security-Policy": "frame-ancestors 'none'",
			"X-Content-Type-Options":  "nosniff",
			"Referrer-Policy":         "same-origin",
			"X-Frame-Options":         "DENY",
			"Cache-Control":           "no-store",
		} {
			if got := resp.Header.Get(header); !strings.Contains(got, want) {
				t.Errorf("%s: %s = %q, want it to contain %q", path, header, got, want)
			}
		}
		if !strings.Contains(page, `<html lang="fa" dir="rtl">`) {
			t.Errorf("%s is not a Persian RTL page: %s", path, page)
		}
		switch path {
		case "/no-such-page":
			if resp.StatusCode != 404 || !strings.Contains(page, "صفحه پیدا نشد") {
				t.Errorf("404 page: %d %s", resp.StatusCode, page)
			}
		case "/boom":
			if resp.StatusCode != 500 || !strings.Contains(page, "خطای سامانه") || strings.Contains(page, "boom") {
				t.Errorf("500 page: %d %s", resp.StatusCode, page)
			}
		}
	}
	resp, _ := http.Get(h.ts.URL + "/static/app.css")
	if resp.StatusCode != 200 || !strings.Contains(resp.Header.Get("Content-Type"), "text/css") {
		t.Fatalf("stylesheet: %d %s", resp.StatusCode, resp.Header.Get("Content-Type"))
	}
	resp.Body.Close()
	resp, _ = http.Get(h.ts.URL + "/static/")
	if resp.StatusCode != 404 {
		t.Fatalf("static folder listing served: %d", resp.StatusCode)
	}
	resp.Body.Close()
}

func TestHealthzReportsABrokenDatabase(t *testing.T) {
	d := dbtest.SQLite(t, web.Schema)
	h := newHarness(t, d, web.Options{})
	resp, _ := http.Get(h.ts.URL + "/healthz")
	if page := body(t, resp); resp.StatusCode != 200 || !strings.Contains(page, `"database":"ok"`) {
		t.Fatalf("%d %s", resp.StatusCode, page)
	}
	d.Close()
	resp, _ = http.Get(h.ts.URL + "/healthz")
	if page := body(t, resp); resp.StatusCode != http.StatusServiceUnavailable || !strings.Contains(page, "unreachable") {
		t.Fatalf("broken database reported as %d %s", resp.StatusCode, page)
	}
}

func TestMetricsCountByRoutePattern(t *testing.T) {
	h := newHarness(t, dbtest.SQLite(t, web.Schema), web.Options{})
	for range 3 {
		resp, _ := http.Get(h.ts.URL + "/form?x=1")
		resp.Body.Close()
	}
	resp, _ := http.Get(h.ts.URL + "/metrics")
	page := body(t, resp)
	if !strings.Contains(page, `pishkhan_http_requests_total{code="200",method="GET",route="GET /form"} 3`) {
		t.Fatalf("metrics: %s", page)
	}
	if !strings.Contains(page, `pishkhan_http_request_duration_seconds_count{method="GET",route="GET /form"} 3`) {
		t.Fatal("no latency histogram by route")
	}
	// Only the allowed clients read the metrics; others see a 404 page.
	resp, _ = http.Get(h.ts.URL + "/metrics-scraper-only")
	if page := body(t, resp); resp.StatusCode != http.StatusNotFound || strings.Contains(page, "pishkhan_http_requests_total") {
		t.Fatalf("metrics for a client outside the allowed networks: %d", resp.StatusCode)
	}
}

func TestSessionsLifecycle(t *testing.T) {
	dbtest.Each(t, []*db.Schema{web.Schema}, func(t *testing.T, d *db.DB) {
		h := newHarness(t, d, web.Options{SessionIdle: 30 * time.Minute, SessionMax: 2 * time.Hour})
		c := client(t)
		who := func() string {
			resp, err := c.Get(h.ts.URL + "/form")
			if err != nil {
				t.Fatal(err)
			}
			page := body(t, resp)
			i := strings.Index(page, `<p id="who">`)
			return page[i+len(`<p id="who">`) : i+strings.Index(page[i:], "</p>")]
		}
		token := csrfFrom(t, c, h.ts.URL)
		u, _ := url.Parse(h.ts.URL)
		cookieOf := func() string {
			for _, ck := range c.Jar.Cookies(u) {
				if ck.Name == "pishkhan_session" {
					return ck.Value
				}
			}
			return ""
		}
		// A session cookie planted before sign-in is replaced at sign-in.
		c.Jar.SetCookies(u, []*http.Cookie{{Name: "pishkhan_session", Value: "planted-by-attacker-planted-by-attacker"}})
		resp, _ := c.PostForm(h.ts.URL+"/signin/42", url.Values{"csrf_token": {token}})
		resp.Body.Close()
		first := cookieOf()
		if first == "planted-by-attacker-planted-by-attacker" || first == "" || who() != "42" {
			t.Fatalf("sign-in: cookie %q, who %q", first, who())
		}
		// The database holds only a hash of the token.
		var n int
		if err := d.QueryRow(context.Background(), "SELECT COUNT(*) FROM web_sessions WHERE token_hash = $1", first).Scan(&n); err != nil || n != 0 {
			t.Fatalf("raw token stored (%d, %v)", n, err)
		}
		// Idle: 29 minutes later still signed in (and the visit counts), then
		// 29 more minutes still in; 30 without a visit ends it.
		h.clock.Advance(29 * time.Minute)
		if who() != "42" {
			t.Fatal("signed out before the idle timeout")
		}
		h.clock.Advance(29 * time.Minute)
		if who() != "42" {
			t.Fatal("a visit did not extend the idle timeout")
		}
		h.clock.Advance(30 * time.Minute)
		if who() != "" {
			t.Fatal("still signed in after 30 idle minutes")
		}
		// Absolute: however active, the session ends after SessionMax.
		token = csrfFrom(t, c, h.ts.URL)
		resp, _ = c.PostForm(h.ts.URL+"/signin/43", url.Values{"csrf_token": {token}})
		resp.Body.Close()
		for range 7 {
			h.clock.Advance(17 * time.Minute)
			if who() != "43" {
				t.Fatal("signed out too early")
			}
		}
		h.clock.Advance(17 * time.Minute) // 2h under way
		if who() != "" {
			t.Fatal("still signed in after the absolute timeout")
		}
		// A change of stage (privilege) re-keys the session: the old token
		// stops working, the new one carries the new stage.
		token = csrfFrom(t, c, h.ts.URL)
		resp, _ = c.PostForm(h.ts.URL+"/signin/45", url.Values{"csrf_token": {token}})
		resp.Body.Close()
		resp, _ = c.PostForm(h.ts.URL+"/stage/password", url.Values{"csrf_token": {csrfFrom(t, c, h.ts.URL)}})
		resp.Body.Close()
		if who() != "45password" {
			t.Fatalf("stage not set: %q", who())
		}
		// Every route not opened to the stage sends the person to its page.
		resp, _ = c.Get(h.ts.URL + "/private")
		resp.Body.Close()
		if resp.StatusCode != http.StatusSeeOther || resp.Header.Get("Location") != "/form" {
			t.Fatalf("a staged session reached a private page: %d %s", resp.StatusCode, resp.Header.Get("Location"))
		}
		beforeFull := cookieOf()
		resp, _ = c.PostForm(h.ts.URL+"/stage/full", url.Values{"csrf_token": {csrfFrom(t, c, h.ts.URL)}})
		resp.Body.Close()
		if who() != "45" || cookieOf() == beforeFull {
			t.Fatalf("after the change of stage: %q, token renewed: %v", who(), cookieOf() != beforeFull)
		}
		resp, _ = c.Get(h.ts.URL + "/private")
		if page := body(t, resp); page != "private" {
			t.Fatalf("a full session was kept from a private page: %q", page)
		}
		// …and a page opened only to the stage is closed to it now.
		resp, _ = c.Get(h.ts.URL + "/first-time")
		resp.Body.Close()
		if resp.StatusCode != http.StatusSeeOther || resp.Header.Get("Location") != "/" {
			t.Fatalf("a full session reached a stage-only page: %d %s", resp.StatusCode, resp.Header.Get("Location"))
		}
		c.Jar.SetCookies(u, []*http.Cookie{{Name: "pishkhan_session", Value: beforeFull}})
		if who() != "" {
			t.Fatal("the token from before the change of stage still works")
		}

		// Sign-out deletes the session: the old cookie no longer works.
		token = csrfFrom(t, c, h.ts.URL)
		resp, _ = c.PostForm(h.ts.URL+"/signin/44", url.Values{"csrf_token": {token}})
		resp.Body.Close()
		old := cookieOf()
		token = csrfFrom(t, c, h.ts.URL)
		resp, _ = c.PostForm(h.ts.URL+"/signout", url.Values{"csrf_token": {token}})
		resp.Body.Close()
		c.Jar.SetCookies(u, []*http.Cookie{{Name: "pishkhan_session", Value: old}})
		if who() != "" {
			t.Fatal("a signed-out session still works")
		}
		if removed, err := h.srv.Sessions.DeleteExpired(context.Background()); err != nil || removed < 2 {
			t.Fatalf("cleanup removed %d (%v)", removed, err)
		}
	})
}

func TestClientIPTrustsOnlyConfiguredProxies(t *testing.T) {
	d := dbtest.SQLite(t, web.Schema)
	get := func(h *harness, xff string) string {
		req, _ := http.NewRequest("GET", h.ts.URL+"/ip", nil)
		if xff != "" {
			req.Header.Set("X-Forwarded-For", xff)
		}
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		return body(t, resp)
	}
	direct := newHarness(t, d, web.Options{})
	if ip := get(direct, "203.0.113.9"); ip != "127.0.0.1" {
		t.Fatalf("an untrusted X-Forwarded-For was believed: %s", ip)
	}
	proxied := newHarness(t, d, web.Options{TrustedProxies: []netip.Prefix{netip.MustParsePrefix("127.0.0.0/8")}})
	if ip := get(proxied, "203.0.113.9"); ip != "203.0.113.9" {
		t.Fatalf("behind a trusted proxy got %s", ip)
	}
	// A client cannot hide behind an address it wrote itself: only the
	// hop the proxy appended counts.
	if ip := get(proxied, "198.51.100.1, 203.0.113.9"); ip != "203.0.113.9" {
		t.Fatalf("spoofed left-most address believed: %s", ip)
	}
}

// The site's name (the brand's, read per page) must come out escaped,
// and braces in it must not become template code.
func TestSiteNameIsWrittenInEscaped(t *testing.T) {
	h := newHarness(t, dbtest.SQLite(t), web.Options{SiteName: `<b>{{.CSRF}}</b> & co`})
	resp, err := http.Get(h.ts.URL + "/form")
	if err != nil {
		t.Fatal(err)
	}
	b, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	page := string(b)
	want := `&lt;b&gt;{{.CSRF}}&lt;/b&gt; &amp; co`
	if n := strings.Count(page, want); n != 3 {
		t.Fatalf("the escaped name appears %d times, want 3 (title, header, footer):\n%s", n, page)
	}
	if strings.Contains(page, "<b>") {
		t.Fatal("the name's markup reached the page")
	}
	if cl := resp.Header.Get("Content-Length"); cl != strconv.Itoa(len(b)) {
		t.Fatalf("Content-Length %q for a %d-byte page", cl, len(b))
	}
}

// An area's _*.html files are partials its pages share, not pages.
func TestAreaPartialsAreSharedNotPages(t *testing.T) {
	h := newHarness(t, dbtest.SQLite(t, web.Schema), web.Options{})
	area := fstest.MapFS{
		"_row.html": {Data: []byte(`{{define "row"}}<tr><td>{{.}}</td></tr>{{end}}`)},
		"one.html":  {Data: []byte(`{{define "content"}}<table id="one">{{template "row" "یک"}}</table>{{end}}`)},
		"two.html":  {Data: []byte(`{{define "content"}}<table id="two">{{template "row" "<دو>"}}</table>{{end}}`)},
	}
	if err := h.srv.Renderer.AddPages("area", area); err != nil {
		t.Fatal(err)
	}
	for _, p := range h.srv.Renderer.Pages() {
		if strings.Contains(p, "_row") {
			t.Fatalf("the partial became page %s", p)
		}
	}
	for page, want := range map[string]string{"area/one": `<table id="one"><tr><td>یک</td></tr></table>`, "area/two": `<table id="two"><tr><td>&lt;دو&gt;</td></tr></table>`} {
		rec := httptest.NewRecorder()
		h.srv.Render(rec, httptest.NewRequest("GET", "/", nil), 200, page, web.View{})
		if !strings.Contains(rec.Body.String(), want) {
			t.Fatalf("%s: %s", page, rec.Body.String())
		}
	}
}
