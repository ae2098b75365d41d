package app_test

import (
	"context"
	"net/http"
	"net/url"
	"strings"
	"sync"
	"testing"
	"time"

	"pishkhan/internal/db"
	"pishkhan/internal/db/dbtest"
)

// TestTwoInstancesShareOnePostgreSQL is issue 11's scale-out proof: two
// `pishkhan serve` on different ports over one PostgreSQL schema.
//
//   - A session made on one instance works on the other (sessions live in
//     the database; the per-instance cache only shortens repeats).
//   - The lockout counts attempts across both: three wrong passwords from
//     one address, spread over the two, lock that address on both.
//   - A bank callback verified on one instance is not applied again by
//     the other: the callback hits both at once, many times, and the
//     wallet is credited once.
//   - Every scheduled job is enqueued once per period although both
//     instances schedule it (River elects one leader; the insert is unique
//     per period besides).
func TestTwoInstancesShareOnePostgreSQL(t *testing.T) {
	pg := dbtest.PostgresURL(t)
	dir := t.TempDir()
	// The first start seeds the demo and writes the secret key into dir;
	// the second reads the same key, as instances behind one balancer
	// share PISHKHAN_SECRET_KEY.
	a := startServe(t, dir, "--demo", "--database-url", pg)
	b := startServe(t, dir, "--database-url", pg)
	if a.base == b.base {
		t.Fatalf("both instances on %s", a.base)
	}
	ctx := context.Background()
	d, err := db.Open(ctx, pg)
	if err != nil {
		t.Fatal(err)
	}
	defer d.Close()

	// A session made on A works on B (the cookie jar ignores ports, as
	// browsers do for cookies).
	c := newPortalClient(t, a.base)
	c.get("/login")
	if code, loc, _ := c.post("/login", url.Values{"identifier": {"5678912348"}, "password": {"Kamel#Tulip-2049"}}); code != 303 || loc != "/" {
		t.Fatalf("sign-in on A: %d %s", code, loc)
	}
	if code, _, page := c.get(b.base + "/profile"); code != 200 || !strings.Contains(page, "محمدی") {
		t.Fatalf("the session from A on B: %d", code)
	}
	// A wallet top-up ordered on A, paid at the sandbox bank; the bank's
	// callback then arrives at A and B at once, ten times each.
	captcha := func(id string) string {
		s, err := captchaDigits(ctx, d, id)
		if err != nil {
			t.Fatalf("captcha: %v", err)
		}
		return s
	}
	p := c
	p.get("/wallet")
	_, orderPath, _ := p.post("/wallet/top-up", url.Values{"amount": {"750000"}})
	p.get(orderPath)
	_, bankURL, _ := p.post(orderPath+"/pay", url.Values{"gateway": {"sandbox"}})
	_, _, bank := p.get(bankURL)
	m := captchaField.FindStringSubmatch(bank)
	if m == nil {
		t.Fatalf("bank page (%s) has no captcha", bankURL)
	}
	_, callback, _ := p.post(bankURL, url.Values{"action": {"pay"}, "card": {"6037997599999993"}, "cvv2": {"123"},
		"exp_month": {"12"}, "exp_year": {"08"}, "password": {"1234"}, "captcha_id": {m[1]}, "captcha": {captcha(m[1])}})
	if !strings.Contains(callback, "/billing/callback/sandbox") {
		t.Fatalf("payment: no callback, got %q", callback)
	}
	cbA := callback
	cbB := strings.Replace(callback, a.base, b.base, 1)
	var wg sync.WaitGroup
	for i := range 20 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			u := cbA
			if i%2 == 1 {
				u = cbB
			}
			if resp, err := http.Get(u); err == nil {
				resp.Body.Close()
			}
		}()
	}
	wg.Wait()
	var entries, invoices int
	var credited int64
	if err := d.QueryRow(ctx, "SELECT COUNT(*), COALESCE(SUM(amount), 0) FROM billing_wallet_entries").Scan(&entries, &credited); err != nil {
		t.Fatal(err)
	}
	if err := d.QueryRow(ctx, "SELECT COUNT(*) FROM billing_invoices").Scan(&invoices); err != nil {
		t.Fatal(err)
	}
	if entries != 1 || credited != 750_000 || invoices != 1 {
		t.Fatalf("after 20 callbacks over two instances: %d wallet entries (%d rials), %d invoices; want 1, 750000, 1", entries, credited, invoices)
	}

	// Signing out on B ends it on A too.
	c.get(b.base + "/")
	c.post(b.base+"/logout", url.Values{})
	if code, loc, _ := c.get(a.base + "/profile"); code != 303 || !strings.HasPrefix(loc, "/login") {
		t.Fatalf("after signing out on B, A answers %d %s", code, loc)
	}

	// Lockout across instances: wrong passwords from this address on A,
	// B, A; the fourth try, on B, is refused with the lock message even
	// with the right password.
	x := newPortalClient(t, a.base)
	for i, base := range []string{a.base, b.base, a.base} {
		x.get(base + "/login")
		if code, _, _ := x.post(base+"/login", url.Values{"identifier": {"5678912348"}, "password": {"wrong-Password-1"}}); code != 401 && code != 429 {
			t.Fatalf("wrong password %d: %d", i+1, code)
		}
	}
	x.get(b.base + "/login")
	code, _, page := x.post(b.base+"/login", url.Values{"identifier": {"5678912348"}, "password": {"Kamel#Tulip-2049"}})
	if code != 429 || !strings.Contains(page, "ورود از این نشانی") {
		t.Fatalf("after 3 wrong passwords over two instances, B answers %d", code)
	}

	// Scheduled jobs: each periodic kind enqueued once, though both
	// instances schedule them on start.
	deadline := time.Now().Add(20 * time.Second)
	for _, kind := range []string{"cleanup", "card_penalties", "billing_reverify"} {
		var n int
		for {
			if err := d.QueryRow(ctx, "SELECT COUNT(*) FROM river_job WHERE kind = $1", kind).Scan(&n); err != nil {
				t.Fatal(err)
			}
			if n > 0 || time.Now().After(deadline) {
				break
			}
			time.Sleep(100 * time.Millisecond)
		}
		if n != 1 {
			t.Errorf("periodic job %s enqueued %d times by two instances, want 1", kind, n)
		}
	}
	var leaders int
	if err := d.QueryRow(ctx, "SELECT COUNT(*) FROM river_leader").Scan(&leaders); err != nil {
		t.Fatal(err)
	}
	if leaders != 1 {
		t.Errorf("%d River leaders, want 1", leaders)
	}
}
