package app_test

import (
	"context"
	"net/url"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"pishkhan/internal/db"
	"pishkhan/internal/db/dbtest"
)

// demoEngines runs fn on a fresh demo server on SQLite and, when
// switched on, PostgreSQL; fn gets the server and its database.
func demoEngines(t *testing.T, fn func(t *testing.T, s *server, d *db.DB)) {
	engines := map[string]func(dir string) string{"sqlite": func(dir string) string { return filepath.Join(dir, "p.db") }}
	if os.Getenv(dbtest.PostgresEnv) != "" {
		engines["postgres"] = func(string) string { return dbtest.PostgresURL(t) }
	}
	for name, dbURL := range engines {
		t.Run(name, func(t *testing.T) {
			dir := t.TempDir()
			u := dbURL(dir)
			s := startServe(t, dir, "--demo", "--database-url", u)
			d, err := db.Open(context.Background(), u)
			if err != nil {
				t.Fatal(err)
			}
			t.Cleanup(func() { d.Close() })
			fn(t, s, d)
		})
	}
}

// signInCardHolder signs the demo card holder in, finishing his first
// sign-in (a new password, the security questions).
func signInCardHolder(t *testing.T, base string) *portalClient {
	t.Helper()
	c := newPortalClient(t, base)
	c.get("/login")
	c.post("/login", url.Values{"identifier": {"2345678917"}, "password": {"2345678917"}})
	c.get("/password/first")
	c.post("/password/first", url.Values{"new_password": {"Sara-Rose-Garden-77"}, "repeat_password": {"Sara-Rose-Garden-77"}})
	c.get("/security-questions")
	c.post("/security-questions", url.Values{"q1": {"1"}, "a1": {"a"}, "q2": {"2"}, "a2": {"b"}, "q3": {"3"}, "a3": {"c"}})
	return c
}

// The demo card holder pays his oldest installment at the sandbox bank
// with his own card, which draws on the same credit line: the bank page
// refuses it in Persian (57), no purchase is booked and the installment
// stays due.
func TestInstallmentsRefusedWithTheirOwnCard(t *testing.T) {
	demoEngines(t, func(t *testing.T, s *server, d *db.DB) {
		ctx := context.Background()
		c := signInCardHolder(t, s.base)
		_, _, page := c.get("/cards/installments/pay")
		m := regexp.MustCompile(`name="installment" value="(\d+)" checked`).FindStringSubmatch(page)
		if m == nil {
			t.Fatalf("the demo card holder has no installment to pay: %s", webSnippet(page))
		}
		count := func(q string) int {
			t.Helper()
			var n int
			if err := d.QueryRow(ctx, q).Scan(&n); err != nil {
				t.Fatal(err)
			}
			return n
		}
		dueBefore := count("SELECT COUNT(*) FROM card_installments WHERE paid_at IS NULL")
		bankBefore := count("SELECT COUNT(*) FROM card_purchases WHERE source = 'bank'")

		code, orderPath, _ := c.post("/cards/installments/pay", url.Values{"installment": {m[1]}})
		if code != 303 || !strings.HasPrefix(orderPath, "/orders/") {
			t.Fatalf("installment order: %d %s", code, orderPath)
		}
		c.get(orderPath)
		code, bankURL, _ := c.post(orderPath+"/pay", url.Values{"gateway": {"sandbox"}})
		if code != 303 || !strings.Contains(bankURL, "/sandbox-bank/pay/") {
			t.Fatalf("to the bank: %d %s", code, bankURL)
		}
		_, _, bank := c.get(bankURL)
		pay := func(page, password string) (int, string) {
			t.Helper()
			cm := captchaField.FindStringSubmatch(page)
			if cm == nil {
				t.Fatal("bank page has no captcha")
			}
			answer, err := captchaDigits(ctx, d, cm[1])
			if err != nil {
				t.Fatal(err)
			}
			code, _, body := c.post(bankURL, url.Values{"action": {"pay"}, "card": {"6200620000000000"}, "cvv2": {"123"},
				"exp_month": {"12"}, "exp_year": {"10"}, "password": {password}, "captcha_id": {cm[1]}, "captcha": {answer}})
			return code, body
		}
		refused := func(code int, body, how string) {
			t.Helper()
			if code != 422 || !strings.Contains(body, "اقساط یک حساب اعتباری را نمی‌توان با کارتی پرداخت کرد که از همان اعتبار برداشت می‌کند") ||
				!strings.Contains(body, "(کد ۵۷)") {
				t.Fatalf("paying installments with their own card (%s): %d %s", how, code, regexp.MustCompile(`(?s)role="alert".{0,200}`).FindString(body))
			}
		}
		// The static second password, and a dynamic one sent by SMS
		// (SMS codes are on for the demo card): both refused.
		code, body := pay(bank, "4321")
		refused(code, body, "static password")
		c.post(bankURL, url.Values{"action": {"dynamic"}, "card": {"6200620000000000"}})
		var sms string
		if err := d.QueryRow(ctx, `SELECT body FROM sms_outbox WHERE mobile = $1 ORDER BY id DESC LIMIT 1`, "09121110001").Scan(&sms); err != nil {
			t.Fatal(err)
		}
		dynamic := regexp.MustCompile(`\d{6}`).FindString(sms)
		_, _, bank = c.get(bankURL)
		code, body = pay(bank, dynamic)
		refused(code, body, "dynamic password "+dynamic)
		if n := count("SELECT COUNT(*) FROM card_purchases WHERE source = 'bank'"); n != bankBefore {
			t.Fatalf("%d bank purchases, was %d", n, bankBefore)
		}
		if n := count("SELECT COUNT(*) FROM card_installments WHERE paid_at IS NULL"); n != dueBefore {
			t.Fatalf("%d installments due, was %d", n, dueBefore)
		}
	})
}
