package support_test

// The harness of the page tests: identity's sign-in pages and support's
// pages served by the real web kit and router over HTTP, on a fresh
// database per test, with the clock of env.

import (
	"bytes"
	"context"
	"html"
	"io"
	"mime/multipart"
	"net/http"
	"net/http/cookiejar"
	"net/http/httptest"
	"net/url"
	"regexp"
	"strings"
	"testing"
	"time"

	"pishkhan/internal/db"
	"pishkhan/internal/db/dbtest"
	"pishkhan/internal/identity"
	"pishkhan/internal/support"
	"pishkhan/internal/web"
	"pishkhan/internal/web/webtest"
)

type site struct {
	*env
	srv *web.Server
	url string
}

func pageEngines(t *testing.T, fn func(t *testing.T, s *site)) {
	t.Helper()
	dbtest.Each(t, []*db.Schema{support.Schema}, func(t *testing.T, d *db.DB) {
		e := newEnv(t, d)
		srv, err := web.NewServer(web.Options{DB: d, SecretKey: []byte("0123456789abcdef0123456789abcdef"), Now: e.clock.Now, MaxBodyBytes: 8 << 20,
			SessionIdle: 30 * 24 * time.Hour, SessionMax: 60 * 24 * time.Hour}) // the tests move the clock by hours
		if err != nil {
			t.Fatal(err)
		}
		srv.HandleFunc("GET /{$}", func(w http.ResponseWriter, r *http.Request) { w.Write([]byte("home")) })
		if err := identity.Routes(srv, e.ids, e.sms); err != nil {
			t.Fatal(err)
		}
		if err := support.Routes(srv, e.svc); err != nil {
			t.Fatal(err)
		}
		ts := httptest.NewServer(srv.Handler())
		t.Cleanup(ts.Close)
		fn(t, &site{env: e, srv: srv, url: ts.URL})
	})
}

const customerPassword = "Kavir-Lut-1402x"
const staffPassword = "Dena-Zagros-Peak-2071"

// signedIn creates a customer who finished set-up and a browser signed in
// as them.
func (s *site) signedIn(in identity.NewCustomer) (*identity.Customer, *browser) {
	s.t.Helper()
	ctx := context.Background()
	c := s.customer(in)
	if err := s.ids.ChangePassword(ctx, c.ID, "", customerPassword, customerPassword); err != nil {
		s.t.Fatal(err)
	}
	if err := s.ids.SetSecurityAnswers(ctx, c.ID, map[int]string{2: "tehran", 3: "rex", 4: "amir"}); err != nil {
		s.t.Fatal(err)
	}
	b := s.browser()
	b.postForm("/login", "/login", url.Values{"identifier": {in.Username}, "password": {customerPassword}}).Want(s.t, http.StatusSeeOther, "/")
	return c, b
}

// staffIn creates a staff member in departments and a browser signed in
// as them.
func (s *site) staffIn(username string, roles []string, departments ...string) (*support.Staff, *browser) {
	s.t.Helper()
	m, once, err := s.ids.CreateStaff(context.Background(), identity.Actor{}, username, "کارمند "+username, roles)
	if err != nil {
		s.t.Fatal(err)
	}
	for _, d := range departments {
		s.addMember(d, m.ID)
	}
	b := s.browser()
	b.postForm("/staff/login", "/staff/login", url.Values{"username": {username}, "password": {once}}).Want(s.t, http.StatusSeeOther, "/staff/password/first")
	b.postForm("/staff/password/first", "/staff/password/first", url.Values{"new_password": {staffPassword}, "repeat_password": {staffPassword}}).Want(s.t, http.StatusSeeOther, "/staff")
	st, err := s.svc.StaffFor(context.Background(), m)
	if err != nil {
		s.t.Fatal(err)
	}
	return st, b
}

type browser struct {
	s   *site
	t   *testing.T
	jar http.CookieJar
}

type resp = webtest.Response

func (s *site) browser() *browser {
	jar, _ := cookiejar.New(nil)
	return &browser{s: s, t: s.t, jar: jar}
}

func (b *browser) send(method, path, contentType string, body io.Reader) resp {
	b.t.Helper()
	req, err := http.NewRequest(method, b.s.url+path, body)
	if err != nil {
		b.t.Fatal(err)
	}
	if contentType != "" {
		req.Header.Set("Content-Type", contentType)
	}
	for _, ck := range b.jar.Cookies(req.URL) {
		req.AddCookie(ck)
	}
	res, err := http.DefaultTransport.RoundTrip(req)
	if err != nil {
		b.t.Fatalf("%s %s: %v", method, path, err)
	}
	defer res.Body.Close()
	b.jar.SetCookies(req.URL, res.Cookies())
	data, _ := io.ReadAll(res.Body)
	return resp{Method: method, Path: path, Status: res.StatusCode, Location: res.Header.Get("Location"), Header: res.Header, Body: string(data)}
}

func (b *browser) get(path string) resp {
	b.t.Helper()
	return b.send(http.MethodGet, path, "", nil)
}

// token opens page and reads the CSRF token of its forms.
func (b *browser) token(page string) string {
	b.t.Helper()
	p := b.get(page)
	m := regexp.MustCompile(`name="csrf_token" value="([^"]+)"`).FindStringSubmatch(p.Body)
	if p.Status != http.StatusOK || m == nil {
		b.t.Fatalf("no form on %s (%d):\n%s", page, p.Status, webtest.Snippet(p.Body))
	}
	return html.UnescapeString(m[1])
}

// postForm opens page, then posts form to action with its CSRF token.
func (b *browser) postForm(page, action string, form url.Values) resp {
	b.t.Helper()
	f := url.Values{}
	for k, v := range form {
		f[k] = v
	}
	f.Set("csrf_token", b.token(page))
	return b.send(http.MethodPost, action, "application/x-www-form-urlencoded", strings.NewReader(f.Encode()))
}

type file struct {
	name    string
	content []byte
}

// postFiles opens page, then posts a multipart form with files in "files".
func (b *browser) postFiles(page, action string, form url.Values, files ...file) resp {
	b.t.Helper()
	var buf bytes.Buffer
	mw := multipart.NewWriter(&buf)
	_ = mw.WriteField("csrf_token", b.token(page))
	for k, vs := range form {
		for _, v := range vs {
			_ = mw.WriteField(k, v)
		}
	}
	for _, f := range files {
		w, _ := mw.CreateFormFile("files", f.name)
		_, _ = w.Write(f.content)
	}
	_ = mw.Close()
	return b.send(http.MethodPost, action, mw.FormDataContentType(), &buf)
}

// idFrom reads the number at the end of a redirect like /support/tickets/7.
func idFrom(t *testing.T, location string) string {
	t.Helper()
	i := strings.LastIndexByte(location, '/')
	if i < 0 {
		t.Fatalf("no id in %q", location)
	}
	return location[i+1:]
}

// attachmentLinks lists the attachment links of a page.
func attachmentLinks(body, prefix string) []string {
	var out []string
	for _, m := range regexp.MustCompile(`href="(`+regexp.QuoteMeta(prefix)+`\d+)"`).FindAllStringSubmatch(body, -1) {
		out = append(out, m[1])
	}
	return out
}
