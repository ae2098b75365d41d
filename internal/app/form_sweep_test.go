package app_test

import (
	"context"
	"html"
	"net/url"
	"path/filepath"
	"regexp"
	"sort"
	"strings"
	"testing"
	"time"

	"pishkhan/internal/app"
	"pishkhan/internal/db"
)

// Bytes no form may carry (issue 16), posted to every POST route of
// `pishkhan routes` on both engines: invalid UTF-8, a NUL byte, and
// integers beyond int64 and beyond PostgreSQL's INTEGER; and the same in
// the query of every page without a path parameter. Each route is
// sent each value once, in every field any page's form has, by a client
// signed in as whoever uses the route (admin for the back office, the
// area's demo customer for the portal). No answer may be a 5xx, and no
// text column of any table may hold the marked values afterwards.

// sweepMarker marks the swept text values; "~" appears in no token.
const sweepMarker = "~sweep~"

var sweepValues = []struct{ kind, value string }{
	{"invalid UTF-8", sweepMarker + "\xff\xfe\xc3("},
	{"NUL byte", sweepMarker + "a\x00b"},
	{"integer beyond int64", "99999999999999999999"},
	{"integer beyond INTEGER", "2147483648"},
}

// sweepSkip end the client's own session or sign-in.
var sweepSkip = regexp.MustCompile(`/logout$|/sign-out-others$|/two-factor|/idp/signout$`)

func TestFormSweepRefusesBadBytesAndIntegers(t *testing.T) {
	dir := t.TempDir()
	var out, errOut lockedBuffer
	if code := app.Run(context.Background(), []string{"routes", "--data-dir", dir, "--database-url", filepath.Join(dir, "p.db")},
		envOf(map[string]string{}), &out, &errOut); code != 0 {
		t.Fatalf("pishkhan routes: %d %s", code, errOut.String())
	}
	patterns := strings.Split(strings.TrimSpace(out.String()), "\n")
	demoEngines(t, func(t *testing.T, s *server, d *db.DB) {
		start := time.Now()
		anon := newPortalClient(t, s.base)
		anon.get("/login")
		signIn := func(code string) *portalClient {
			c := newPortalClient(t, s.base)
			c.get("/login")
			if status, loc, _ := c.post("/login", map[string][]string{"identifier": {code}, "password": {"Kamel#Tulip-2049"}}); status != 303 || loc != "/" {
				t.Fatalf("sign-in of %s: %d %s", code, status, loc)
			}
			return c
		}
		admin := newPortalClient(t, s.base)
		staffSignInHTTP(t, admin, "admin", "Pishkhan-Staff@1405")
		clients := map[string]*portalClient{
			"":         signIn("5678912348"), // the demo's ready customer
			"/cards":   signInCardHolder(t, s.base),
			"/welfare": signIn("6123456784"),
			"/isp":     signIn("6789123458"),
			"/staff":   admin,
		}
		clientFor := func(pattern, path string) *portalClient {
			if publicRoutes[pattern] && !strings.HasPrefix(path, "/staff/") && path != "/staff/login" {
				return anon
			}
			best := ""
			for prefix := range clients {
				if (path == prefix || strings.HasPrefix(path, prefix+"/")) && len(prefix) > len(best) {
					best = prefix
				}
			}
			return clients[best]
		}

		// Every field name of every form on the pages without path
		// parameters, seen by whoever uses them, plus the survey and
		// recovery questions' fields.
		fields := map[string]bool{"question": true, "q1": true, "q2": true, "q3": true, "a1": true, "installment": true, "id": true}
		for _, p := range patterns {
			method, path, _ := strings.Cut(p, " ")
			if method != "GET" || strings.Contains(path, "{") && !strings.HasSuffix(path, "{$}") || strings.HasPrefix(path, "/static") ||
				strings.HasSuffix(path, ".png") || path == "/captcha/" || path == "/metrics" {
				continue
			}
			path = strings.TrimSuffix(path, "{$}")
			_, _, page := clientFor(p, path).get(path)
			for _, f := range formRE.FindAllStringSubmatch(page, -1) {
				for _, m := range fieldRE.FindAllStringSubmatch(f[2], -1) {
					fields[html.UnescapeString(m[1])] = true
				}
			}
		}
		delete(fields, "csrf_token")
		names := make([]string, 0, len(fields))
		for n := range fields {
			names = append(names, n)
		}
		sort.Strings(names)

		routes, sent := 0, 0
		for _, p := range patterns {
			method, path, ok := strings.Cut(p, " ")
			if !ok || method != "POST" || sweepSkip.MatchString(path) {
				continue
			}
			routes++
			target := fill(path, "1")
			c := clientFor(p, path)
			for _, bad := range sweepValues {
				form := map[string][]string{}
				for _, n := range names {
					form[n] = []string{bad.value}
				}
				code, _, body := c.post(target, form)
				sent++
				if code >= 500 {
					t.Errorf("%s with %s in every field: %d %s", p, bad.kind, code, webSnippet(body))
				}
			}
		}
		// GET forms (searches, filters): the text values in the query.
		pages := 0
		for _, p := range patterns {
			method, path, _ := strings.Cut(p, " ")
			if method != "GET" || strings.Contains(path, "{") && !strings.HasSuffix(path, "{$}") || strings.HasPrefix(path, "/static") {
				continue
			}
			path = strings.TrimSuffix(path, "{$}")
			pages++
			for _, bad := range sweepValues {
				q := url.Values{}
				for _, n := range names {
					q.Set(n, bad.value)
				}
				code, _, body := clientFor(p, path).get(path + "?" + q.Encode())
				sent++
				if code >= 500 {
					t.Errorf("GET %s with %s in the query: %d %s", path, bad.kind, code, webSnippet(body))
				}
			}
		}
		if routes < 90 {
			t.Fatalf("only %d POST routes swept", routes)
		}
		t.Logf("%d POST routes × %d values, %d GET pages × %d (%d fields each): %d requests in %v", routes, len(sweepValues), pages, len(sweepValues), len(names), sent,
			time.Since(start).Round(time.Millisecond))
		sweepStored(t, d)
	})
}

// sweepStored fails for every text column of any table that holds a
// swept value.
func sweepStored(t *testing.T, d *db.DB) {
	t.Helper()
	ctx := context.Background()
	type column struct{ table, name string }
	var cols []column
	var q string
	if d.Engine() == db.SQLite {
		q = `SELECT m.name, c.name FROM sqlite_master m JOIN pragma_table_info(m.name) c
			WHERE m.type = 'table' AND (upper(c.type) LIKE '%TEXT%' OR upper(c.type) LIKE '%CHAR%' OR c.type = '')`
	} else {
		q = `SELECT table_name, column_name FROM information_schema.columns
			WHERE table_schema = current_schema() AND data_type IN ('text', 'character varying', 'character')`
	}
	rows, err := d.Query(ctx, q)
	if err != nil {
		t.Fatal(err)
	}
	for rows.Next() {
		var c column
		if err := rows.Scan(&c.table, &c.name); err != nil {
			t.Fatal(err)
		}
		cols = append(cols, c)
	}
	rows.Close()
	if len(cols) < 50 {
		t.Fatalf("only %d text columns found", len(cols))
	}
	for _, c := range cols {
		var n int
		if err := d.QueryRow(ctx, `SELECT COUNT(*) FROM "`+c.table+`" WHERE "`+c.name+`" LIKE $1`, "%"+sweepMarker+"%").Scan(&n); err != nil {
			t.Fatalf("%s.%s: %v", c.table, c.name, err)
		}
		if n > 0 {
			t.Errorf("%s.%s holds %d swept values", c.table, c.name, n)
		}
	}
}
