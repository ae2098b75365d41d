package app_test

import (
	"context"
	"html"
	"net/url"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"pishkhan/internal/app"
	"pishkhan/internal/db"
)

// SQL injection over every form (issue 11), in the manner of sqlmap's
// error- and time-based probes, on every run: each page without a path
// parameter is opened as a customer and as an admin, every form on it is
// filled with classic payloads in every field and sent, and no answer may
// be a 500, show a database's error text, or stall like a SLEEP. The full
// sqlmap run is in docs/benchmarks.md («Attacks»).

var (
	formRE   = regexp.MustCompile(`(?s)<form([^>]*)>(.*?)</form>`)
	attrRE   = regexp.MustCompile(`(\w[\w-]*)="([^"]*)"`)
	fieldRE  = regexp.MustCompile(`<(?:input|select|textarea)[^>]*\bname="([^"]+)"`)
	sqlError = regexp.MustCompile(`(?i)syntax error|SQLSTATE|sqlite|SQL logic|pq: |near "|unterminated|pgx|database/sql`)
)

var injections = []string{
	`' OR '1'='1`, `1' OR 1=1-- `, `" OR ""="`, `1; DROP TABLE customers--`, `') UNION SELECT NULL,NULL--`,
	`1' AND SLEEP(3)--`, `1';SELECT pg_sleep(3)--`, `%' AND 1=1 AND '%'='`, `۱' OR '۱'='۱`,
}

// skipForms change the client's own state in ways that end the probe.
var skipForms = regexp.MustCompile(`/logout$|/sign-out-others$|/two-factor`)

func TestSQLInjectionOnEveryForm(t *testing.T) {
	dir := t.TempDir()
	var out, errOut lockedBuffer
	if code := app.Run(context.Background(), []string{"routes", "--data-dir", dir, "--database-url", filepath.Join(dir, "p.db")},
		envOf(map[string]string{}), &out, &errOut); code != 0 {
		t.Fatalf("pishkhan routes: %d %s", code, errOut.String())
	}
	s := startServe(t, dir, "--demo")
	d, err := db.Open(context.Background(), filepath.Join(dir, "p.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer d.Close()
	var customersBefore int
	d.QueryRow(context.Background(), "SELECT COUNT(*) FROM customers").Scan(&customersBefore)

	customer := newPortalClient(t, s.base)
	customer.get("/login")
	customer.post("/login", url.Values{"identifier": {"5678912348"}, "password": {"Kamel#Tulip-2049"}})
	admin := newPortalClient(t, s.base)
	staffSignInHTTP(t, admin, "admin", "Pishkhan-Staff@1405")

	forms, sent := 0, 0
	for _, p := range strings.Split(strings.TrimSpace(out.String()), "\n") {
		method, path, ok := strings.Cut(p, " ")
		if !ok || method != "GET" || strings.Contains(path, "{") || strings.HasPrefix(path, "/static") ||
			strings.HasSuffix(path, ".png") || path == "/captcha/" || path == "/metrics" {
			continue
		}
		path = strings.TrimSuffix(path, "{$}")
		c := customer
		if strings.HasPrefix(path, "/staff") {
			c = admin
		}
		code, _, page := c.get(path)
		if code != 200 {
			continue
		}
		for _, f := range formRE.FindAllStringSubmatch(page, -1) {
			attrs := map[string]string{}
			for _, a := range attrRE.FindAllStringSubmatch(f[1], -1) {
				attrs[a[1]] = html.UnescapeString(a[2])
			}
			action := attrs["action"]
			if action == "" {
				action = path
			}
			if !strings.HasPrefix(action, "/") || skipForms.MatchString(action) {
				continue
			}
			var fields []string
			for _, m := range fieldRE.FindAllStringSubmatch(f[2], -1) {
				if m[1] != "csrf_token" && m[1] != "captcha_id" {
					fields = append(fields, m[1])
				}
			}
			if len(fields) == 0 {
				continue
			}
			forms++
			for _, inj := range injections {
				v := url.Values{}
				for _, name := range fields {
					v.Set(name, inj)
				}
				c.get(path) // a fresh CSRF token
				start := time.Now()
				var code int
				var body string
				if strings.EqualFold(attrs["method"], "get") {
					code, _, body = c.get(action + "?" + v.Encode())
				} else {
					code, _, body = c.post(action, v)
				}
				sent++
				if code >= 500 || sqlError.MatchString(body) || time.Since(start) > 2500*time.Millisecond {
					t.Errorf("%s %s with %q in %v: %d after %s\n%s", attrs["method"], action, inj, fields, code, time.Since(start).Round(time.Millisecond), webSnippet(body))
				}
			}
		}
	}
	if forms < 30 {
		t.Fatalf("only %d forms found to probe", forms)
	}
	var customersAfter int
	if err := d.QueryRow(context.Background(), "SELECT COUNT(*) FROM customers").Scan(&customersAfter); err != nil || customersAfter < customersBefore {
		t.Fatalf("customers before %d, after %d (%v)", customersBefore, customersAfter, err)
	}
	t.Logf("%d forms, %d requests with injections", forms, sent)
}

func webSnippet(body string) string {
	s := strings.Join(strings.Fields(body), " ")
	if len(s) > 300 {
		s = s[:300]
	}
	return s
}
