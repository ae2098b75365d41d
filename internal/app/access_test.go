package app_test

import (
	"context"
	"net/url"
	"path/filepath"
	"regexp"
	"sort"
	"strconv"
	"strings"
	"testing"

	"pishkhan/internal/app"
	"pishkhan/internal/db"
)

// Access control over every route the server answers (issue 11). The
// routes come from `pishkhan routes`, so a new page is tried without
// anyone remembering to add it, and a new back-office page must be given
// its roles in staffAccess below or this test fails.

// publicRoutes answer without a session: sign-in and recovery, the
// captcha, health and metrics, the bank's callback and page (the bank
// proves itself), the issuer API (its own key).
var publicRoutes = map[string]bool{
	"GET /healthz": true, "GET /metrics": true, "GET /{$}": true, "GET /captcha/": true,
	"GET /login": true, "POST /login": true, "POST /logout": true,
	"GET /password/forgot": true, "POST /password/forgot": true,
	"GET /staff/login": true, "POST /staff/login": true, "POST /staff/logout": true,
	"GET /billing/callback/{gateway}": true, "POST /billing/callback/{gateway}": true,
	"GET /sandbox-bank/pay/{token}": true, "POST /sandbox-bank/pay/{token}": true,
	"POST /api/issuer/purchases": true,
	// The identity provider's protocol endpoints and its sign-in pages
	// (bound to the sign-in in progress, not to a portal session), and
	// registration, which is for visitors.
	"/idp/": true, "GET /idp/authorize": true, "POST /idp/authorize": true, "GET /idp/signin/{id}": true,
	"GET /idp/login/{id}": true, "POST /idp/login/{id}/mobile": true, "POST /idp/login/{id}/captcha": true,
	"POST /idp/login/{id}/verify": true, "POST /idp/login/{id}/resend": true,
	"GET /idp/consent/{id}": true, "POST /idp/consent/{id}": true, "POST /idp/signout": true,
	"GET /idp/.well-known/openid-configuration": true, "/idp/device_authorization": true, "GET /idp/authorize/callback": true,
	"GET /idp/end_session": true, "POST /idp/end_session": true, "POST /idp/end_session/confirm": true,
	"GET /register": true, "POST /register": true, "GET /register/sso": true, "GET /register/callback": true,
	"GET /register/confirm": true, "POST /register/confirm": true, "POST /register/resend": true,
	// The brand's files and the help pages are for everyone (issue 19).
	"GET /brand.css": true, "GET /brand/logo": true, "GET /brand/favicon": true, "GET /help": true, "GET /help/{area}/{slug}": true,
}

// stageRoutes finish a sign-in step; a full session is sent home from them.
var stageRoutes = regexp.MustCompile(`^(GET|POST) /(staff/)?(password/first|security-questions|two-factor.*)$`)

// staffAccess: the roles that may use each back-office path (an exact
// route pattern first, else the longest path prefix; admins may use
// everything). Every other role must get 403.
var staffAccess = map[string][]string{
	"/staff":                       {"support", "finance", "welfare_manager", "sales_agent"},
	"/staff/password":              {"support", "finance", "welfare_manager", "sales_agent"},
	"/staff/customers":             {"support"},
	"/staff/unlock-address":        {"support"},
	"/staff/sms":                   {"support"},
	"/staff/audit":                 {},
	"/staff/locks":                 {}, // issue 17: admins only
	"/staff/orders":                {"finance"},
	"/staff/invoices":              {"finance"},
	"/staff/support":               {"support"}, // the demo support member's department desk
	"/staff/support/departments":   {},
	"/staff/support/targets":       {},
	"/staff/support/announcements": {"support"},
	"/staff/support/surveys":       {"support"},
	"/staff/cards":                 {"support", "finance"},
	"/staff/otp":                   {"support"},
	"/staff/otp/staff":             {},
	"/staff/idp":                   {},
	// Welfare (issue 9).
	"/staff/welfare":                     {"finance"},
	"/staff/welfare/applications":        {"finance"},
	"/staff/welfare/employees":           {"welfare_manager", "finance"},
	"/staff/welfare/regions":             {},
	"/staff/welfare/merchants":           {"welfare_manager"},
	"POST /staff/welfare/merchants/{id}": {}, // the contract: admin only
	"/staff/welfare/sales":               {"sales_agent"},
	"/staff/welfare/payroll":             {"support", "finance"},
	"/staff/welfare/payroll/settlement":  {"support"},
	"/staff/welfare/payroll/unmatched":   {"finance"}, // issue 16: resolved by finance
	"/staff/welfare/mobile":              {"support"},
	// ISP (issue 10).
	"/staff/isp":             {"sales_agent"},
	"/staff/isp/plans":       {},
	"/staff/isp/campaigns":   {},
	"/staff/isp/free-charge": {},
	// The brand and the help texts (issue 19): admins only.
	"/staff/settings": {},
	"/staff/help":     {},
}

func allowedRoles(pattern, path string) ([]string, bool) {
	if roles, ok := staffAccess[pattern]; ok {
		return roles, true
	}
	best := ""
	for prefix := range staffAccess {
		// "/staff" is the back office's home only, not a prefix of every
		// desk: a new desk must be declared.
		under := prefix != "/staff" && strings.HasPrefix(path, prefix+"/")
		if (path == prefix || under) && len(prefix) > len(best) {
			best = prefix
		}
	}
	roles, ok := staffAccess[best]
	return roles, ok && best != ""
}

// fill puts v into every {param} of a pattern's path.
func fill(path, v string) string {
	return regexp.MustCompile(`\{[^}]+\}`).ReplaceAllString(strings.TrimSuffix(path, "{$}"), v)
}

// try requests a route as c: GET, or POST with c's CSRF token (from a
// page c opened), so that a refusal is the guard's, not the CSRF check's.
func try(c *portalClient, method, path string) (int, string) {

	if method == "GET" {
		code, loc, _ := c.get(path)
		return code, loc
	}
	code, loc, _ := c.post(path, url.Values{"reason": {"x"}, "confirm": {"1"}, "on": {"0"}, "body": {"x"}, "decision": {"approve"}})
	return code, loc
}

func TestAccessControlOnEveryRoute(t *testing.T) {
	dir := t.TempDir()
	var out, errOut lockedBuffer
	if code := app.Run(context.Background(), []string{"routes", "--data-dir", dir, "--database-url", filepath.Join(dir, "p.db")},
		envOf(map[string]string{}), &out, &errOut); code != 0 {
		t.Fatalf("pishkhan routes: %d %s", code, errOut.String())
	}
	patterns := strings.Split(strings.TrimSpace(out.String()), "\n")
	if len(patterns) < 100 {
		t.Fatalf("only %d routes listed", len(patterns))
	}
	s := startServe(t, dir, "--demo")
	ctx := context.Background()
	d, err := db.Open(ctx, filepath.Join(dir, "p.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer d.Close()

	// Anonymous: nothing but the public routes answers 2xx.
	anon := newPortalClient(t, s.base)
	anon.get("/login") // a CSRF token for the posts
	for _, p := range patterns {
		method, path := splitPattern(p)
		if publicRoutes[p] || strings.HasPrefix(path, "/static/") {
			continue
		}
		code, loc := try(anon, method, fill(path, "1"))
		if code < 300 || code >= 500 {
			t.Errorf("anonymous %s: %d %s, want a refusal or the sign-in page", p, code, loc)
		}
	}

	// Staff: every back-office route, with each role that must not use it.
	staff := map[string]*portalClient{}
	for user, role := range map[string]string{"support": "support", "finance": "finance", "welfare": "welfare_manager", "sales": "sales_agent"} {
		c := newPortalClient(t, s.base)
		staffSignInHTTP(t, c, user, "Pishkhan-Staff@1405")
		staff[role] = c
	}
	roles := []string{"support", "finance", "welfare_manager", "sales_agent"}
	sort.Strings(roles)
	for _, p := range patterns {
		method, path := splitPattern(p)
		if !strings.HasPrefix(path, "/staff") || publicRoutes[p] || stageRoutes.MatchString(p) {
			continue
		}
		allowed, ok := allowedRoles(p, path)
		if !ok {
			t.Errorf("%s: no roles declared in staffAccess; add its back-office path", p)
			continue
		}
		for _, role := range roles {
			if contains(allowed, role) {
				continue
			}
			c := staff[role]
			c.get("/staff") // a fresh CSRF token
			if code, loc := try(c, method, fill(path, "1")); code != 403 {
				t.Errorf("%s as %s: %d %s, want 403", p, role, code, loc)
			}
		}
	}

	// Customers: every portal route with an ID, tried by another customer
	// with the card holder's IDs.
	holder := newPortalClient(t, s.base)
	holder.get("/login")
	holder.post("/login", url.Values{"identifier": {"2345678917"}, "password": {"2345678917"}})
	holder.get("/password/first")
	holder.post("/password/first", url.Values{"new_password": {"Sara-Rose-Garden-77"}, "repeat_password": {"Sara-Rose-Garden-77"}})
	holder.get("/security-questions")
	holder.post("/security-questions", url.Values{"q1": {"1"}, "a1": {"a"}, "q2": {"2"}, "a2": {"b"}, "q3": {"3"}, "a3": {"c"}})
	holder.get("/wallet")
	_, orderPath, _ := holder.post("/wallet/top-up", url.Values{"amount": {"100000"}})
	tracking := strings.TrimPrefix(orderPath, "/orders/")
	holder.get("/support/new")
	var dept string
	if err := d.QueryRow(ctx, "SELECT CAST(MIN(id) AS TEXT) FROM support_departments").Scan(&dept); err != nil {
		t.Fatal(err)
	}
	_, ticketPath, _ := holder.post("/support/new", url.Values{"department": {dept}, "service": {"عمومی"}, "priority": {"medium"},
		"title": {"پرسش"}, "body": {"متن پرسش"}})
	ticket := strings.TrimPrefix(ticketPath, "/support/tickets/")
	var cardID int64
	if err := d.QueryRow(ctx, "SELECT c.id FROM cards c JOIN customers p ON p.id = c.customer_id WHERE p.national_code = $1", "2345678917").Scan(&cardID); err != nil {
		t.Fatal(err)
	}
	var invoice string
	_ = d.QueryRow(ctx, `SELECT CAST(i.number AS TEXT) FROM billing_invoices i JOIN customers p ON p.id = i.customer_id
		WHERE p.national_code = $1 ORDER BY i.id LIMIT 1`, "2345678917").Scan(&invoice)
	// A welfare application naming the demo guarantor: only he decides it.
	applicant := newPortalClient(t, s.base)
	applicant.get("/login")
	applicant.post("/login", url.Values{"identifier": {"6123456784"}, "password": {"Kamel#Tulip-2049"}})
	applicant.get("/welfare")
	applicant.post("/welfare/apply", url.Values{"installments": {"12"}, "guarantor": {"6234567894"}})
	var application string
	if err := d.QueryRow(ctx, "SELECT CAST(MAX(id) AS TEXT) FROM welfare_applications WHERE status = 'guarantor_pending'").Scan(&application); err != nil || application == "" {
		t.Fatalf("the demo applicant's application was not made: %v", err)
	}
	ids := map[string]string{
		"/cards/":              strconv.FormatInt(cardID, 10),
		"/orders/":             tracking,
		"/support/tickets/":    ticket,
		"/invoices/":           invoice,
		"/welfare/guarantees/": application,
	}
	if tracking == "" || ticket == "" || !regexp.MustCompile(`^\d+$`).MatchString(ticket) {
		t.Fatalf("the card holder's order %q or ticket %q was not made", orderPath, ticketPath)
	}

	other := newPortalClient(t, s.base)
	other.get("/login")
	other.post("/login", url.Values{"identifier": {"5678912348"}, "password": {"Kamel#Tulip-2049"}})
	tried := 0
	for _, p := range patterns {
		method, path := splitPattern(p)
		if strings.HasPrefix(path, "/staff") || publicRoutes[p] || !strings.Contains(path, "{") {
			continue
		}
		id := ""
		for prefix, v := range ids {
			if strings.HasPrefix(path, prefix) || strings.HasPrefix(path, "/cards/second-password/") && prefix == "/cards/" {
				id = v
			}
		}
		if id == "" {
			continue // surveys and attachments: not one customer's
		}
		other.get("/")
		code, loc := try(other, method, fill(path, id))
		tried++
		if code != 404 && code != 403 {
			t.Errorf("another customer: %s with the holder's %s: %d %s, want 404", p, id, code, loc)
		}
	}
	if tried < 12 {
		t.Fatalf("only %d customer routes tried with another customer's IDs", tried)
	}
	// Nothing the other customer posted changed the holder's card.
	var status string
	if err := d.QueryRow(ctx, "SELECT status FROM cards WHERE id = $1", cardID).Scan(&status); err != nil || status != "active" {
		t.Fatalf("the holder's card is %q after another customer's tries (%v)", status, err)
	}
	if err := d.QueryRow(ctx, "SELECT status FROM welfare_applications WHERE id = $1", application).Scan(&status); err != nil || status != "guarantor_pending" {
		t.Fatalf("the application is %q after another customer's decision (%v)", status, err)
	}
}

// splitPattern splits "GET /path" into method and path; a pattern
// without a method answers every method, and is tried with GET.
func splitPattern(p string) (string, string) {
	method, path, ok := strings.Cut(p, " ")
	if !ok {
		return "GET", p
	}
	return method, path
}

func contains(list []string, s string) bool {
	for _, v := range list {
		if v == s {
			return true
		}
	}
	return false
}
