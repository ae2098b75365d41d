package webtest

import (
	"bytes"
	"io"
	"mime/multipart"
	"net/http"
	"net/http/cookiejar"
	"net/url"
	"strings"
	"testing"
)

// Key is the server key of every test site (sessions, flash, CSRF).
var Key = []byte("0123456789abcdef0123456789abcdef")

// Client is one browser on a test site: its own cookie jar and
// User-Agent, redirects not followed (the tests check them). Requests go
// straight to the transport, so that a Location no Go client would follow
// is still seen as the server sent it.
type Client struct {
	T    testing.TB
	Base string // the site's URL; paths are relative to it
	UA   string // the User-Agent header
	Jar  http.CookieJar
}

// DefaultUA is the User-Agent of a new Client.
const DefaultUA = "PageTest/1.0"

// NewClient is a browser with an empty cookie jar on the site at base.
func NewClient(t testing.TB, base string) *Client {
	jar, _ := cookiejar.New(nil)
	return &Client{T: t, Base: base, UA: DefaultUA, Jar: jar}
}

// Send sends one request with the browser's cookies and reads the answer
// in full.
func (c *Client) Send(method, path, contentType string, body io.Reader) Response {
	c.T.Helper()
	req, err := http.NewRequest(method, c.Base+path, body)
	if err != nil {
		c.T.Fatal(err)
	}
	if c.UA != "" {
		req.Header.Set("User-Agent", c.UA)
	}
	if contentType != "" {
		req.Header.Set("Content-Type", contentType)
	}
	for _, ck := range c.Jar.Cookies(req.URL) {
		req.AddCookie(ck)
	}
	resp, err := http.DefaultTransport.RoundTrip(req)
	if err != nil {
		c.T.Fatalf("%s %s: %v", method, path, err)
	}
	defer resp.Body.Close()
	c.Jar.SetCookies(req.URL, resp.Cookies())
	b, err := io.ReadAll(resp.Body)
	if err != nil {
		c.T.Fatalf("%s %s: reading the answer: %v", method, path, err)
	}
	return Response{Method: method, Path: path, Status: resp.StatusCode, Location: resp.Header.Get("Location"), Header: resp.Header, Body: string(b)}
}

// Get requests a page.
func (c *Client) Get(path string) Response {
	c.T.Helper()
	return c.Send(http.MethodGet, path, "", nil)
}

// Post posts form to action as it is (no CSRF token is added).
func (c *Client) Post(action string, form url.Values) Response {
	c.T.Helper()
	return c.Send(http.MethodPost, action, "application/x-www-form-urlencoded", strings.NewReader(form.Encode()))
}

// Page opens page as a browser would before posting its form: it must
// answer 200.
func (c *Client) Page(page string) Response {
	c.T.Helper()
	p := c.Get(page)
	if p.Status != http.StatusOK {
		c.T.Fatalf("GET %s before posting its form: %d → %q\n%s", page, p.Status, p.Location, Snippet(p.Body))
	}
	return p
}

// Token is the CSRF token of a page already loaded.
func (c *Client) Token(p Response) string {
	c.T.Helper()
	token := Input(p.Body, "csrf_token")
	if token == "" {
		c.T.Fatalf("no CSRF token on %s:\n%s", p.Path, Snippet(p.Body))
	}
	return token
}

// PostForm opens page, takes the CSRF token of its form and posts form
// to action with it.
func (c *Client) PostForm(page, action string, form url.Values) Response {
	c.T.Helper()
	return c.PostWith(c.Page(page), action, form)
}

// PostWith posts form to action with the CSRF token of a page already
// loaded.
func (c *Client) PostWith(p Response, action string, form url.Values) Response {
	c.T.Helper()
	f := url.Values{}
	for k, v := range form {
		f[k] = v
	}
	f.Set("csrf_token", c.Token(p))
	return c.Post(action, f)
}

// Submit posts the form of page to page itself.
func (c *Client) Submit(page string, form url.Values) Response {
	c.T.Helper()
	return c.PostForm(page, page, form)
}

// File is one file of a multipart form.
type File struct {
	Name    string
	Content []byte
}

// Upload opens page, then posts to action a multipart form: the CSRF
// token, the fields of form and files in the field "files".
func (c *Client) Upload(page, action string, form url.Values, files ...File) Response {
	c.T.Helper()
	var buf bytes.Buffer
	mw := multipart.NewWriter(&buf)
	_ = mw.WriteField("csrf_token", c.Token(c.Page(page)))
	for k, vs := range form {
		for _, v := range vs {
			_ = mw.WriteField(k, v)
		}
	}
	for _, f := range files {
		w, _ := mw.CreateFormFile("files", f.Name)
		_, _ = w.Write(f.Content)
	}
	_ = mw.Close()
	return c.Send(http.MethodPost, action, mw.FormDataContentType(), &buf)
}
